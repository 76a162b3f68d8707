/**
 * A small seeded PRNG (splitmix32 step, mulberry-style output): the same seed gives the same
 * mutants on every machine and every run. Never Math.random.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** Uniform integer in [0, n); n ≥ 1. */
  below(n: number): number {
    return Math.floor((this.u32() / 0x1_0000_0000) * n);
  }

  /** Uniform integer in [lo, hi]. */
  between(lo: number, hi: number): number {
    return lo + this.below(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.u32() / 0x1_0000_0000 < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }

  /** One of `weighted`'s keys, with probability proportional to its weight. */
  weighted<K extends string>(weighted: Readonly<Record<K, number>>): K {
    const keys = Object.keys(weighted) as K[];
    let total = 0;
    for (const k of keys) total += weighted[k];
    let x = (this.u32() / 0x1_0000_0000) * total;
    for (const k of keys) {
      x -= weighted[k];
      if (x < 0) return k;
    }
    return keys[keys.length - 1]!;
  }
}

/** The seed of mutant `index` in a run with `master` seed: independent streams, reproducible alone. */
export function mutantSeed(master: number, index: number): number {
  return new Prng((Math.imul(master >>> 0, 0x27d4eb2d) ^ Math.imul(index + 1, 0x165667b1)) >>> 0).u32();
}
