/**
 * The admission signature pool and the verified-signature cache: the pool only ever adds
 * signatures that every backend accepts, and the verifier's answer never depends on either.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { generateKeyPair, signAllInputs } from '../../../internal/core/tx/signing.js';
import { sighashPreimage, unsignedBytes } from '../../../internal/core/tx/hashing.js';
import { SignaturePool, signatureItems } from '../../../internal/core/tx/signature-pool.js';
import { VerifiedSignatures, verifiedSignatures } from '../../../internal/core/tx/verified-signatures.js';
import { verifySignature } from '../../../internal/core/tx/sigverify.js';
import type { SingleKeyProof, Transaction } from '../../../pkg/model.js';
import { simpleTx } from './fixtures.js';

const pool = new SignaturePool(1);
afterAll(() => pool.close());

function keyOf(tx: Transaction, i: number): string {
  const p = tx.inputs[i]!.proof as SingleKeyProof;
  return VerifiedSignatures.key(sha256(sighashPreimage(unsignedBytes(tx), i, p.sighashType)), p.signature, p.publicKey);
}

function withSignature(tx: Transaction, mutate: (sig: Uint8Array) => void): Transaction {
  return {
    ...tx,
    inputs: tx.inputs.map((input) => {
      const p = input.proof as SingleKeyProof;
      const signature = Uint8Array.from(p.signature);
      mutate(signature);
      return { ...input, proof: { ...p, signature } };
    }),
  };
}

describe('signature pool', () => {
  it('checks a transaction off the main thread and caches its valid signatures', async () => {
    expect(pool.size).toBe(1);
    const tx = signAllInputs({ ...simpleTx, nonce: 1001n }, generateKeyPair().privateKey);
    expect(verifiedSignatures.has(keyOf(tx, 0))).toBe(false);
    await pool.precheck(tx);
    expect(verifiedSignatures.has(keyOf(tx, 0))).toBe(true);
  });

  it('never caches an invalid or high-S signature; the verifier still rejects it', async () => {
    const good = signAllInputs({ ...simpleTx, nonce: 1002n }, generateKeyPair().privateKey);
    const flipped = withSignature(good, (s) => (s[5] ^= 1));
    await pool.precheck(flipped);
    expect(verifiedSignatures.has(keyOf(flipped, 0))).toBe(false);
    // s -> n - s: the same signature in high-S form (valid for OpenSSL, refused by our rules).
    const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const highS = withSignature(good, (sig) => {
      const s = BigInt('0x' + Buffer.from(sig.slice(32)).toString('hex'));
      sig.set(Buffer.from((N - s).toString(16).padStart(64, '0'), 'hex'), 32);
    });
    expect(signatureItems(highS)).toHaveLength(0);
    await pool.precheck(highS);
    expect(verifiedSignatures.has(keyOf(highS, 0))).toBe(false);
    const p = highS.inputs[0]!.proof as SingleKeyProof;
    expect(verifySignature(p.signature, sighashPreimage(unsignedBytes(highS), 0, p.sighashType), p.publicKey)).toBe(false);
  });

  it('resolves for transactions with nothing to check, and after close', async () => {
    await pool.precheck(simpleTx); // unsigned
    const closed = new SignaturePool(1);
    await closed.close();
    expect(closed.size).toBe(0);
    await closed.precheck(signAllInputs({ ...simpleTx, nonce: 1003n }, generateKeyPair().privateKey));
  });
});

describe('verified-signature cache', () => {
  it('is bounded and drops the oldest key first', () => {
    const c = new VerifiedSignatures(2);
    c.add('a');
    c.add('b');
    c.add('a');
    c.add('c');
    expect([c.has('a'), c.has('b'), c.has('c'), c.size]).toEqual([false, true, true, 2]);
  });

  it('remembers what verifySignature found valid, and only that', () => {
    const tx = signAllInputs({ ...simpleTx, nonce: 1004n }, generateKeyPair().privateKey);
    const p = tx.inputs[0]!.proof as SingleKeyProof;
    const msg = sighashPreimage(unsignedBytes(tx), 0, p.sighashType);
    expect(verifiedSignatures.has(keyOf(tx, 0))).toBe(false);
    expect(verifySignature(p.signature, msg, p.publicKey)).toBe(true);
    expect(verifiedSignatures.has(keyOf(tx, 0))).toBe(true);
    expect(verifySignature(p.signature, Uint8Array.from([...msg, 0]), p.publicKey)).toBe(false);
  });
});

describe('signature pool batching', () => {
  it('checks the prechecks of one tick together and attributes each result to its own signature', async () => {
    const key = generateKeyPair().privateKey;
    const txs = Array.from({ length: 12 }, (_, i) => signAllInputs({ ...simpleTx, nonce: 2000n + BigInt(i) }, key));
    // Every third one has a corrupted signature (still strict-shaped): only the others may be cached.
    const mixed = txs.map((tx, i) => (i % 3 === 1 ? withSignature(tx, (s) => (s[7] ^= 1)) : tx));
    await Promise.all(mixed.map((tx) => pool.precheck(tx)));
    expect(mixed.map((tx) => verifiedSignatures.has(keyOf(tx, 0)))).toEqual(mixed.map((_, i) => i % 3 !== 1));
  });
});
