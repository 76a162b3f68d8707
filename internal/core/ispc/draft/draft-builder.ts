/**
 * The single writer of a call's effects. Host functions append here; nothing reaches the chain
 * directly. freeze() turns a successful call's effects into an immutable TransactionDraft; a
 * failed call simply drops its builder.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type { Address } from '../../../../pkg/types.js';
import type { ContractEvent, DraftInput, StateWrite, TransactionDraft } from '../../../../pkg/draft.js';
import type { TxOutput } from '../../../../pkg/model.js';
import { toHex } from '../../../../pkg/encoding.js';
import { encodeDraft } from './draft-encoding.js';

export class DraftBuilder {
  readonly inputs: DraftInput[] = [];
  readonly outputs: TxOutput[] = [];
  readonly events: ContractEvent[] = [];
  /** Pending state writes by hex key, in first-write order (deterministic: insertion order). */
  private readonly writes = new Map<string, StateWrite>();
  returnData: Uint8Array = new Uint8Array(0);

  constructor(
    readonly contract: Address,
    readonly caller: Address,
  ) {}

  addInput(input: DraftInput): number {
    this.inputs.push(input);
    return this.inputs.length - 1;
  }

  addOutput(output: TxOutput): number {
    this.outputs.push(output);
    return this.outputs.length - 1;
  }

  emitEvent(data: Uint8Array): void {
    this.events.push({ contract: this.contract, data, index: this.events.length });
  }

  /** This call's pending write for `key`, if any (value undefined = deleted). */
  pendingWrite(key: Uint8Array): StateWrite | undefined {
    return this.writes.get(toHex(key));
  }

  writeState(key: Uint8Array, value: Uint8Array | undefined, version: bigint): void {
    const k = toHex(key);
    // Keep first-write position so the order depends only on the contract's own actions.
    this.writes.set(k, { key, value, version });
  }

  get stateWrites(): readonly StateWrite[] {
    return [...this.writes.values()];
  }

  freeze(): TransactionDraft {
    const draft = {
      contract: this.contract,
      caller: this.caller,
      inputs: Object.freeze([...this.inputs]),
      outputs: Object.freeze([...this.outputs]),
      stateWrites: Object.freeze(this.stateWrites),
      events: Object.freeze([...this.events]),
      returnData: this.returnData,
    };
    let encoded: Uint8Array | undefined;
    return Object.freeze({
      ...draft,
      encode(): Uint8Array {
        encoded ??= encodeDraft(draft);
        return encoded.slice();
      },
      hash(): Uint8Array {
        encoded ??= encodeDraft(draft);
        return sha256(encoded);
      },
    });
  }
}
