/** Runs small WAT contracts that call one host function and report results through set_return_data. */
import type { CallResult, ExecutionContext } from '../../../pkg/engine.js';
import { createEngine } from '../../../internal/core/engines/wasm/manager/container.js';
import { MemoryChainView } from '../../../internal/core/chain/memory-chain-view.js';
import { hash160 } from '../../../pkg/encoding.js';
import { testContext } from '../../helpers/context.js';
import { wat } from '../../helpers/wat.js';

const engine = createEngine();

export interface WatCall {
  /** Extra `(import "env" ...)` lines; name functions `$f`, `$g`, ... */
  readonly imports: string;
  /** Body of `run` (must leave an i32 status on the stack). */
  readonly body: string;
  /** `(data (i32.const N) "...")` lines. */
  readonly data?: string;
  /** Chain JSON seed ("self" = this contract). */
  readonly chain?: unknown;
  readonly context?: Partial<ExecutionContext>;
  readonly gas?: bigint;
}

/**
 * Layout: [0,4) = i32 result written by $out / $outN, [4, ...) = output buffers, data from 1024.
 * `$out (x)` returns x; `$outN (x, n)` returns x followed by n bytes of memory at 4.
 */
export async function runWat(c: WatCall): Promise<CallResult & { code: Uint8Array; contract: Uint8Array }> {
  const code = await wat(`(module
    (import "env" "set_return_data" (func $ret (param i32 i32) (result i32)))
    ${c.imports}
    (memory (export "memory") 2)
    ${c.data ?? ''}
    (func $out (param i32) (i32.store (i32.const 0) (local.get 0)) (drop (call $ret (i32.const 0) (i32.const 4))))
    (func $out64 (param i64) (i64.store (i32.const 0) (local.get 0)) (drop (call $ret (i32.const 0) (i32.const 8))))
    (func $outN (param i32 i32) (i32.store (i32.const 0) (local.get 0)) (drop (call $ret (i32.const 0) (i32.add (i32.const 4) (local.get 1)))))
    (func (export "run") (result i32) ${c.body}))`);
  const contract = hash160((await import('@noble/hashes/sha2.js')).sha256(code));
  const chain = new MemoryChainView(c.chain ?? {}, { self: contract });
  const r = await engine.call({ code, method: 'run', payload: new Uint8Array(0), gasLimit: c.gas ?? 10_000_000n, context: testContext({ chain, ...c.context }) });
  return { ...r, code, contract };
}

/** The i32 a `$out`/`$outN` call reported. */
export function i32(r: CallResult): number {
  return new DataView(r.returnData.buffer, r.returnData.byteOffset).getInt32(0, true);
}

export function i64(r: CallResult): bigint {
  return new DataView(r.returnData.buffer, r.returnData.byteOffset).getBigInt64(0, true);
}

/** Bytes after the i32 of `$outN`. */
export function rest(r: CallResult): Uint8Array {
  return r.returnData.slice(4);
}

/** WAT string literal of bytes ("\\aa\\bb"). */
export function watBytes(b: Uint8Array): string {
  return [...b].map((x) => `\\${x.toString(16).padStart(2, '0')}`).join('');
}

export const te = (s: string): Uint8Array => new TextEncoder().encode(s);
export const td = (b: Uint8Array): string => new TextDecoder().decode(b);
