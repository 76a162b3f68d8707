/**
 * Signature verification throughput of the two secp256k1 backends (internal/core/tx/sigverify.ts),
 * on realistic inputs: sighash preimages of ~300 bytes signed by 32 distinct keys.
 * "node:crypto (cold key)" parses the public key on every call, i.e. the cost when the key cache misses.
 */
import { verify as cryptoVerify } from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { generateKeyPair, signMessage } from '../internal/core/tx/signing.js';
import { isStrictSignatureShape, nativeVerifier, nobleVerifier, nodePublicKey, nodeVerifier, type SignatureVerifier } from '../internal/core/tx/sigverify.js';

interface Vector {
  readonly signature: Uint8Array;
  readonly message: Uint8Array;
  readonly publicKey: Uint8Array;
}

function vectors(count: number): Vector[] {
  return Array.from({ length: count }, () => {
    const key = generateKeyPair();
    const message = randomBytes(300);
    return { signature: signMessage(message, key.privateKey), message, publicKey: key.publicKey };
  });
}

const coldNode: SignatureVerifier = {
  name: 'node:crypto (cold key)',
  verify(signature, message, publicKey) {
    if (!isStrictSignatureShape(signature, publicKey)) return false;
    return cryptoVerify('sha256', message, { key: nodePublicKey(publicKey), dsaEncoding: 'ieee-p1363' }, signature);
  },
};

/** Best of `rounds` timed runs of at least `minMs` each. */
function measure(verifier: SignatureVerifier, set: readonly Vector[], minMs = 400, rounds = 3): number {
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    let ops = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      for (const v of set) {
        if (!verifier.verify(v.signature, v.message, v.publicKey)) throw new Error(`${verifier.name} rejected a valid signature`);
      }
      ops += set.length;
      elapsed = performance.now() - start;
    } while (elapsed < minMs);
    best = Math.max(best, (ops * 1000) / elapsed);
  }
  return Math.round(best);
}

export async function benchSignatureVerify(): Promise<{ name: string; opsPerSec: number }[]> {
  const set = vectors(32);
  const backends = [nobleVerifier, nodeVerifier, coldNode, ...(nativeVerifier ? [nativeVerifier] : [])];
  return backends.map((v) => ({ name: `secp256k1 verify: ${v.name}`, opsPerSec: measure(v, set) }));
}
