/** Address text conversions (ABI.md §4, §10): Base58Check with version 0x1C. Pure computation. */
import { addressFromBase58, addressToBase58 } from '../../../../pkg/encoding.js';
import { isWesError } from '../../../../pkg/errors.js';
import { ADDRESS_LENGTH } from '../../../../pkg/types.js';
import { readAddress, readBytes, writeBytes } from './guest-io.js';
import { orValue } from './host-result.js';
import { MAX_ADDRESS_TEXT_BYTES } from './limits.js';
import { type EnvFunction, type HostBinding, envFunction } from './declare.js';

export const ADDRESS_FUNCTIONS: readonly EnvFunction[] = [  /** -> text length, or 0 when it does not fit `max`. */
  envFunction({
    name: 'address_bytes_to_base58',
    signatures: ['iii->i'],
    gas: { base: 300 },
    impl: (b: HostBinding, addr: number, out: number, max: number): number =>
      orValue(0, () => {
        const text = new TextEncoder().encode(addressToBase58(readAddress(b, addr, 'address_bytes_to_base58')));
        if (text.length > max >>> 0) return 0;
        writeBytes(b, out, text, 'address_bytes_to_base58');
        return text.length;
      }),
  }),

  /** -> 1 and 20 bytes written, or 0 for anything that is not a WES address. */
  envFunction({
    name: 'address_base58_to_bytes',
    signatures: ['iii->i'],
    gas: { base: 300 },
    impl: (b: HostBinding, str: number, len: number, out: number): number =>
      orValue(0, () => {
        const text = readBytes(b, str, len, MAX_ADDRESS_TEXT_BYTES, 'address_base58_to_bytes');
        let addr: Uint8Array;
        try {
          addr = addressFromBase58(new TextDecoder().decode(text));
        } catch (e) {
          if (isWesError(e)) return 0;
          throw e;
        }
        if (addr.length !== ADDRESS_LENGTH) return 0;
        writeBytes(b, out, addr, 'address_base58_to_bytes');
        return 1;
      }),
  }),
];
