/**
 * Checks the single-key signatures of incoming transactions on worker threads, so admission
 * uses both cores: the pool verifies, and each valid signature lands in the verified-signature
 * cache, where the serial ledger check (lock-checker, on the main thread) then finds it. The
 * pool never decides anything: a signature it did not check, or found invalid, is simply checked
 * again, in order, by the verifier — so the outcome cannot depend on the pool.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { Transaction } from '../../../pkg/model.js';
import { sighashDigestOf } from './tx-bytes.js';
import { VerifiedSignatures, verifiedSignatures } from './verified-signatures.js';
import { isStrictSignatureShape } from './sigverify.js';
import { nativeSecp256k1 } from './native-secp256k1.js';

/** One message to a worker: every item as digest ‖ signature ‖ key, packed flat and transferred. */
interface Job {
  readonly id: number;
  readonly packed: Uint8Array;
}

/** Bytes per packed item: 32-byte digest, 64-byte compact signature, 33-byte compressed key. */
const ITEM_BYTES = 32 + 64 + 33;

interface Item {
  readonly digest: Uint8Array;
  readonly signature: Uint8Array;
  readonly publicKey: Uint8Array;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createRequire } = require('node:module');
const lib = createRequire(workerData.base)('secp256k1/bindings');
parentPort.on('message', (job) => {
  const p = job.packed;
  const ok = new Uint8Array(p.length / ${ITEM_BYTES});
  for (let i = 0, o = 0; i < ok.length; i++, o += ${ITEM_BYTES}) {
    try { ok[i] = lib.ecdsaVerify(p.subarray(o + 32, o + 96), p.subarray(o, o + 32), p.subarray(o + 96, o + ${ITEM_BYTES})) ? 1 : 0; } catch { ok[i] = 0; }
  }
  parentPort.postMessage({ id: job.id, ok }, [ok.buffer]);
});
`;

/** The signatures a transaction carries that the pool can check: single-key proofs. */
export function signatureItems(tx: Transaction): Item[] {
  const items: Item[] = [];
  tx.inputs.forEach((input, i) => {
    const p = input.proof;
    // The same strict shape rules as every backend (low-S, compact, compressed key).
    if (p?.kind !== 'singleKey' || !isStrictSignatureShape(p.signature, p.publicKey) || p.sighashType < 0 || p.sighashType > 0xff) return;
    items.push({ digest: sighashDigestOf(tx, i, p.sighashType), signature: p.signature, publicKey: p.publicKey });
  });
  return items;
}

export class SignaturePool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { items: readonly Item[]; done: Array<() => void> }>();
  private nextId = 0;
  private turn = 0;
  /** Items from every precheck of the current tick: sent as ONE message once the tick's calls are in. */
  private batch: { items: Item[]; done: Array<() => void> } | undefined;

  /**
   * `size` worker threads (default: one per core beyond the main thread's, at least one); none
   * where the native binding does not load (the main thread then checks everything).
   */
  constructor(size = Math.max(1, availableParallelism() - 1)) {
    if (nativeSecp256k1 === null) return;
    for (let i = 0; i < size; i++) {
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { base: import.meta.url } });
      w.on('message', (m: { id: number; ok: Uint8Array }) => this.finish(m.id, m.ok));
      const lost = (): void => {
        const at = this.workers.indexOf(w);
        if (at >= 0) this.workers.splice(at, 1);
        this.failAll();
      };
      w.on('error', lost);
      w.on('exit', lost);
      w.unref();
      this.workers.push(w);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  private finish(id: number, ok: Uint8Array): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.items.forEach((it, i) => {
      if (ok[i] === 1) verifiedSignatures.add(VerifiedSignatures.key(it.digest, it.signature, it.publicKey));
    });
    for (const d of p.done) d();
  }

  /**
   * Sends the tick's items as one job. Packed into one fresh buffer and transferred: posting the
   * items' own views would structured-clone each view's whole backing buffer (often the request body).
   */
  private flush(): void {
    const b = this.batch;
    this.batch = undefined;
    if (!b) return;
    if (this.workers.length === 0) {
      for (const d of b.done) d();
      return;
    }
    const packed = new Uint8Array(b.items.length * ITEM_BYTES);
    b.items.forEach((it, i) => {
      const o = i * ITEM_BYTES;
      packed.set(it.digest, o);
      packed.set(it.signature, o + 32);
      packed.set(it.publicKey, o + 96);
    });
    const job: Job = { id: this.nextId++, packed };
    this.pending.set(job.id, b);
    this.workers[this.turn++ % this.workers.length]!.postMessage(job, [packed.buffer]);
  }

  /** A dead worker: release every waiter (their signatures are checked on the main thread instead). */
  private failAll(): void {
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      for (const d of p.done) d();
    }
  }

  /** Resolves once the transaction's single-key signatures are checked (valid ones cached). Never rejects. */
  precheck(tx: Transaction): Promise<void> {
    let items: Item[];
    try {
      items = signatureItems(tx);
    } catch {
      return Promise.resolve(); // malformed: the verifier reports it, typed
    }
    if (items.length === 0 || this.workers.length === 0) return Promise.resolve();
    return new Promise((done) => {
      if (!this.batch) {
        this.batch = { items: [], done: [] };
        queueMicrotask(() => this.flush());
      }
      this.batch.items.push(...items);
      this.batch.done.push(done);
    });
  }

  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    this.flush();
    this.failAll();
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
