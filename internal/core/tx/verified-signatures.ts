/**
 * Signatures already found valid. Verification is a pure function of (digest, signature, key),
 * so remembering its positive results changes no outcome: it lets a block re-check each admitted
 * transaction without redoing the curve arithmetic, and lets a worker pool check signatures off
 * the main thread before the serial ledger checks run. Bounded, oldest dropped first.
 */
export class VerifiedSignatures {
  private readonly keys = new Set<string>();
  constructor(private readonly capacity: number) {}

  /** The cache key: digest ‖ signature ‖ public key as a latin1 string (cheap to hash in a Set). */
  static key(digest: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): string {
    return Buffer.from(digest).toString('latin1') + Buffer.from(signature).toString('latin1') + Buffer.from(publicKey).toString('latin1');
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  add(key: string): void {
    if (this.keys.has(key)) return;
    if (this.keys.size >= this.capacity) this.keys.delete(this.keys.values().next().value as string);
    this.keys.add(key);
  }

  get size(): number {
    return this.keys.size;
  }
}

/** Process-wide: ~130 bytes a key, so 200,000 keys (several full blocks) is ~40 MB at most. */
export const verifiedSignatures = new VerifiedSignatures(200_000);
