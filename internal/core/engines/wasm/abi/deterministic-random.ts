/**
 * Deterministic byte stream for WASI random_get: the AES-256-CTR keystream under a key derived
 * from a seed (zero IV). The same seed gives the same bytes on every machine; callers derive the
 * seed from consensus data. A stream cipher, not SHA-256 per 32-byte block: contracts may ask
 * for 64 KiB at once, and OpenSSL's AES-CTR produces it in microseconds (bench/calibration).
 */
import { createCipheriv, createHash, type Cipher } from 'node:crypto';

const sha256 = (data: Uint8Array): Uint8Array => createHash('sha256').update(data).digest();
const ZERO_IV = new Uint8Array(16);

export class DeterministicRandom {
  private stream: Cipher | undefined;

  /** `seed` is computed on first use: most calls never ask for randomness. */
  constructor(private readonly seed: () => Uint8Array) {}

  /** Seed of a call: (transaction id, call index). */
  static forCall(txHash: Uint8Array, callIndex: number): DeterministicRandom {
    return new DeterministicRandom(() => {
      const s = new Uint8Array(txHash.length + 4 + 8);
      s.set(new TextEncoder().encode('wes-rand'), 0);
      s.set(txHash, 8);
      new DataView(s.buffer).setUint32(8 + txHash.length, callIndex >>> 0, false);
      return sha256(s);
    });
  }

  /** Seed of start-up code: the code hash only, so initialisation is a property of the code. */
  static forInit(codeHash: Uint8Array): DeterministicRandom {
    const s = new Uint8Array(8 + codeHash.length);
    s.set(new TextEncoder().encode('wes-init'), 0);
    s.set(codeHash, 8);
    return new DeterministicRandom(() => sha256(s));
  }

  /** Fills `out` with the next bytes of the stream (encrypting zeros yields the keystream). */
  fill(out: Uint8Array): void {
    if (out.length === 0) return;
    this.stream ??= createCipheriv('aes-256-ctr', this.seed(), ZERO_IV);
    out.set(this.stream.update(new Uint8Array(out.length)));
  }
}
