/**
 * A ChainView whose contract state persists across calls: each successful call's state writes
 * are applied, as a block would apply them. For end-to-end contract tests without a node.
 */
import { toHex } from '../../pkg/encoding.js';
import type { CallResult, ExecutionContext } from '../../pkg/engine.js';
import type { ChainView, StateEntry } from '../../pkg/ports.js';
import { EMPTY_CHAIN, testContext } from './context.js';

export class StatefulChain {
  private readonly entries = new Map<string, StateEntry>();
  readonly view: ChainView;
  height = 100n;

  constructor() {
    this.view = { ...EMPTY_CHAIN, state: { get: (contract, key) => this.entries.get(`${toHex(contract)}:${toHex(key)}`) } };
  }

  apply(result: CallResult): void {
    const draft = result.draft;
    if (draft === undefined) return;
    for (const w of draft.stateWrites) {
      const k = `${toHex(draft.contract)}:${toHex(w.key)}`;
      if (w.value === undefined) this.entries.delete(k);
      else this.entries.set(k, { value: w.value, version: w.version });
    }
    this.height++;
  }

  context(caller: Uint8Array, overrides: Partial<ExecutionContext> = {}): ExecutionContext {
    return testContext({ caller, chain: this.view, blockHeight: this.height, ...overrides });
  }
}
