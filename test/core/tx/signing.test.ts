/**
 * secp256k1 keys, RFC 6979 signatures and Base58Check addresses against published vectors, and
 * the verification backends (libsecp256k1, noble, node:crypto) and the two signers cross-checked
 * on the same inputs.
 */
import { describe, it, expect } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { addressFromBase58, addressToBase58, hash160 } from '../../../pkg/encoding.js';
import { TxError } from '../../../pkg/errors.js';
import { addressOfPublicKey, generateKeyPair, publicKeyOf, signMessage, signMessageNoble } from '../../../internal/core/tx/signing.js';
import { defaultVerifier, isStrictSignatureShape, nativeVerifier, nobleVerifier, nodeVerifier, verifySignature, type SignatureVerifier } from '../../../internal/core/tx/sigverify.js';
import { ascii, cat, hex, unhex } from './fixtures.js';

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const scalarHex = (v: bigint): string => v.toString(16).padStart(64, '0');
// The native binding ships a linux-x64 prebuild; this project's machines and CI are linux-x64.
if (nativeVerifier === null) throw new Error('the native libsecp256k1 binding did not load (npm secp256k1 prebuild for linux-x64)');
const backends: SignatureVerifier[] = [nobleVerifier, nodeVerifier, nativeVerifier];

// Private key k -> compressed k·G (the multiples of the generator are textbook values).
const PUBKEYS: [string, string][] = [
  ['01', '0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798'],
  ['02', '02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5'],
  ['03', '02f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9'],
  [scalarHex(N - 1n), '0379be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798'],
];

// RFC 6979 secp256k1/SHA-256 vectors published by the Bitcoin community (bitcointalk topic 285142,
// used by python-ecdsa, bitcoinjs, trezor-crypto…), signatures given in low-S form.
const RFC6979: { key: string; message: string; signature: string }[] = [
  {
    key: '01',
    message: 'Satoshi Nakamoto',
    signature: '934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d82442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5',
  },
  {
    key: '01',
    message: 'All those moments will be lost in time, like tears in rain. Time to die...',
    signature: '8600dbd41e348fe5c9465ab92d23e3db8b98b873beecd930736488696438cb6b547fe64427496db33bf66019dacbf0039c04199abb0122918601db38a72cfc21',
  },
  {
    key: scalarHex(N - 1n),
    message: 'Satoshi Nakamoto',
    signature: 'fd567d121db66e382991534ada77a6bd3106f0a1098c231e47993447cd6af2d06b39cd0eb1bc8603e159ef5c20a5c8ad685a45b06ce9bebed3f153d10d93bed5',
  },
  {
    key: 'f8b8af8ce3c7cca5e300d33939540c10d45ce001b8f252bfbc57ba0342904181',
    message: 'Alan Turing',
    signature: '7063ae83e7f62bbb171798131b4a0564b956930092b33b07b395615d9ec7e15c58dfcc1e00a35e1572f366ffe34ba0fc47db1e7189759b9fb233c5b05ab388ea',
  },
];

const key32 = (h: string): Uint8Array => unhex(h.padStart(64, '0'));

