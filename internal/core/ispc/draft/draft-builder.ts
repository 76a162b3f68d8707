/**
 * The single writer of a call's effects. Host functions append here; nothing reaches the chain
 * directly. freeze() turns a successful call's effects into an immutable TransactionDraft; a
 * failed call simply drops its builder.
 */
import { sha256 } from '../../../../pkg/hashes.js';
import type { Address } from '../../../../pkg/types.js';
import type { ContractEvent, DraftInput, StateWrite, TransactionDraft } from '../../../../pkg/draft.js';
import type { OutPoint, TxOutput } from '../../../../pkg/model.js';
import { bytesKey, outPointKey } from '../../../../pkg/encoding.js';
import { encodeDraft, type DraftFields } from './draft-encoding.js';
import { HostErrorCode } from '../../../../pkg/types.js';
import { fail } from '../hostabi/host-result.js';

/**
 * State ids the host alone writes (controlled external state records, docs/external-state.md):
 * a contract writing one could forge a "verified" record, so every contract write is refused.
 */
const RESERVED_STATE_PREFIX = new TextEncoder().encode('wes.external/');

function reserved(key: Uint8Array): boolean {
  return key.length >= RESERVED_STATE_PREFIX.length && RESERVED_STATE_PREFIX.every((b, i) => key[i] === b);
}

function refuseReserved(key: Uint8Array): void {
  if (reserved(key)) fail(HostErrorCode.PermissionDenied, 'state ids starting with "wes.external/" are written by the host only');
}

/** Refuses an output a contract asked for that would write a reserved state id (check before appending a batch). */
export function refuseReservedOutput(output: TxOutput): void {
  if (output.content.type === 'state') refuseReserved(output.content.state.stateId);
}

/** One claim of controlled external state in this call: its canonical JSON, and the record once evidence is accepted. */
export interface ExternalClaimEntry {
  readonly claim: unknown;
  record?: Uint8Array;
}

function writeBytes(w: StateWrite): number {
  return w.key.length + (w.value?.length ?? 0);
}

/** The bytes of a state output a contract chooses: its id, value and public inputs. */
export function stateOutputBytes(o: TxOutput): number {
  if (o.content.type !== 'state') return 0;
  const s = o.content.state;
  return s.stateId.length + (s.value?.length ?? 0) + s.publicInputs.reduce((n, p) => n + p.length, 0);
}

export class DraftBuilder {
  readonly inputs: DraftInput[] = [];
  readonly outputs: TxOutput[] = [];
  readonly events: ContractEvent[] = [];
  /** Pending state writes by hex key, in first-write order (deterministic: insertion order). */
  private readonly writes = new Map<string, StateWrite>();
  /**
   * What this call's own reads see for a key: the latest state_set/write/delete or StateOutput
   * appended in this call. WES's state_get scanned the draft's state outputs, so compiled WES
   * contracts that append a StateOutput and read it back keep working.
   */
  private readonly view = new Map<string, StateWrite>();
  /** Outpoints this call spends (non-reference inputs), so balances and selection skip them. */
  private readonly spent = new Set<string>();
  returnData: Uint8Array = new Uint8Array(0);
  /** Bytes of event data recorded so far (the per-call event cap counts these). */
  eventBytes = 0;
  /** Key + value bytes of the pending state writes plus the state outputs' bytes (the per-call state cap). */
  stateBytes = 0;

  constructor(
    readonly contract: Address,
    readonly caller: Address,
  ) {}

  addInput(input: DraftInput): number {
    this.inputs.push(input);
    if (!input.referenceOnly) this.spent.add(outPointKey(input.outPoint));
    return this.inputs.length - 1;
  }

  /** True when a non-reference input of this call already consumes `outPoint`. */
  spends(outPoint: OutPoint): boolean {
    // Most calls spend nothing: skip building the key (balance scans ask once per UTXO).
    return this.spent.size !== 0 && this.spent.has(outPointKey(outPoint));
  }

