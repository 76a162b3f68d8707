/**
 * The oracle for one (possibly broken) module: load it like the node would, and if it loads,
 * call one method under a small gas limit. Every outcome must be typed:
 *   rejected  — a ModuleRejectedError (LOAD_<rule>);
 *   ran       — a CallResult, success or a typed ExecutionError, with 0 ≤ gasUsed ≤ gasLimit.
 * Anything else is a violation, named so counts group by class.
 */
import 'reflect-metadata';
import { engineConfig } from '../../pkg/config.js';
import type { ExecutionContext } from '../../pkg/engine.js';
import { ExecutionError, ModuleRejectedError, isWesError } from '../../pkg/errors.js';
import { createEngine } from '../../internal/core/engines/wasm/manager/container.js';
import type { WasmEngineManager } from '../../internal/core/engines/wasm/manager/engine-manager.js';

export type Verdict =
  | { readonly outcome: 'rejected'; readonly rule: string }
  | { readonly outcome: 'no-method' }
  | { readonly outcome: 'ran'; readonly result: string; readonly gasUsed: string }
  | { readonly outcome: 'violation'; readonly violation: string; readonly detail: string; readonly subclass?: string };

export const FUZZ_GAS_LIMIT = 200_000n;

const CONTEXT: ExecutionContext = {
  caller: new Uint8Array(20).fill(0xaa),
  blockHeight: 100n,
  blockTimestamp: 1_700_000_000n,
  txHash: new Uint8Array(32).fill(7),
  txIndex: 0,
  callIndex: 0,
  chain: {
    blocks: { blockAt: () => undefined },
    state: { get: () => undefined },
    utxos: { get: () => undefined, listByOwner: () => [] },
    resources: { get: () => undefined },
    chainId: 'wes-fuzz',
  },
};

const PAYLOAD = new TextEncoder().encode('{}');

/**
 * One engine per worker. Start-up code gets a small budget so a mutant whose start function
 * loops costs milliseconds, not the default 10^9 gas; mutants are unique, so caches stay small.
 */
export function fuzzEngine(): WasmEngineManager {
  return createEngine({
    config: engineConfig({ limits: { initGasLimit: 2_000_000n }, cache: { memoryEntries: 4, poolPerModule: 1, diskDir: undefined } }),
  });
}

const violation = (name: string, detail: string, subclass?: string): Verdict => ({
  outcome: 'violation',
  violation: name,
  detail: detail.slice(0, 300),
  ...(subclass !== undefined && { subclass }),
});

const describeError = (e: unknown): string => (e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e));

function judgeResult(r: { ok: boolean; gasUsed: bigint; error: ExecutionError | undefined; statusName: string }, gasLimit: bigint): Verdict {
  if (typeof r.gasUsed !== 'bigint' || r.gasUsed < 0n || r.gasUsed > gasLimit) {
    return violation('gas-out-of-range', `gasUsed ${String(r.gasUsed)} outside [0, ${gasLimit}]`);
  }
  if (r.ok) return { outcome: 'ran', result: r.statusName, gasUsed: r.gasUsed.toString() };
  if (!(r.error instanceof ExecutionError)) {
    return r.error === undefined && r.statusName !== 'TRAPPED'
      ? { outcome: 'ran', result: r.statusName, gasUsed: r.gasUsed.toString() } // a contract-reported failure status
      : violation('untyped-call-error', describeError(r.error));
  }
  // An ordinary JS exception caught by the trap classifier comes back as HOST_ERROR without a cause.
  if (r.error.trap === 'HOST_ERROR' && r.error.details['cause'] === undefined) {
    return violation('untyped-host-error', r.error.message);
  }
  if (r.error.trap === 'HOST_STACK_EXHAUSTED') return violation('host-stack-exhausted', r.error.message);
  return { outcome: 'ran', result: r.error.code, gasUsed: r.gasUsed.toString() };
}

/** Why V8 refuses a module (its compile error names the rule and the offset). */
function v8Reason(bytes: Uint8Array): string {
  try {
    new WebAssembly.Module(bytes as Uint8Array<ArrayBuffer>);
    return 'V8 compiles it after all';
  } catch (e) {
    return e instanceof Error ? e.message.replace(/^WebAssembly\.Module\(\): /, '') : String(e);
  }
}

/** V8's reason without numbers: the rule, for grouping. */
const v8Rule = (bytes: Uint8Array): string =>
  v8Reason(bytes).replace(/:"[^"]*"/g, '').replace(/#?\d+/g, 'N').replace(/ @\+N$/, '');

export interface JudgeOptions {
  readonly gasLimit?: bigint;
  /**
   * Also call modules V8 rejects that the loader accepted, to learn whether they escape metering
   * (a hang costs the watchdog's timeout each; `make fuzz` does, the test suite does not).
   */
  readonly runAcceptedInvalid?: boolean;
}

export function judgeModule(engine: WasmEngineManager, bytes: Uint8Array, options: JudgeOptions = {}): Verdict {
  const gasLimit = options.gasLimit ?? FUZZ_GAS_LIMIT;
  const v8Valid = WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>);
  let methods: readonly string[];
  try {
    methods = engine.prepareSync(bytes).methods;
  } catch (e) {
    if (e instanceof ModuleRejectedError) return { outcome: 'rejected', rule: e.code };
    return violation(isWesError(e) ? 'load-non-load-error' : 'load-untyped-exception', describeError(e));
  }
  const acceptedInvalid = `the loader accepted a module V8 rejects (${v8Reason(bytes)})`;
  if (!v8Valid && options.runAcceptedInvalid !== true) {
    return violation('accepted-v8-invalid', acceptedInvalid, v8Rule(bytes));
  }
  const method = methods[0];
  let verdict: Verdict;
  if (method === undefined) verdict = { outcome: 'no-method' };
  else {
    try {
      verdict = judgeResult(engine.callSync({ code: bytes, method, payload: PAYLOAD, gasLimit, context: CONTEXT }), gasLimit);
    } catch (e) {
      if (e instanceof ModuleRejectedError) return { outcome: 'rejected', rule: e.code };
      verdict = violation(isWesError(e) ? `call-threw-${e.code}` : 'call-untyped-exception', describeError(e));
    }
  }
  if (v8Valid) return verdict;
  const then = verdict.outcome === 'violation' ? `${verdict.violation}: ${verdict.detail}` : JSON.stringify(verdict);
  const outcome = verdict.outcome === 'violation' ? verdict.violation : verdict.outcome === 'ran' ? verdict.result : verdict.outcome;
  return violation('accepted-v8-invalid', `${acceptedInvalid}; calling ${method ?? '(no method)'} gave ${then}`, `${v8Rule(bytes)} -> ${outcome}`);
}
