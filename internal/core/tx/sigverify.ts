/**
 * secp256k1 ECDSA verification of "a signature over SHA-256(message)", with three interchangeable
 * backends: libsecp256k1 (native binding), @noble/curves (pure JS) and node:crypto (OpenSSL). All
 * apply the same strict rules
 * first: 64-byte compact r‖s with 1 ≤ r < n and 1 ≤ s ≤ n/2 (low-S, so a signature cannot be
 * malleated into a second valid one), and a 33-byte compressed public key. OpenSSL alone would
 * accept high-S, which is why the rules are checked here and not left to the backend.
 *
 * The hot path uses `verifySignature`, bound to the fastest backend that loads, as measured by
 * bench/sigverify.ts: libsecp256k1 ≈ 4× node:crypto ≈ 16× noble on this machine class;
 * node:crypto where the native binding does not load.
 */
import { createPublicKey, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '../../../pkg/hashes.js';
import { nativeSecp256k1, type NativeSecp256k1 } from './native-secp256k1.js';
import { VerifiedSignatures, verifiedSignatures } from './verified-signatures.js';

export interface SignatureVerifier {
  readonly name: string;
  /** True iff `signature` is a valid low-S signature by `publicKey` over SHA-256(`message`). */
  verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean;
}

const N = secp256k1.Point.CURVE().n;
const HALF_N = N >> 1n;

/** A 256-bit bound as 32 big-endian bytes: the shape rules compare bytes (a BigInt per scalar cost ~3 µs). */
function bound(v: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}
const N_BYTES = bound(N);
const HALF_N_BYTES = bound(HALF_N);

/** Compares the 32-byte big-endian scalar at `offset` with `limit`: <0, 0, >0. */
function compareScalar(bytes: Uint8Array, offset: number, limit: Uint8Array): number {
  for (let i = 0; i < 32; i++) {
    const d = bytes[offset + i]! - limit[i]!;
    if (d !== 0) return d;
  }
  return 0;
}

function isZeroScalar(bytes: Uint8Array, offset: number): boolean {
  for (let i = offset; i < offset + 32; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** The shape rules both backends enforce before any curve arithmetic. */
export function isStrictSignatureShape(signature: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 33) return false;
  if (publicKey[0] !== 0x02 && publicKey[0] !== 0x03) return false;
  // 1 ≤ r < n and 1 ≤ s ≤ n/2
  return !isZeroScalar(signature, 0) && compareScalar(signature, 0, N_BYTES) < 0 && !isZeroScalar(signature, 32) && compareScalar(signature, 32, HALF_N_BYTES) <= 0;
}

export const nobleVerifier: SignatureVerifier = {
  name: 'noble',
  verify(signature, message, publicKey) {
    if (!isStrictSignatureShape(signature, publicKey)) return false;
    try {
      return secp256k1.verify(signature, sha256(message), publicKey, { prehash: false, lowS: true, format: 'compact' });
    } catch {
      return false; // not a point on the curve
    }
  },
};

/** DER SubjectPublicKeyInfo prefix for an id-ecPublicKey / secp256k1 key with a 33-byte compressed point. */
const SPKI_PREFIX = Uint8Array.from([
  0x30, 0x36, 0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a, 0x03,
  0x22, 0x00,
]);

/** Parsed keys, bounded: verifying many inputs of one owner should not re-parse the key each time. */
const keyCache = new Map<string, KeyObject>();
const KEY_CACHE_LIMIT = 4096;

/** An OpenSSL key object for a 33-byte compressed key (OpenSSL decompresses the point itself). */
export function nodePublicKey(publicKey: Uint8Array): KeyObject {
  const der = Buffer.alloc(SPKI_PREFIX.length + 33);
  der.set(SPKI_PREFIX, 0);
  der.set(publicKey, SPKI_PREFIX.length);
  return createPublicKey({ key: der, format: 'der', type: 'spki' });
}

function nodeKey(publicKey: Uint8Array): KeyObject {
  const id = Buffer.from(publicKey).toString('hex');
  let key = keyCache.get(id);
  if (!key) {
    key = nodePublicKey(publicKey);
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.delete(keyCache.keys().next().value as string);
    keyCache.set(id, key);
  }
  return key;
}

export const nodeVerifier: SignatureVerifier = {
  name: 'node:crypto',
  verify(signature, message, publicKey) {
    if (!isStrictSignatureShape(signature, publicKey)) return false;
    try {
      return cryptoVerify('sha256', message, { key: nodeKey(publicKey), dsaEncoding: 'ieee-p1363' }, signature);
    } catch {
      return false; // OpenSSL rejected the point
    }
  },
};

function libsecp256k1Verifier(lib: NativeSecp256k1): SignatureVerifier {
  return { name: 'libsecp256k1', verify: (signature, message, publicKey) => verifyNativeDigest(lib, signature, sha256(message), publicKey) };
}

/** libsecp256k1 through the native binding; null where the binding does not load. */
export const nativeVerifier: SignatureVerifier | null = nativeSecp256k1 === null ? null : libsecp256k1Verifier(nativeSecp256k1);

/** The backend the engine verifies with: native where it loads, OpenSSL otherwise. */
export const defaultVerifier: SignatureVerifier = nativeVerifier ?? nodeVerifier;

/**
 * The hot path: a signature already checked (by the admission pool or an earlier check of the
 * same transaction) is not checked again; a fresh valid one is remembered.
 */
export function verifySignature(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  return verifySignatureDigest(signature, sha256(message), publicKey, () => message);
}

/**
 * verifySignature for a caller that already holds SHA-256(message) (a memoised signature hash):
 * libsecp256k1 verifies the digest itself; the node:crypto fallback needs the message back.
 */
export function verifySignatureDigest(signature: Uint8Array, digest: Uint8Array, publicKey: Uint8Array, message: () => Uint8Array): boolean {
  // The same three objects checked before (a transaction's admission, then its block): no key to build.
  const seen = verifiedTriples.get(signature);
  if (seen !== undefined && seen.digest === digest && seen.publicKey === publicKey) return true;
  const key = VerifiedSignatures.key(digest, signature, publicKey);
  let ok = verifiedSignatures.has(key);
  if (!ok) {
    ok = nativeSecp256k1 !== null ? verifyNativeDigest(nativeSecp256k1, signature, digest, publicKey) : defaultVerifier.verify(signature, message(), publicKey);
    if (ok) verifiedSignatures.add(key);
  }
  if (ok) verifiedTriples.set(signature, { digest, publicKey });
  return ok;
}

/**
 * Valid (signature, digest, key) triples by object identity, keyed by the signature array: a
 * transaction's proof arrays and its memoised signature hashes are the same objects at admission
 * and in its block. Identity of all three makes a hit exact (equal bytes in other objects miss
 * and take the content-keyed cache); entries live as long as the transaction does.
 */
const verifiedTriples = new WeakMap<Uint8Array, { readonly digest: Uint8Array; readonly publicKey: Uint8Array }>();

function verifyNativeDigest(lib: NativeSecp256k1, signature: Uint8Array, digest: Uint8Array, publicKey: Uint8Array): boolean {
  if (!isStrictSignatureShape(signature, publicKey)) return false;
  try {
    return lib.ecdsaVerify(signature, digest, publicKey);
  } catch {
    return false; // the binding rejected the key (not a point on the curve)
  }
}
