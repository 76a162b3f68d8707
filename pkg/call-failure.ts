/**
 * How a failed contract call is described to a person: the status name, and the contract's own
 * message when it returned one (SDK `fail(status, message)` sets the return data to it).
 * One wording for the CLI, the API's errors and the test harness.
 */
import { tryUtf8 } from './encoding.js';

/** Longest message shown; return data is bounded by the engine, but a line should stay a line. */
const MAX_MESSAGE = 300;

/** The contract's message: its return data when that is printable text, else undefined. */
export function contractMessage(returnData: Uint8Array): string | undefined {
  if (returnData.length === 0) return undefined;
  const t = tryUtf8(returnData);
  // eslint-disable-next-line no-control-regex
  if (t === undefined || /[\u0000-\u0008\u000b-\u001f\u007f]/.test(t)) return undefined;
  return t.length > MAX_MESSAGE ? `${t.slice(0, MAX_MESSAGE)}…` : t;
}

/** "INVALID_PARAMS: amount must be > 0", "TRAPPED: out of gas", or just the status name. */
export function describeCallFailure(r: { readonly statusName: string; readonly returnData: Uint8Array; readonly error?: { readonly message: string } | undefined }): string {
  const why = r.error?.message ?? contractMessage(r.returnData);
  return why === undefined ? r.statusName : `${r.statusName}: ${why}`;
}
