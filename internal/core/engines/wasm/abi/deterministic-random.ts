/**
 * Deterministic byte stream for WASI random_get: SHA-256 in counter mode over a seed. The same
 * seed gives the same bytes on every machine; callers derive the seed from consensus data.
 */
import { createHash } from 'node:crypto';

// OpenSSL SHA-256: the same bytes as any SHA-256, several times faster than a JS one per block.
const sha256 = (data: Uint8Array): Uint8Array => createHash('sha256').update(data).digest();

export class DeterministicRandom {
  private block: Uint8Array = new Uint8Array(0);
  private used = 0;
  private counter = 0;

  private seedBytes: Uint8Array | undefined;

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

  fill(out: Uint8Array): void {
    let i = 0;
    while (i < out.length) {
      if (this.used === this.block.length) {
        const seed = (this.seedBytes ??= this.seed());
        const input = new Uint8Array(seed.length + 4);
        input.set(seed);
        new DataView(input.buffer).setUint32(seed.length, this.counter++, false);
        this.block = sha256(input);
        this.used = 0;
      }
      const n = Math.min(out.length - i, this.block.length - this.used);
      out.set(this.block.subarray(this.used, this.used + n), i);
      this.used += n;
      i += n;
    }
  }
}
