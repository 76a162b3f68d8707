/** Content-addressed resources (ABI.md §4, "as WES"): protobuf / proto3-JSON lookups and existence. */
import { utf8Encode } from '../../../../pkg/encoding.js';
import type { ResourceRecord } from '../../../../pkg/ports.js';
import { HostErrorCode } from '../../../../pkg/types.js';
import { readTxId, writeBytes } from './guest-io.js';
import { fail, orCode, orValue } from './host-result.js';
import { type EnvFunction, type HostBinding, type HostFn, envFunction } from './declare.js';

/** Per character of resource JSON encoded to UTF-8 for the contract (bench/calibration). */
const JSON_CHAR_GAS = 16;

function find(b: HostBinding, ptr: number, len: number, what: string): ResourceRecord | undefined {
  return b.call().context.chain.resources.get(readTxId(b, ptr, len, what));
}

/** (hash, 32, out, cap) -> length, or 2003 / 1005 / 1011. */
/** `encodeGas` per character of the JSON text is paid before encoding it (0 for the stored protobuf). */
function lookup(pick: (r: ResourceRecord) => Uint8Array, what: string, encodeGas = 0): HostFn {
  return (b: HostBinding, ptr: number, len: number, out: number, cap: number): number =>
    orCode(() => {
      const r = find(b, ptr, len, what);
      if (r === undefined) fail(HostErrorCode.ResourceNotFound, `${what}: no such resource`);
      b.gas.charge(encodeGas * r.json.length, what);
      const bytes = pick(r);
      if (bytes.length > cap >>> 0) fail(HostErrorCode.BufferTooSmall, `${what}: needs ${bytes.length} bytes`);
      writeBytes(b, out, bytes, what);
      return bytes.length;
    });
}

export const RESOURCE_FUNCTIONS: readonly EnvFunction[] = [
  envFunction({
    name: 'resource_lookup',
    signatures: ['iiii->i'],
    gas: { base: 28_000 },
    impl: lookup((r) => r.encoded, 'resource_lookup'),
  }),
  envFunction({
    name: 'resource_lookup_json',
    signatures: ['iiii->i'],
    gas: { base: 50_000, perByte: JSON_CHAR_GAS },
    impl: lookup((r) => utf8Encode(r.json), 'resource_lookup_json', JSON_CHAR_GAS),
  }),
  envFunction({
    name: 'resource_exists',
    signatures: ['ii->i'],
    gas: { base: 30_000 },
    impl: (b: HostBinding, ptr: number, len: number): number => orValue(0, () => (find(b, ptr, len, 'resource_exists') === undefined ? 0 : 1)),
  }),
];
