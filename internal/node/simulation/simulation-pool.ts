/**
 * Runs API simulations (calls and deploy dry-runs) off the event loop: a fixed pool of worker
 * threads, each with its own engine, under a wall-clock deadline. A job past its deadline has
 * its worker terminated and replaced; the caller gets EXEC_DEADLINE. The main thread only
 * answers chain reads (chain-read-channel.ts), so /v1/status and block production keep running
 * whatever a simulation does. Consensus execution never comes here: it stays gas-bounded on the
 * main thread, with no clock anywhere near it.
 */
import type { ExternalEvidencePolicy } from '../../../pkg/ports.js';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { EngineConfig } from '../../../pkg/config.js';
import type { CallResult, ModuleSummary } from '../../../pkg/engine.js';
import { InternalError, InvalidRequestError, SimulationAbortedError, type WesError } from '../../../pkg/errors.js';
import type { LedgerOverlay } from '../../core/tx/call-pipeline.js';
import { ChainReadResponder, type ChainSource } from './chain-read-channel.js';
import { errorFromWire, resultFromWire } from './call-result-wire.js';
import type { WorkerContext, WorkerJob, WorkerReply } from './worker-protocol.js';

export interface SimulationLimits {
  /** Worker threads. */
  readonly workers: number;
  /** Wall-clock budget of one simulation, from the moment a worker starts it. */
  readonly deadlineMs: number;
  /** Wall-clock budget of a deploy's compile check (a large valid module takes longer to load than a call runs). */
  readonly prepareDeadlineMs: number;
  /** Jobs allowed to wait for a worker; more are refused (INPUT_SIMULATIONS_BUSY). */
  readonly maxQueued: number;
  /** V8 heap cap of each worker; a simulation that exceeds it ends with EXEC_SIMULATION_MEMORY. */
  readonly workerHeapMb: number;
  /** Chain items (UTXOs, state entries, blocks) the main thread serves one simulation (EXEC_SIMULATION_READS). */
  readonly maxReadItems: number;
  /** Bytes of effects (return data, events, state writes, outputs, logs) a simulation may bring back (EXEC_SIMULATION_RESULT_TOO_LARGE). */
  readonly maxResultBytes: number;
}

export const DEFAULT_SIMULATION_LIMITS: SimulationLimits = {
  // One core for the event loop, the rest for simulations; at least one worker.
  workers: Math.max(1, Math.min(4, availableParallelism() - 1)),
  deadlineMs: 2_000,
  prepareDeadlineMs: 10_000,
  maxQueued: 64,
  workerHeapMb: 256,
  maxReadItems: 100_000,
  maxResultBytes: 16 * 1024 * 1024,
};

export interface SimulationPoolOptions {
  readonly engineConfig: EngineConfig;
  readonly chainId: string;
  /** The chain configuration's evidence policy (external state), the same the consensus path uses. */
  readonly externalEvidence?: ExternalEvidencePolicy;
  /** The committed chain the main thread answers reads from. */
  readonly chain: () => ChainSource;
  readonly limits?: Partial<SimulationLimits>;
}

export interface SimulatedCall {
  readonly code: Uint8Array;
  /** The instance called (CallRequest.contract). */
  readonly contract?: Uint8Array;
  /** UTXOs the call sees beyond the committed chain (its attached funds), or spent under it. */
  readonly overlay?: LedgerOverlay;
  readonly method: string;
  readonly payload: Uint8Array;
  readonly gasLimit: bigint;
  readonly context: WorkerContext;
  /** Committed height the context was built at: reads at any other height abandon the call. */
  readonly height: bigint | undefined;
}

/** A call whose chain moved under it: build the context again at the new tip and retry. */
export const STALE = Symbol('stale');

type Outcome = CallResult | ModuleSummary | typeof STALE;

interface Pending {
  readonly job: WorkerJob;
  readonly height: bigint | undefined;
  readonly overlay: LedgerOverlay | undefined;
  readonly resolve: (o: Outcome) => void;
  readonly reject: (e: WesError) => void;
}

interface Slot {
  readonly worker: Worker;
  readonly responder: ChainReadResponder;
  ready: boolean;
  running: (Pending & { timer: NodeJS.Timeout }) | undefined;
}

/** The compiled worker script; tests run from TypeScript sources and use the build's copy. */
function workerScript(): URL {
  const here = new URL(import.meta.url);
  const url = here.pathname.endsWith('.ts') ? new URL('../../../dist/internal/node/simulation/simulation-worker.js', here) : new URL('./simulation-worker.js', here);
  if (!existsSync(fileURLToPath(url))) throw new InternalError(`simulation worker script ${fileURLToPath(url)} is missing; run make build`);
  return url;
}

