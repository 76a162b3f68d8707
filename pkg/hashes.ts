/**
 * SHA-256 and HASH160 for the hot paths (transaction ids, signature hashes, merkle and state
 * roots, addresses), through node:crypto's one-shot `hash` (OpenSSL): about 3× @noble/hashes for
 * the ~200-byte messages a transfer hashes (bench: 0.8–1.2 µs against 2.7–2.9 µs). The digests
 * are the same function, so nothing a block commits to changes; @noble stays the fallback where
 * the one-shot API or RIPEMD-160 is missing, and the outside vectors test both (test/pkg/hashes.test.ts).
 */
import { hash } from 'node:crypto';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { ripemd160 as nobleRipemd160 } from '@noble/hashes/legacy.js';

type Digest = (data: Uint8Array) => Uint8Array;

/**
 * A plain Uint8Array copy of the digest: a small Buffer may be a window into a shared 8 KiB slab,
 * which a long-lived digest (a txId in the UTXO index) would keep alive, and whose `.buffer`
 * starts elsewhere. Copying 32 bytes costs a few nanoseconds.
 */
function oneShot(algorithm: string): Digest | null {
  if (typeof hash !== 'function') return null;
  const f: Digest = (data) => {
    return new Uint8Array(hash(algorithm, data, 'buffer') as Buffer);
  };
  try {
    f(new Uint8Array(0)); // OpenSSL 3 may lack RIPEMD-160 (legacy provider): probe once
    return f;
  } catch {
    return null;
  }
}

const nativeSha256 = oneShot('sha256');
const nativeRipemd160 = oneShot('ripemd160');

export const sha256: Digest = nativeSha256 ?? ((data) => nobleSha256(data));
export const ripemd160: Digest = nativeRipemd160 ?? ((data) => nobleRipemd160(data));

/** Which implementation each digest uses here (for the bench and the vector test). */
export const hashBackends = {
  sha256: nativeSha256 ? 'node:crypto' : 'noble',
  ripemd160: nativeRipemd160 ? 'node:crypto' : 'noble',
} as const;