  addOutput(output: TxOutput): number {
    refuseReservedOutput(output);
    return this.appendOutput(output);
  }

  /** A host-made record under the reserved prefix (the only way such a state id is written). */
  addHostRecord(output: TxOutput): number {
    return this.appendOutput(output);
  }

  /** Claims declared in this call, by claim id hex, in declaration order. */
  readonly externalClaims = new Map<string, ExternalClaimEntry>();

  private appendOutput(output: TxOutput): number {
    this.outputs.push(output);
    const c = output.content;
    if (c.type === 'state') {
      this.stateBytes += stateOutputBytes(output);
      // A StateOutput is also this call's latest view of that state id (WES state_get semantics).
      this.view.set(bytesKey(c.state.stateId), { key: c.state.stateId, value: c.state.value ?? c.state.executionResultHash, version: c.state.version });
    }
    return this.outputs.length - 1;
  }

  emitEvent(data: Uint8Array): void {
    this.events.push({ contract: this.contract, data, index: this.events.length });
    this.eventBytes += data.length;
  }

  /** This call's pending write for `key`, if any (value undefined = deleted). */
  pendingWrite(key: Uint8Array): StateWrite | undefined {
    return this.writes.get(bytesKey(key));
  }

  /** The latest state this call produced for `key` (write, delete or StateOutput), if any. */
  pendingState(key: Uint8Array): StateWrite | undefined {
    return this.view.get(bytesKey(key));
  }

  /** stateBytes after writing `value` (undefined = delete) under `key`: an overwrite replaces the old size. */
  stateBytesAfterWrite(key: Uint8Array, value: Uint8Array | undefined): number {
    const old = this.writes.get(bytesKey(key));
    return this.stateBytes - (old === undefined ? 0 : writeBytes(old)) + key.length + (value?.length ?? 0);
  }

  writeState(key: Uint8Array, value: Uint8Array | undefined, version: bigint): void {
    refuseReserved(key);
    const k = bytesKey(key);
    const w = { key, value, version };
    this.stateBytes = this.stateBytesAfterWrite(key, value);
    // Keep first-write position so the order depends only on the contract's own actions.
    this.writes.set(k, w);
    this.view.set(k, w);
  }

  get stateWriteCount(): number {
    return this.writes.size;
  }

  get stateWrites(): readonly StateWrite[] {
    return [...this.writes.values()];
  }

  freeze(): TransactionDraft {
    return new FrozenDraft({
      contract: this.contract,
      caller: this.caller,
      inputs: Object.freeze([...this.inputs]),
      outputs: Object.freeze([...this.outputs]),
      stateWrites: Object.freeze(this.stateWrites),
      events: Object.freeze([...this.events]),
      returnData: this.returnData,
    });
  }
}

/** The immutable draft value: fields fixed at construction, encoding computed once on demand. */
class FrozenDraft implements TransactionDraft {
  readonly contract: Uint8Array;
  readonly caller: Uint8Array;
  readonly inputs: readonly DraftInput[];
  readonly outputs: readonly TxOutput[];
  readonly stateWrites: readonly StateWrite[];
  readonly events: readonly ContractEvent[];
  readonly returnData: Uint8Array;
  #encoded: Uint8Array | undefined;

  constructor(f: DraftFields) {
    this.contract = f.contract;
    this.caller = f.caller;
    this.inputs = f.inputs;
    this.outputs = f.outputs;
    this.stateWrites = f.stateWrites;
    this.events = f.events;
    this.returnData = f.returnData;
    Object.freeze(this);
  }

  private encoded(): Uint8Array {
    // A private field may be written after Object.freeze: caching does not unfreeze the value.
    return (this.#encoded ??= encodeDraft(this));
  }

  encode(): Uint8Array {
    return this.encoded().slice();
  }

  hash(): Uint8Array {
    return sha256(this.encoded());
  }
}

