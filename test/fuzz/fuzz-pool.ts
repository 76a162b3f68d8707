/**
 * Runs fuzz jobs in one worker thread under a watchdog. A job that makes no progress for
 * `hangMs` (a metering escape) or kills the thread (out of memory, a native crash) becomes a
 * violation verdict naming that job; the worker is replaced and the batch goes on after it.
 * The watchdog only detects hangs: no verdict depends on time.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { repoRoot } from '../../internal/cli/repo-paths.js';
import type { DecoderJob, EngineJob, FuzzWorkerData, WorkerBatch, WorkerReply } from './fuzz-protocol.js';

export interface Failure {
  readonly outcome: 'violation';
  readonly violation: 'hang' | 'worker-crash';
  readonly detail: string;
}

interface BatchOutcome<V> {
  /** Verdicts of the batch's first jobs, in order (those streamed back before any failure). */
  readonly verdicts: V[];
  /** Set when a job hung or crashed the worker: that job's index in the batch (≥ verdicts.length). */
  readonly failure?: { readonly at: number; readonly verdict: Failure };
}

const WATCHDOG_TICK_MS = 200;

/** Our listeners only: Worker keeps internal ones (newListener/removeListener) that deliver messages. */
function detach(worker: Worker): void {
  for (const event of ['message', 'error', 'exit']) worker.removeAllListeners(event);
}

export function workerPath(): string {
  const path = join(repoRoot(), 'dist', 'test', 'fuzz', 'fuzz-worker.js');
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`make build\` first (the fuzz worker runs compiled code)`);
  return path;
}

export class FuzzPool {
  private worker: Worker;
  /** Settles when the current worker has loaded (rejects if it cannot: a broken build, not a mutant). */
  private ready!: Promise<void>;
  private readonly progress = new Int32Array(new SharedArrayBuffer(4));

  constructor(
    private readonly corpus: readonly Uint8Array[],
    private readonly hangMs: number,
    private readonly runAcceptedInvalid = false,
  ) {
    this.worker = this.spawn();
  }

  private spawn(): Worker {
    const data: FuzzWorkerData = { corpus: this.corpus, progress: this.progress.buffer as SharedArrayBuffer, runAcceptedInvalid: this.runAcceptedInvalid };
    // A fixed stack and heap: the same limits on every machine, and a memory bomb kills only this thread.
    const worker = new Worker(workerPath(), { workerData: data, resourceLimits: { stackSizeMb: 4, maxOldGenerationSizeMb: 1024 } });
    this.ready = new Promise((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', (e) => reject(new Error(`the fuzz worker failed to start: ${e.message}`)));
    });
    this.ready.catch(() => undefined); // observed in batch()
    return worker;
  }

  private async batch<V>(batch: WorkerBatch): Promise<BatchOutcome<V>> {
    await this.ready;
    const worker = this.worker;
    detach(worker);
    const verdicts: V[] = [];
    Atomics.store(this.progress, 0, 0);
    return new Promise((resolve) => {
      let last = -1;
      let idleTicks = 0;
      let settled = false;
      const finish = (failure?: BatchOutcome<V>['failure']): void => {
        if (settled) return;
        settled = true;
        clearInterval(watchdog);
        detach(worker);
        resolve(failure ? { verdicts, failure } : { verdicts });
      };
      const fail = (violation: Failure['violation'], detail: string): void => {
        // The failed job is the one the worker had started; verdicts streamed before it are kept.
        const at = Math.max(verdicts.length, Atomics.load(this.progress, 0));
        finish({ at, verdict: { outcome: 'violation', violation, detail } });
        void worker.terminate();
      };
      const watchdog = setInterval(() => {
        const now = Atomics.load(this.progress, 0);
        if (now !== last) {
          last = now;
          idleTicks = 0;
        } else if (++idleTicks * WATCHDOG_TICK_MS >= this.hangMs) {
          fail('hang', `no verdict after ${this.hangMs} ms`);
        }
      }, WATCHDOG_TICK_MS);
      worker.on('message', (reply: WorkerReply<V>) => {
        verdicts.push(...reply.verdicts);
        if (reply.end) finish();
      });
      worker.on('error', (e: Error) => fail('worker-crash', `${e.name}: ${e.message}`.slice(0, 300)));
      worker.on('exit', (code) => fail('worker-crash', `worker exited with code ${code}`));
      worker.postMessage(batch);
    });
  }

  /** One verdict per job, in order; a hung or crashing job gets a Failure and the rest still run. */
  async run<V>(kind: 'engine', jobs: readonly EngineJob[]): Promise<(V | Failure)[]>;
  async run<V>(kind: 'decoder', jobs: readonly DecoderJob[]): Promise<(V | Failure)[]>;
  async run<V>(kind: WorkerBatch['kind'], jobs: readonly (EngineJob | DecoderJob)[]): Promise<(V | Failure)[]> {
    const results: (V | Failure)[] = [];
    while (results.length < jobs.length) {
      const from = results.length;
      const outcome = await this.batch<V>({ kind, jobs: jobs.slice(from) } as WorkerBatch);
      results.push(...outcome.verdicts);
      if (outcome.failure === undefined) continue;
      this.worker = this.spawn();
      const { at, verdict } = outcome.failure;
      // Jobs that finished after the last streamed chunk but before the failure: run them again.
      const skipped = jobs.slice(from + outcome.verdicts.length, from + at);
      if (skipped.length > 0) results.push(...(await this.run<V>(kind as 'engine', skipped as EngineJob[])));
      results.push(verdict);
    }
    return results;
  }

  async close(): Promise<void> {
    detach(this.worker);
    await this.worker.terminate();
  }
}
