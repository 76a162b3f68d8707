/**
 * Shared pieces of the peer benchmarks: the AssemblyScript token template's wasm, a ChainView
 * whose state lives in a Map (so balances written by one call are read by the next), the
 * Transfer payloads every peer parses, and the engine-side transfer loop.
 */
import { EMPTY_CHAIN, testContext } from '../../test/helpers/context.js';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChainView, StateEntry, StateReader } from '../../pkg/ports.js';
import type { StateWrite } from '../../pkg/draft.js';
import type { ExecutionContext } from '../../pkg/engine.js';
import { toHex } from '../../pkg/encoding.js';
import { createEngine } from '../../internal/core/engines/wasm/manager/container.js';
import { repoRoot } from '../lib/paths.js';
import type { Sample } from '../lib/stats.js';

/** Options every peer suite accepts. `tiny`: one short iteration (smoke test), not a measurement. */
export interface PeerOptions {
  readonly tiny?: boolean;
}

export const TOKEN_GAS = 10_000_000n;
export const INITIAL_SUPPLY = 10n ** 18n;

/** contracts/build/token.wasm, built with `node contracts/build.mjs` first if it is missing. */
export function tokenWasm(): Uint8Array {
  const root = repoRoot();
  const file = join(root, 'contracts', 'build', 'token.wasm');
  if (!existsSync(file)) execFileSync(process.execPath, [join(root, 'contracts', 'build.mjs')], { cwd: root, stdio: 'ignore' });
  return new Uint8Array(readFileSync(file));
}

export function address(seed: number): Uint8Array {
  const a = new Uint8Array(20);
  new DataView(a.buffer).setUint32(0, seed >>> 0);
  a.fill(0xa0 + (seed % 16), 4);
  return a;
}

export const OWNER = address(0xffff_fff0);
/** Transfers rotate over this many recipients, in every peer alike. */
export const RECIPIENTS = 16;

const encoder = new TextEncoder();

/** `{"to":"<40 hex>","amount":1}`: the Transfer params of abi.json (hex address form). */
export function transferPayload(to: Uint8Array, amount: bigint | number = 1): Uint8Array {
  return encoder.encode(`{"to":"${toHex(to)}","amount":${amount.toString()}}`);
}

export function recipientPayloads(n = RECIPIENTS): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => transferPayload(address(i + 1)));
}

/** State keys as map keys: the project's one bytes-to-key spelling. */
export { bytesKey as keyString } from '../../pkg/encoding.js';
import { bytesKey as keyString } from '../../pkg/encoding.js';

/** A StateReader over a Map that the benchmark updates with each call's draft state writes. */
export class MapState implements StateReader {
  readonly entries = new Map<string, StateEntry>();

  get(_contract: Uint8Array, key: Uint8Array): StateEntry | undefined {
    return this.entries.get(keyString(key));
  }

  apply(writes: readonly StateWrite[]): void {
    for (const w of writes) {
      if (w.value === undefined) this.entries.delete(keyString(w.key));
      else this.entries.set(keyString(w.key), { value: w.value, version: w.version });
    }
  }
}

export function mapChain(state: MapState): ChainView {
  return { ...EMPTY_CHAIN, state, chainId: 'wes-bench' };
}

export function context(caller: Uint8Array, chain: ChainView): ExecutionContext {
  return testContext({ caller, chain });
}

export type Engine = ReturnType<typeof createEngine>;

/** The token template deployed on `engine` with its state in a Map; `transfer(n)` runs n Transfers. */
export interface EngineToken {
  readonly state: MapState;
  readonly engine: Engine;
  /** Runs n Transfer calls from the owner (rotating recipients), applying each draft. */
  transfer(n: number): void;
  /** The same through the async `engine.call`. */
  transferAsync(n: number): Promise<void>;
  /** Gas of one Transfer. */
  readonly gasPerTransfer: bigint;
}

export function deployEngineToken(code: Uint8Array, engine: Engine = createEngine(), supply = INITIAL_SUPPLY): EngineToken {
  const state = new MapState();
  const ctx = context(OWNER, mapChain(state));
  const init = engine.callSync({ code, method: 'Initialize', payload: encoder.encode(`{"supply":"${supply}"}`), gasLimit: TOKEN_GAS, context: ctx });
  if (!init.ok || init.draft === undefined) throw new Error(`token Initialize failed: ${init.statusName} ${init.error?.message ?? ''}`);
  state.apply(init.draft.stateWrites);
  const payloads = recipientPayloads();
  let next = 0;
  let gas = 0n;
  const request = (): { code: Uint8Array; method: string; payload: Uint8Array; gasLimit: bigint; context: ExecutionContext } => {
    const payload = payloads[next]!;
    next = (next + 1) % payloads.length;
    return { code, method: 'Transfer', payload, gasLimit: TOKEN_GAS, context: ctx };
  };
  const check = (r: ReturnType<Engine['callSync']>): void => {
    if (!r.ok || r.draft === undefined) throw new Error(`token Transfer failed: ${r.statusName} ${r.error?.message ?? ''}`);
    state.apply(r.draft.stateWrites);
    gas = r.gasUsed;
  };
  const token: EngineToken = {
    state,
    engine,
    transfer(n) {
      for (let i = 0; i < n; i++) check(engine.callSync(request()));
    },
    async transferAsync(n) {
      for (let i = 0; i < n; i++) check(await engine.call(request()));
    },
    get gasPerTransfer() {
      return gas;
    },
  };
  token.transfer(1);
  return token;
}

/** Reads a u64 balance stored as a decimal string by the template. */
export function storedBalance(state: MapState, who: Uint8Array): bigint {
  const e = state.entries.get(`balance/${toHex(who)}`);
  return e === undefined ? 0n : BigInt(new TextDecoder().decode(e.value));
}

/** Milliseconds per batch of `n` operations -> operations per second (min/max swap sides). */
export function perSecond(s: Sample, n: number): Sample {
  return { median: (n * 1000) / s.median, min: (n * 1000) / s.max, max: (n * 1000) / s.min, runs: s.runs };
}

export function fmtRate(s: Sample, unit = 'transfers/s'): string {
  const f = (x: number): string => Math.round(x).toLocaleString('en-US');
  return `${f(s.median)} ${unit} (min ${f(s.min)}, max ${f(s.max)})`;
}
