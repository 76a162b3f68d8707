/** Byte-level edits of test modules (attacks a WAT compiler refuses to write). */

/** Replaces the one occurrence of `from` in `bytes` with `to` (same length); throws unless exactly one. */
export function patchOnce(bytes: Uint8Array, from: readonly number[], to: readonly number[]): Uint8Array {
  if (from.length !== to.length) throw new Error('patch must keep the length');
  const hits: number[] = [];
  for (let i = 0; i + from.length <= bytes.length; i++) {
    if (from.every((b, k) => bytes[i + k] === b)) hits.push(i);
  }
  if (hits.length !== 1) throw new Error(`pattern found ${hits.length} times, expected once`);
  const out = bytes.slice();
  out.set(to, hits[0]!);
  return out;
}
