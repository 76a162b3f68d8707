/** Messages between the simulation pool (main thread) and its workers. */
import type { ExecutionContext, ModuleSummary } from '../../../pkg/engine.js';
import type { WireCallResult, WireError } from './call-result-wire.js';

/** An execution context without its chain: the worker reads the chain over the channel. */
export type WorkerContext = Omit<ExecutionContext, 'chain'>;

export type WorkerJob =
  | { readonly id: number; readonly kind: 'call'; readonly code: Uint8Array; readonly contract?: Uint8Array; readonly method: string; readonly payload: Uint8Array; readonly gasLimit: bigint; readonly context: WorkerContext }
  | { readonly id: number; readonly kind: 'prepare'; readonly code: Uint8Array };

export type WorkerReply =
  | { readonly kind: 'ready' }
  | { readonly id: number; readonly kind: 'result'; readonly result: WireCallResult }
  | { readonly id: number; readonly kind: 'summary'; readonly summary: ModuleSummary }
  | { readonly id: number; readonly kind: 'stale' }
  | { readonly id: number; readonly kind: 'budget' }
  | { readonly id: number; readonly kind: 'error'; readonly error: WireError };