/** Base58Check written out independently of @scure/base: bigint base conversion + node:crypto SHA-256. */
function base58CheckByHand(payload: Uint8Array): string {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  const sha = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest();
  const full = Buffer.concat([payload, sha(sha(payload)).subarray(0, 4)]);
  let n = BigInt(`0x${full.toString('hex')}`);
  let out = '';
  while (n > 0n) {
    out = alphabet[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const byte of full) {
    if (byte !== 0) break;
    out = `1${out}`;
  }
  return out;
}

describe('keys and addresses', () => {
  it.each(PUBKEYS)('private key %s gives the published public key', (sk, pk) => {
    expect(hex(publicKeyOf(key32(sk)))).toBe(pk);
  });

  it('hash160 of the generator point is the well-known 751e76e8…', () => {
    expect(hex(addressOfPublicKey(unhex(PUBKEYS[0]![1])))).toBe('751e76e8199196d454941c45d1b3a323f1433bd6');
  });

  it('Base58Check addresses (version 0x1c) match an independent encoder and decode back', () => {
    for (const address of [unhex('751e76e8199196d454941c45d1b3a323f1433bd6'), new Uint8Array(20), new Uint8Array(20).fill(0xff)]) {
      const text = addressToBase58(address);
      expect(text).toBe(base58CheckByHand(cat([0x1c], address)));
      expect(addressFromBase58(text)).toEqual(address);
    }
    // Bitcoin's version 0x00 for the same hash is the famous 1BgGZ9tc…: checks the hand encoder itself.
    expect(base58CheckByHand(cat([0x00], unhex('751e76e8199196d454941c45d1b3a323f1433bd6')))).toBe('1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH');
  });

  it('generates distinct valid key pairs whose address is hash160(public key)', () => {
    const a = generateKeyPair();
    const b = generateKeyPair();
    expect(a.publicKey.length).toBe(33);
    expect(hex(a.privateKey)).not.toBe(hex(b.privateKey));
    expect(a.address).toEqual(hash160(a.publicKey));
  });

  it('rejects invalid private and public keys', () => {
    expect(() => publicKeyOf(new Uint8Array(32))).toThrow(TxError);
    expect(() => publicKeyOf(key32(scalarHex(N)))).toThrow(TxError);
    expect(() => addressOfPublicKey(new Uint8Array(33).fill(0xff))).toThrow(TxError);
  });
});

describe('RFC 6979 signatures', () => {
  it.each(RFC6979)('signs "$message" with key $key as published', ({ key, message, signature }) => {
    expect(hex(signMessage(ascii(message), key32(key)))).toBe(signature);
  });

  it.each(RFC6979)('both backends accept the published signature for "$message"', ({ key, message, signature }) => {
    const pk = publicKeyOf(key32(key));
    for (const b of backends) expect(b.verify(unhex(signature), ascii(message), pk), b.name).toBe(true);
  });

  it('both backends reject the high-S twin of a valid signature', () => {
    const { key, message, signature } = RFC6979[0]!;
    const s = BigInt(`0x${signature.slice(64)}`);
    const highS = signature.slice(0, 64) + scalarHex(N - s);
    // The high-S form is what RFC 6979 itself yields for this vector (published by e.g. Ledger's tests).
    expect(highS.slice(64)).toBe('dbbd3162d46e9f9bef7feb87c16dc13b4f6568a87f4e83f728e2443ba586675c');
    const pk = publicKeyOf(key32(key));
    for (const b of backends) expect(b.verify(unhex(highS), ascii(message), pk), b.name).toBe(false);
  });
});

describe('verification backends agree', () => {
  it('on random valid signatures and on every kind of corruption', () => {
    for (let i = 0; i < 20; i++) {
      const kp = generateKeyPair();
      const message = randomBytes(1 + i * 13);
      const sig = signMessage(message, kp.privateKey);
      const other = generateKeyPair().publicKey;
      const flipped = Uint8Array.from(message);
      flipped[0] ^= 1;
      const badSig = Uint8Array.from(sig);
      badSig[10] ^= 0x40;
      const cases: [Uint8Array, Uint8Array, Uint8Array, boolean][] = [
        [sig, message, kp.publicKey, true],
        [sig, flipped, kp.publicKey, false],
        [sig, message, other, false],
        [badSig, message, kp.publicKey, false],
      ];
      for (const [s, m, pk, expected] of cases) {
        for (const b of backends) expect(b.verify(s, m, pk), b.name).toBe(expected);
      }
    }
  });

  it('on malformed signatures and keys', () => {
    const kp = generateKeyPair();
    const message = ascii('m');
    const sig = signMessage(message, kp.privateKey);
    const r = sig.slice(0, 32);
    const s = sig.slice(32);
    const bad: [string, Uint8Array, Uint8Array][] = [
      ['r = 0', cat(new Uint8Array(32), s), kp.publicKey],
      ['s = 0', cat(r, new Uint8Array(32)), kp.publicKey],
      ['r = n', cat(unhex(scalarHex(N)), s), kp.publicKey],
      ['short signature', sig.slice(0, 63), kp.publicKey],
      ['DER-sized signature', cat(sig, [0]), kp.publicKey],
      ['uncompressed prefix', sig, cat([0x04], kp.publicKey.slice(1))],
      ['x not on the curve (x ≥ p)', sig, cat([0x02], new Uint8Array(32).fill(0xff))],
      ['33 zero bytes', sig, new Uint8Array(33)],
    ];
    for (const [name, sg, pk] of bad) {
      for (const b of backends) expect(b.verify(sg, message, pk), `${b.name}: ${name}`).toBe(false);
    }
  });

  it('the native signer is byte-identical to noble (RFC 6979, low-S) on random keys and messages', () => {
    for (let i = 0; i < 50; i++) {
      const kp = generateKeyPair();
      const message = randomBytes(i * 7);
      expect(hex(signMessage(message, kp.privateKey))).toBe(hex(signMessageNoble(message, kp.privateKey)));
    }
  });

  it('the native signer refuses an invalid private key with a typed error', () => {
    expect(() => signMessage(ascii('x'), new Uint8Array(32))).toThrow(TxError);
    expect(() => signMessage(ascii('x'), unhex(scalarHex(N)))).toThrow(TxError);
  });

  it('the hot path uses the backend measured fastest (libsecp256k1)', () => {
    expect(defaultVerifier).toBe(nativeVerifier);
    const kp = generateKeyPair();
    expect(verifySignature(signMessage(ascii('x'), kp.privateKey), ascii('x'), kp.publicKey)).toBe(true);
  });
});

describe('strict signature shape (byte comparisons against n and n/2)', () => {
  const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
  const be32 = (v: bigint): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => Number((v >> BigInt(8 * (31 - i))) & 0xffn));
  const key = Uint8Array.of(0x02, ...new Uint8Array(32).fill(7));
  const reference = (r: bigint, s: bigint): boolean => r >= 1n && r < N && s >= 1n && s <= N >> 1n;

  it('accepts exactly 1 ≤ r < n and 1 ≤ s ≤ n/2, at every boundary', () => {
    const edges = [0n, 1n, 2n, (N >> 1n) - 1n, N >> 1n, (N >> 1n) + 1n, N - 1n, N, N + 1n, (1n << 256n) - 1n];
    for (const r of edges) {
      for (const s of edges) {
        expect(isStrictSignatureShape(cat(be32(r), be32(s)), key), `r=${r} s=${s}`).toBe(reference(r, s));
      }
    }
  });

  it('refuses wrong lengths and uncompressed key prefixes', () => {
    const sig = cat(be32(5n), be32(5n));
    expect(isStrictSignatureShape(sig, key)).toBe(true);
    expect(isStrictSignatureShape(sig.subarray(0, 63), key)).toBe(false);
    expect(isStrictSignatureShape(sig, Uint8Array.of(0x04, ...key.subarray(1)))).toBe(false);
    expect(isStrictSignatureShape(sig, key.subarray(0, 32))).toBe(false);
  });
});
