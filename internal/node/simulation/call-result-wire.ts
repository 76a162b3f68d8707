/**
 * CallResults and errors as structured-clone values, for the trip from a simulation worker to
 * the main thread. Structured clone keeps Uint8Array and bigint but not classes: a draft travels
 * as its fields and is rebuilt (with its deterministic encoding) on arrival; an error travels as
 * its code, category, message and details and is rebuilt as a WesError with the same code.
 */
import { sha256 } from '../../../pkg/hashes.js';
import type { CallResult } from '../../../pkg/engine.js';
import type { TransactionDraft } from '../../../pkg/draft.js';
import { ExecutionError, InternalError, WesError, isWesError, type ErrorCategory, type TrapKind } from '../../../pkg/errors.js';
import { encodeDraft, type DraftFields } from '../../core/ispc/draft/draft-encoding.js';

export interface WireError {
  readonly code: string;
  readonly category: ErrorCategory;
  readonly message: string;
  readonly details: Record<string, unknown>;
  readonly trap?: TrapKind;
  readonly gasUsed?: bigint;
}

export type WireCallResult = Omit<CallResult, 'draft' | 'error'> & { readonly draft: DraftFields | undefined; readonly error: WireError | undefined };

export function errorToWire(e: unknown): WireError {
  if (e instanceof ExecutionError) return { code: e.code, category: e.category, message: e.message, details: { ...e.details }, trap: e.trap, gasUsed: e.gasUsed };
  if (isWesError(e)) return { code: e.code, category: e.category, message: e.message, details: { ...e.details } };
  return { code: 'INTERNAL', category: 'internal', message: e instanceof Error ? e.message : String(e), details: {} };
}

export function errorFromWire(w: WireError): WesError {
  if (w.trap !== undefined) return new ExecutionError(w.trap, w.message, w.gasUsed ?? 0n, w.details);
  if (w.category === 'internal') return new InternalError(w.message, w.details);
  return new WesError(w.code, w.category, w.message, w.details);
}

function draftFields(d: TransactionDraft): DraftFields {
  return { contract: d.contract, caller: d.caller, inputs: d.inputs, outputs: d.outputs, stateWrites: d.stateWrites, events: d.events, returnData: d.returnData };
}

/** A draft rebuilt from its fields: same fields, same encoding, same hash. */
export function draftFromFields(f: DraftFields): TransactionDraft {
  let encoded: Uint8Array | undefined;
  const enc = (): Uint8Array => (encoded ??= encodeDraft(f));
  return Object.freeze({ ...f, encode: () => enc().slice(), hash: () => sha256(enc()) });
}

/**
 * Bytes a result carries to the main thread (and, as hex, into the reply): return data, events,
 * state writes, logs, and outputs by their JSON size. Bounded before it leaves the worker.
 */
export function resultBytes(r: CallResult): number {
  let n = r.returnData.length + r.logs.reduce((a, l) => a + l.length, 0) + r.events.reduce((a, e) => a + e.data.length + 32, 0);
  if (r.draft !== undefined) {
    n += r.draft.stateWrites.reduce((a, w) => a + w.key.length + (w.value?.length ?? 0) + 16, 0);
    n += r.draft.inputs.length * 64 + r.draft.inputs.reduce((a, i) => a + (i.proof?.length ?? 0), 0);
    n += JSON.stringify(r.draft.outputs, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? v.length : v)).length;
  }
  return n;
}

export function resultToWire(r: CallResult): WireCallResult {
  return { ...r, draft: r.draft === undefined ? undefined : draftFields(r.draft), error: r.error === undefined ? undefined : errorToWire(r.error) };
}

export function resultFromWire(w: WireCallResult): CallResult {
  const error = w.error === undefined ? undefined : errorFromWire(w.error);
  return {
    ...w,
    draft: w.draft === undefined ? undefined : draftFromFields(w.draft),
    error: error instanceof ExecutionError ? error : error === undefined ? undefined : new ExecutionError('HOST_ERROR', error.message),
  };
}
