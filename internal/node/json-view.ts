/**
 * Renders model values as JSON: bytes as hex, bigints as decimal strings, 20-byte address fields
 * also as Base58Check. One rule for every reply, so clients never guess an encoding.
 */
import { addressToBase58, toHex, tryUtf8 } from '../../pkg/encoding.js';
import type { EventView } from '../api/node-service.js';

const ADDRESS_FIELDS = new Set(['owner', 'contract', 'caller', 'addressHash', 'originalOwner', 'miner', 'address']);

export function toJsonValue(value: unknown, key = ''): unknown {
  if (value instanceof Uint8Array) {
    return ADDRESS_FIELDS.has(key) && value.length === 20 ? addressToBase58(value) : toHex(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map((v) => toJsonValue(v, key));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'function' || v === undefined) continue;
      out[k] = toJsonValue(v, k);
    }
    return out;
  }
  return value;
}

export function jsonObject(value: object): Record<string, unknown> {
  return toJsonValue(value) as Record<string, unknown>;
}

export function eventView(e: { contract: Uint8Array; index: number; data: Uint8Array }, extra: { height?: bigint; txId?: Uint8Array } = {}): EventView {
  return {
    contract: addressToBase58(e.contract),
    index: e.index,
    text: tryUtf8(e.data),
    data: toHex(e.data),
    ...(extra.height !== undefined && { height: extra.height.toString() }),
    ...(extra.txId !== undefined && { txId: toHex(extra.txId) }),
  };
}

/** UTF-8 text when every character is printable (token class ids like "GLD", chain ids), else undefined. */
export function printableText(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return undefined;
  const t = tryUtf8(bytes);
  // eslint-disable-next-line no-control-regex
  return t !== undefined && !/[\u0000-\u001f\u007f]/.test(t) ? t : undefined;
}
