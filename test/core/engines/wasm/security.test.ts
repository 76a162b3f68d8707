/**
 * Attacks an untrusted contract can try, one per test. None may crash or stall the node: each
 * ends as a typed failure with bounded gas.
 */
import { describe, expect, it } from 'vitest';
import { ExecutionError } from '../../../../pkg/errors.js';
import type { CallResult } from '../../../../pkg/engine.js';
import { createEngine } from '../../../../internal/core/engines/wasm/manager/container.js';
import { testContext } from '../../../helpers/context.js';
import { wat } from '../../../helpers/wat.js';

const MEM = '(memory (export "memory") 1)';

async function run(src: string, gasLimit = 5_000_000n): Promise<CallResult> {
  return createEngine().call({ code: await wat(src), method: 'Run', payload: new Uint8Array(0), gasLimit, context: testContext() });
}

function trap(r: CallResult): string {
  expect(r.ok).toBe(false);
  return (r.error as ExecutionError).trap;
}

describe('security', () => {
  it('infinite loop in the start function is bounded by the call gas limit', async () => {
    const r = await run(`(module ${MEM} (func $s (loop $l (br $l))) (start $s) (func (export "Run") (result i32) i32.const 0))`, 100_000n);
    expect(trap(r)).toBe('OUT_OF_GAS');
    expect(r.gasUsed).toBe(100_000n);
  });

  it('infinite loop in _initialize is bounded too', async () => {
    const r = await run(`(module ${MEM} (func (export "_initialize") (loop $l (br $l))) (func (export "Run") (result i32) i32.const 0))`, 100_000n);
    expect(trap(r)).toBe('OUT_OF_GAS');
  });

  it('start-up gas is charged to every call, pooled or fresh, identically', async () => {
    const src = `(module ${MEM} (global $x (mut i32) (i32.const 0))
      (func $s (local i32) (loop $l (br_if $l (i32.lt_u (local.tee 0 (i32.add (local.get 0) (i32.const 1))) (i32.const 100)))) (global.set $x (i32.const 5)))
      (start $s) (func (export "Run") (result i32) (i32.sub (global.get $x) (i32.const 5))))`;
    const code = await wat(src);
    const engine = createEngine();
    const req = { code, method: 'Run', payload: new Uint8Array(0), gasLimit: 1_000_000n, context: testContext() };
    const first = await engine.call(req);
    const second = await engine.call(req);
    expect(first.ok && second.ok).toBe(true);
    expect(engine.runtime.stats.reuses).toBe(1);
    expect(second.gasUsed).toBe(first.gasUsed);
    expect(first.gasUsed).toBeGreaterThan(700n);
  });

  it('a call with less gas than start-up needs fails OUT_OF_GAS even on a pooled instance', async () => {
    const src = `(module ${MEM} (func $s (local i32) (loop $l (br_if $l (i32.lt_u (local.tee 0 (i32.add (local.get 0) (i32.const 1))) (i32.const 100)))))
      (start $s) (func (export "Run") (result i32) i32.const 0))`;
    const code = await wat(src);
    const engine = createEngine();
    const req = { code, method: 'Run', payload: new Uint8Array(0), context: testContext() };
    expect((await engine.call({ ...req, gasLimit: 1_000_000n })).ok).toBe(true);
    const poor = await engine.call({ ...req, gasLimit: 50n });
    expect(trap(poor)).toBe('OUT_OF_GAS');
    expect(poor.gasUsed).toBe(50n);
  });

  it('memory bomb: growing until the cap fails cleanly at 256 pages', async () => {
    const r = await run(`(module ${MEM} (func (export "Run") (result i32)
      (loop $l (br_if $l (i32.ne (memory.grow (i32.const 1)) (i32.const -1)))) (memory.size)))`, 10_000_000n);
    expect(r.status).toBe(256);
  });

  it('huge memory.fill is paid per byte: a cheap limit stops it', async () => {
    const r = await run(`(module (memory (export "memory") 256) (func (export "Run") (result i32)
      (loop $l (memory.fill (i32.const 0) (i32.const 1) (i32.const 16777216)) (br $l)) i32.const 0))`, 10_000_000n);
    expect(trap(r)).toBe('OUT_OF_GAS');
  });

  it('pointer + length wrapping past 2^32 is rejected, not wrapped', async () => {
    const r = await run(`(module (import "env" "set_return_data" (func $ret (param i32 i32) (result i32))) ${MEM}
      (func (export "Run") (result i32) (call $ret (i32.const -16) (i32.const 32))))`);
    expect(trap(r)).toBe('MEMORY_ACCESS');
  });

  it('oversized lengths to host functions are refused', async () => {
    const r = await run(`(module (import "env" "set_return_data" (func $ret (param i32 i32) (result i32))) ${MEM}
      (func (export "Run") (result i32) (call $ret (i32.const 0) (i32.const -1))))`);
    expect(r.status).toBe(1); // WES convention: 1 = fail; nothing was read
  });

  it('mutual recursion through call_indirect still hits the stack limit', async () => {
    const r = await run(`(module ${MEM} (type $t (func (result i32))) (table 1 funcref) (elem (i32.const 0) $f)
      (func $f (type $t) (call_indirect (type $t) (i32.const 0)))
      (func (export "Run") (result i32) (call $f)))`, 1_000_000_000n);
    expect(trap(r)).toBe('STACK_OVERFLOW');
  });

  it('a contract cannot reset its own gas: the counter is not reachable from wasm', async () => {
    // Its own globals are separate from the engine's; exporting the engine's name is refused at load.
    const r = await run(`(module ${MEM} (global $g (mut i64) (i64.const 0))
      (func (export "Run") (result i32) (loop $l (global.set $g (i64.const 9999999999)) (br $l)) i32.const 0))`, 100_000n);
    expect(trap(r)).toBe('OUT_OF_GAS');
  });

  it('host call from the start function works (bound before start-up runs)', async () => {
    const r = await run(`(module (import "env" "get_abi_version" (func $v (result i32))) ${MEM} (global $x (mut i32) (i32.const 0))
      (func $s (global.set $x (call $v))) (start $s)
      (func (export "Run") (result i32) (i32.sub (global.get $x) (i32.const 0x00010100))))`);
    expect(r.ok).toBe(true);
  });
});
