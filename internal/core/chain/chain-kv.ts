/**
 * The key-value operations the chain store needs — ClassicLevel (LevelDB) provides them, and
 * so does MemoryKv, the in-memory binding for tests and throwaway nodes. Keys are strings and
 * iterate in code-unit order, as LevelDB orders their UTF-8 bytes (the store's keys are ASCII).
 */
export type ChainKvOp = { type: 'put'; key: string; value: Uint8Array } | { type: 'del'; key: string };

/** Keys in [gte, lt) or (gt, lt); no lower bound given means from the first key. */
export interface ChainKvRange {
  readonly gte?: string;
  readonly gt?: string;
  readonly lt: string;
  readonly limit?: number;
}

export interface ChainKv {
  open(): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
  /** Applies every op or none. */
  batch(ops: ChainKvOp[], options?: { sync?: boolean }): Promise<void>;
  iterator(range: ChainKvRange): AsyncIterable<[string, Uint8Array]>;
  close(): Promise<void>;
}

/** A sorted in-memory ChainKv. Batches are atomic (applied synchronously); nothing survives the process. */
export class MemoryKv implements ChainKv {
  private readonly map = new Map<string, Uint8Array>();
  private sorted: string[] | undefined;

  async open(): Promise<void> {}

  async get(key: string): Promise<Uint8Array | undefined> {
    const v = this.map.get(key);
    return v === undefined ? undefined : v.slice();
  }

  async batch(ops: ChainKvOp[]): Promise<void> {
    for (const op of ops) {
      if (op.type === 'put') this.map.set(op.key, op.value.slice());
      else this.map.delete(op.key);
    }
    this.sorted = undefined;
  }

  async *iterator(range: ChainKvRange): AsyncIterable<[string, Uint8Array]> {
    this.sorted ??= [...this.map.keys()].sort();
    const keys = this.sorted;
    const below = (k: string): boolean => (range.gt !== undefined ? k <= range.gt : range.gte !== undefined && k < range.gte);
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (below(keys[mid]!)) lo = mid + 1;
      else hi = mid;
    }
    let n = 0;
    for (let i = lo; i < keys.length && keys[i]! < range.lt; i++) {
      if (range.limit !== undefined && n++ >= range.limit) return;
      const v = this.map.get(keys[i]!);
      if (v !== undefined) yield [keys[i]!, v.slice()];
    }
  }

  async close(): Promise<void> {}
}
