/**
 * Checks the single-key signatures of incoming transactions on worker threads, so admission
 * uses both cores: the pool verifies, and each valid signature lands in the verified-signature
 * cache, where the serial ledger check (lock-checker, on the main thread) then finds it. The
 * pool never decides anything: a signature it did not check, or found invalid, is simply checked
 * again, in order, by the verifier — so the outcome cannot depend on the pool.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { sha256 } from '@noble/hashes/sha2.js';
import type { Transaction } from '../../../pkg/model.js';
import { sighashPreimage, unsignedBytes } from './hashing.js';
import { VerifiedSignatures, verifiedSignatures } from './verified-signatures.js';
import { isStrictSignatureShape } from './sigverify.js';
import { nativeSecp256k1 } from './native-secp256k1.js';

interface Job {
  readonly id: number;
  readonly items: readonly Item[];
}

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
  const ok = job.items.map((it) => { try { return lib.ecdsaVerify(it.signature, it.digest, it.publicKey); } catch { return false; } });
  parentPort.postMessage({ id: job.id, ok });
});
`;

/** The signatures a transaction carries that the pool can check: single-key proofs. */
export function signatureItems(tx: Transaction): Item[] {
  let unsigned: Uint8Array | undefined;
  const items: Item[] = [];
  tx.inputs.forEach((input, i) => {
    const p = input.proof;
    // The same strict shape rules as every backend (low-S, compact, compressed key).
    if (p?.kind !== 'singleKey' || !isStrictSignatureShape(p.signature, p.publicKey) || p.sighashType < 0 || p.sighashType > 0xff) return;
    unsigned ??= unsignedBytes(tx);
    items.push({ digest: sha256(sighashPreimage(unsigned, i, p.sighashType)), signature: p.signature, publicKey: p.publicKey });
  });
  return items;
}

export class SignaturePool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { items: readonly Item[]; done: () => void }>();
  private nextId = 0;
  private turn = 0;

  /**
   * `size` worker threads (default: one per core beyond the main thread's, at least one); none
   * where the native binding does not load (the main thread then checks everything).
   */
  constructor(size = Math.max(1, availableParallelism() - 1)) {
    if (nativeSecp256k1 === null) return;
    for (let i = 0; i < size; i++) {
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { base: import.meta.url } });
      w.on('message', (m: { id: number; ok: boolean[] }) => this.finish(m.id, m.ok));
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

  private finish(id: number, ok: readonly boolean[]): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.items.forEach((it, i) => {
      if (ok[i]) verifiedSignatures.add(VerifiedSignatures.key(it.digest, it.signature, it.publicKey));
    });
    p.done();
  }

  /** A dead worker: release every waiter (their signatures are checked on the main thread instead). */
  private failAll(): void {
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.done();
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
      const job: Job = { id: this.nextId++, items };
      this.pending.set(job.id, { items, done });
      this.workers[this.turn++ % this.workers.length]!.postMessage(job);
    });
  }

  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    this.failAll();
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
