/** The code of the TxError `fn` throws; fails the test if it throws anything else or nothing. */
import { expect } from 'vitest';
import { TxError } from '../../pkg/errors.js';

export function txErrorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TxError);
    return (e as TxError).code;
  }
  throw new Error('expected a TxError');
}
