import { describe, expect, it } from 'vitest';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { ripemd160 as nobleRipemd160 } from '@noble/hashes/legacy.js';
import { hashBackends, ripemd160, sha256 } from '../../pkg/hashes.js';
import { hash160, toHex, utf8Encode } from '../../pkg/encoding.js';

describe('pkg/hashes: the hot-path digests', () => {
  it('uses OpenSSL on this Node (the speed-up the node relies on)', () => {
    expect(hashBackends).toEqual({ sha256: 'node:crypto', ripemd160: 'node:crypto' });
  });

  it('matches the published vectors (FIPS 180-2 "abc", RIPEMD-160 paper "abc" and "")', () => {
    expect(toHex(sha256(utf8Encode('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(toHex(sha256(new Uint8Array(0)))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(toHex(ripemd160(utf8Encode('abc')))).toBe('8eb208f7e05d987a9b044a8e98c6b087f15a0bfc');
    expect(toHex(ripemd160(new Uint8Array(0)))).toBe('9c1185a5c5e9fc54612808977ee8f548b2258d31');
  });

  it('agrees with @noble on every length 0..300 and on views into larger buffers', () => {
    const big = Uint8Array.from({ length: 400 }, (_, i) => (i * 131 + 7) & 0xff);
    for (let n = 0; n <= 300; n++) {
      const view = big.subarray(50, 50 + n);
      expect(toHex(sha256(view))).toBe(toHex(nobleSha256(view)));
      expect(toHex(ripemd160(view))).toBe(toHex(nobleRipemd160(view)));
    }
    expect(toHex(hash160(big))).toBe(toHex(nobleRipemd160(nobleSha256(big))));
  });

  it('returns a plain 32-byte Uint8Array that owns nothing else (no Buffer slice aliasing)', () => {
    const d = sha256(utf8Encode('x'));
    expect(Object.getPrototypeOf(d)).toBe(Uint8Array.prototype);
    expect(d.length).toBe(32);
    expect(d.buffer.byteLength).toBe(32);
    expect(d.byteOffset).toBe(0);
  });
});
