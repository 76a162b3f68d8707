/** Messages between the fuzz pool (main thread) and its worker. */
import type { Mutation } from './wasm-mutations.js';

export interface FuzzWorkerData {
  /** Base modules, by index. */
  readonly corpus: readonly Uint8Array[];
  /** Int32Array[1]: index (within the current batch) of the job being run. */
  readonly progress: SharedArrayBuffer;
  /** See JudgeOptions.runAcceptedInvalid. */
  readonly runAcceptedInvalid: boolean;
}

export interface EngineJob {
  readonly base: number;
  readonly mutations: readonly Mutation[];
}

export interface DecoderJob {
  readonly target: string;
  readonly seedIndex: number;
  readonly seed: number;
}

export type WorkerBatch = { readonly kind: 'engine'; readonly jobs: readonly EngineJob[] } | { readonly kind: 'decoder'; readonly jobs: readonly DecoderJob[] };

export interface WorkerReply<V> {
  readonly verdicts: V[];
  readonly end?: true;
}
