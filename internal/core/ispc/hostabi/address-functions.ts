/** Address text conversions (ABI.md §4, §10): Base58Check with version 0x1C. Pure computation. */
import { MAX_ADDRESS_TEXT_LENGTH, addressToBase58, tryAddressFromBase58, utf8Encode } from '../../../../pkg/encoding.js';
import { readAddress, readBytes, writeBytes } from './guest-io.js';
import { orValue } from './host-result.js';
import { type EnvFunction, type HostBinding, envFunction } from './declare.js';

/** Longest text address_base58_to_bytes reads; anything over 35 characters is not an address, so it is not decoded. */
const MAX_ADDRESS_TEXT_BYTES = 128;
/** Per character decoded (a 25-byte multiply-add each) plus the checksum, paid before decoding (bench/calibration). */
const DECODE_CHAR_GAS = 3_700;

export const ADDRESS_FUNCTIONS: readonly EnvFunction[] = [
  /** -> text length, or 0 when it does not fit `max`. Fixed work: one 25-byte encoding and its checksum. */
  envFunction({
    name: 'address_bytes_to_base58',
    signatures: ['iii->i'],
    gas: { base: 110_000 },
    impl: (b: HostBinding, addr: number, out: number, max: number): number =>
      orValue(0, () => {
        const text = utf8Encode(addressToBase58(readAddress(b, addr, 'address_bytes_to_base58')));
        if (text.length > max >>> 0) return 0;
        writeBytes(b, out, text, 'address_bytes_to_base58');
        return text.length;
      }),
  }),

  /**
   * -> 1 and 20 bytes written, or 0 for anything that is not a WES address. Fixed work: at most
   * 35 characters are decoded (longer text fails before decoding, paying only the base), then
   * one checksum; failing costs what succeeding costs (no exception on the failure path).
   */
  envFunction({
    name: 'address_base58_to_bytes',
    signatures: ['iii->i'],
    gas: { base: 25_000, perByte: DECODE_CHAR_GAS },
    limits: { textBytes: MAX_ADDRESS_TEXT_BYTES, decodedChars: MAX_ADDRESS_TEXT_LENGTH },
    impl: (b: HostBinding, str: number, len: number, out: number): number =>
      orValue(0, () => {
        const text = readBytes(b, str, len, MAX_ADDRESS_TEXT_BYTES, 'address_base58_to_bytes');
        if (text.length > MAX_ADDRESS_TEXT_LENGTH) return 0;
        b.gas.charge(text.length * DECODE_CHAR_GAS, 'address_base58_to_bytes');
        // Bytes >= 0x80 become characters outside the Base58 alphabet: rejected like any other.
        const addr = tryAddressFromBase58(String.fromCharCode(...text));
        if (addr === undefined) return 0;
        writeBytes(b, out, addr, 'address_base58_to_bytes');
        return 1;
      }),
  }),
];
