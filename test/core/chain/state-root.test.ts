/**
 * The state root's change encoding (block-hash.ts stateRootAfter) is consensus: it must stay the
 * byte string it has always been. The reference below is the original number[] formulation.
 */
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../../pkg/hashes.js';
import { toHex } from '../../../pkg/encoding.js';
import { stateRootAfter } from '../../../internal/core/chain/block-hash.js';

type Change = { contract: Uint8Array; write: { key: Uint8Array; value: Uint8Array | undefined; version: bigint } };

function reference(previous: Uint8Array, changes: readonly Change[]): string {
  const parts: number[] = [];
  const u32 = (n: number): void => void parts.push((n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
  for (const { contract, write } of changes) {
    parts.push(...contract);
    u32(write.key.length);
    parts.push(...write.key);
    for (let s = 56n; s >= 0n; s -= 8n) parts.push(Number((write.version >> s) & 255n));
    if (write.value === undefined) parts.push(0);
    else {
      parts.push(1);
      u32(write.value.length);
      for (const b of write.value) parts.push(b);
    }
  }
  const m = new Uint8Array(64);
  m.set(previous, 0);
  m.set(sha256(Uint8Array.from(parts)), 32);
  return toHex(sha256(m));
}

describe('state root encoding', () => {
  it('is byte-identical to the original encoding for deletions, empty and large values, and extreme versions', () => {
    const bytes = (n: number, seed: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
    const previous = bytes(32, 5);
    const changes: Change[] = [
      { contract: bytes(20, 1), write: { key: bytes(0, 0), value: bytes(0, 0), version: 0n } },
      { contract: bytes(20, 2), write: { key: bytes(7, 3), value: undefined, version: 1n } },
      { contract: bytes(20, 3), write: { key: bytes(300, 4), value: bytes(70_000, 9), version: (1n << 64n) - 1n } },
      { contract: bytes(20, 4), write: { key: bytes(1, 4), value: bytes(5, 1), version: 1234567890123n } },
    ];
    expect(toHex(stateRootAfter(previous, []))).toBe(reference(previous, []));
    for (let n = 1; n <= changes.length; n++) expect(toHex(stateRootAfter(previous, changes.slice(0, n)))).toBe(reference(previous, changes.slice(0, n)));
  });
});