export class SimulationPool {
  readonly limits: SimulationLimits;
  private readonly script = workerScript();
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly opts: SimulationPoolOptions) {
    this.limits = { ...DEFAULT_SIMULATION_LIMITS, ...opts.limits };
    for (let i = 0; i < this.limits.workers; i++) this.slots.push(this.spawn());
  }

  /** Simulations executing on a worker right now. */
  get running(): number {
    return this.slots.filter((s) => s.running !== undefined).length;
  }

  /** Runs a call; STALE when a block was committed while it read the chain. */
  async call(c: SimulatedCall): Promise<CallResult | typeof STALE> {
    const { height, overlay, ...rest } = c;
    return (await this.submit({ id: 0, kind: 'call', ...rest }, height, overlay)) as CallResult | typeof STALE;
  }

  /** Validates, instruments and compiles `code` in a worker (memory only); its summary. */
  async prepare(code: Uint8Array): Promise<ModuleSummary> {
    return (await this.submit({ id: 0, kind: 'prepare', code }, undefined)) as ModuleSummary;
  }

  async close(): Promise<void> {
    this.closed = true;
    const stopping = new InternalError('the node is stopping');
    for (const p of this.queue.splice(0)) p.reject(stopping);
    await Promise.all(
      this.slots.splice(0).map((s) => {
        if (s.running) {
          clearTimeout(s.running.timer);
          s.running.reject(stopping);
        }
        s.responder.close();
        return s.worker.terminate();
      }),
    );
  }

  private submit(job: WorkerJob, height: bigint | undefined, overlay?: LedgerOverlay): Promise<Outcome> {
    if (this.closed) return Promise.reject(new InternalError('the node is stopping'));
    if (this.queue.length >= this.limits.maxQueued) {
      return Promise.reject(new InvalidRequestError('SIMULATIONS_BUSY', `${this.queue.length} simulations are already waiting; try again shortly`));
    }
    return new Promise<Outcome>((resolve, reject) => {
      this.queue.push({ job: { ...job, id: this.nextId++ }, height, overlay, resolve, reject });
      this.dispatch();
    });
  }

  private spawn(): Slot {
    const { port1, port2 } = new MessageChannel();
    const flag = new SharedArrayBuffer(4);
    const worker = new Worker(this.script, {
      workerData: { config: this.opts.engineConfig, chainId: this.opts.chainId, ...(this.opts.externalEvidence && { externalEvidence: this.opts.externalEvidence }), port: port2, flag, maxResultBytes: this.limits.maxResultBytes },
      transferList: [port2],
      resourceLimits: { maxOldGenerationSizeMb: this.limits.workerHeapMb },
    });
    worker.unref();
    const slot: Slot = { worker, responder: new ChainReadResponder(port1, new Int32Array(flag), this.opts.chain, this.limits.maxReadItems), ready: false, running: undefined };
    worker.on('message', (m: WorkerReply) => this.onReply(slot, m));
    worker.on('error', (e: Error & { code?: string }) => {
      const error =
        e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new SimulationAbortedError('EXEC_SIMULATION_MEMORY', `the simulation exceeded the node's ${this.limits.workerHeapMb} MiB worker heap`)
          : new InternalError(`simulation worker failed: ${e.message}`);
      this.retire(slot, error, slot.ready);
    });
    worker.on('exit', () => this.retire(slot, new InternalError('simulation worker exited'), slot.ready));
    return slot;
  }

  private onReply(slot: Slot, m: WorkerReply): void {
    if (m.kind === 'ready') {
      slot.ready = true;
      this.dispatch();
      return;
    }
    const p = slot.running;
    if (p === undefined || p.job.id !== m.id) return;
    clearTimeout(p.timer);
    slot.running = undefined;
    const { maxReadItems } = this.limits;
    if (m.kind === 'result') p.resolve(resultFromWire(m.result));
    else if (m.kind === 'summary') p.resolve(m.summary);
    else if (m.kind === 'stale') p.resolve(STALE);
    else if (m.kind === 'budget') p.reject(new SimulationAbortedError('EXEC_SIMULATION_READS', `the simulation read more than the node's ${maxReadItems} chain items`, { maxReadItems }));
    else p.reject(errorFromWire(m.error));
    this.dispatch();
  }

  /** Removes a slot (failed, exited or past its deadline), failing its job; spawns a successor. */
  private retire(slot: Slot, error: WesError, respawn: boolean): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    if (slot.running) {
      clearTimeout(slot.running.timer);
      slot.running.reject(error);
      slot.running = undefined;
    }
    slot.responder.close();
    void slot.worker.terminate();
    // A worker that dies before it is ready would die again: fail the waiting jobs instead of looping.
    if (this.closed) return;
    if (respawn) this.slots.push(this.spawn());
    else if (this.slots.length === 0) for (const p of this.queue.splice(0)) p.reject(error);
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.running !== undefined) continue;
      const p = this.queue.shift() as Pending;
      const deadlineMs = p.job.kind === 'prepare' ? this.limits.prepareDeadlineMs : this.limits.deadlineMs;
      const timer = setTimeout(() => {
        this.retire(slot, new SimulationAbortedError('EXEC_DEADLINE', `the ${p.job.kind === 'prepare' ? 'compile check' : 'simulation'} ran past the node's ${deadlineMs} ms deadline and was stopped`, { deadlineMs }), true);
      }, deadlineMs);
      slot.running = { ...p, timer };
      slot.responder.expect(p.height, p.overlay);
      slot.worker.postMessage(p.job);
    }
  }
}
