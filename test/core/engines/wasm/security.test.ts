/**
 * Attacks an untrusted contract can try, one per test. None may crash or stall the node: each
 * ends as a typed failure with bounded gas.
 */
import { describe, expect, it } from 'vitest';
import { ExecutionError, ModuleRejectedError } from '../../../../pkg/errors.js';
import { DEFAULT_LIMITS } from '../../../../pkg/config.js';
import type { CallResult } from '../../../../pkg/engine.js';
import { createEngine, nodeHostAbi } from '../../../../internal/core/engines/wasm/manager/container.js';
import { testContext } from '../../../helpers/context.js';
import { wat } from '../../../helpers/wat.js';
import { patchOnce } from '../../../helpers/wasm-patch.js';
import { parseModule } from '../../../../internal/core/engines/wasm/loader/module-parser.js';
import { MeteringPass } from '../../../../internal/core/engines/wasm/loader/metering.js';
import { costTableFor } from '../../../../internal/core/engines/wasm/loader/cost-table.js';

const MEM = '(memory (export "memory") 1)';

async function run(src: string, gasLimit = 5_000_000n): Promise<CallResult> {
  return createEngine().call({ code: await wat(src), method: 'Run', payload: new Uint8Array(0), gasLimit, context: testContext() });
}

/** The rule a module load fails with, through the whole engine. */
async function loadRule(code: Uint8Array): Promise<string> {
  try {
    await createEngine().call({ code, method: 'Run', payload: new Uint8Array(0), gasLimit: 1_000_000n, context: testContext() });
  } catch (e) {
    expect(e).toBeInstanceOf(ModuleRejectedError);
    return (e as ModuleRejectedError).rule;
  }
  throw new Error('the module was accepted');
}

/** The rewriter's own range checks, with V8's validator out of the way (defence in depth). */
function rewriterRule(code: Uint8Array): string {
  const m = parseModule(code);
  const g = m.importedGlobalCount + m.globals.length;
  try {
    new MeteringPass(m, DEFAULT_LIMITS, costTableFor(nodeHostAbi()), { gas: g, depth: g + 1, oom: g + 2 }).analyse();
  } catch (e) {
    expect(e).toBeInstanceOf(ModuleRejectedError);
    return (e as ModuleRejectedError).rule;
  }
  throw new Error('the rewriter accepted the module');
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

  describe('metering escape', () => {
    it('via an out-of-range local index: one past the declared locals is the engine\'s gas counter', async () => {
      // Declared: one i64 local (index 0). Index 1 would be the instrumented gas-counter local.
      const honest = await wat(`(module ${MEM} (func (export "Run") (result i32) (local i64)
        (loop $l (local.set 0 (i64.const 1000000000000000)) (br $l)) i32.const 0))`);
      const attack = patchOnce(honest, [0x21, 0x00], [0x21, 0x01]);
      expect(await loadRule(attack)).toBe('INDEX_OUT_OF_RANGE');
      expect(rewriterRule(attack)).toBe('INDEX_OUT_OF_RANGE');
    });

    it('via an out-of-range global index: global.set of the engine\'s gas global', async () => {
      // Declared: one global (index 0). Index 1 is where the engine appends its gas global.
      const honest = await wat(`(module ${MEM} (global $g (mut i64) (i64.const 0))
        (func (export "Run") (result i32) (loop $l (global.set $g (i64.const 9223372036854775807)) (br $l)) i32.const 0))`);
      const attack = patchOnce(honest, [0x24, 0x00], [0x24, 0x01]);
      expect(await loadRule(attack)).toBe('INDEX_OUT_OF_RANGE');
      expect(rewriterRule(attack)).toBe('INDEX_OUT_OF_RANGE');
    });

    it('via a bit-flipped global index: global.get 1 -> 3 (the depth global) is rejected', async () => {
      const honest = await wat(`(module ${MEM} (global i32 (i32.const 1)) (global i32 (i32.const 2))
        (func (export "Run") (result i32) (global.get 1)))`);
      const attack = patchOnce(honest, [0x23, 0x01], [0x23, 0x03]);
      expect(await loadRule(attack)).toBe('INDEX_OUT_OF_RANGE');
      expect(rewriterRule(attack)).toBe('INDEX_OUT_OF_RANGE');
    });

    it('via a branch depth past the function body (would skip the exit epilogue)', async () => {
      const honest = await wat(`(module ${MEM} (func $f (block (br 1))) (func (export "Run") (result i32) (call $f) i32.const 0))`);
      const attack = patchOnce(honest, [0x0c, 0x01], [0x0c, 0x02]);
      expect(await loadRule(attack)).toBe('INDEX_OUT_OF_RANGE');
      expect(rewriterRule(attack)).toBe('INDEX_OUT_OF_RANGE');
    });

    it('via a zero-cost loop: (loop $l (block) (br $l)) runs out of gas at exactly the limit', async () => {
      const r = await run(`(module ${MEM} (func (export "Run") (result i32) (loop $l (block) (br $l)) i32.const 0))`, 1_000_000n);
      expect(trap(r)).toBe('OUT_OF_GAS');
      expect(r.gasUsed).toBe(1_000_000n);
    });
  });

  it('start function with parameters (would be called with none) is rejected at load', async () => {
    const code = await wat(`(module ${MEM} (func $s (param i64) (drop (local.get 0))) (start $s)
      (func (export "Run") (result i32) i32.const 0))`, { mutable_globals: true });
    expect(await loadRule(code)).toBe('BAD_START_FUNCTION');
  });

  it('huge memory maximum (above 65,536 pages) is rejected, not silently lowered', async () => {
    const code = await wat(`(module (memory (export "memory") 1 100000) (func (export "Run") (result i32) i32.const 0))`, { mutable_globals: true });
    expect(await loadRule(code)).toBe('MEMORY_TOO_LARGE');
  });

  it('module V8 rejects but our decoder would accept (ill-typed body) is never loaded', async () => {
    const code = await wat(`(module ${MEM} (func (export "Run") (result i32) (i64.const 1)))`, { mutable_globals: true });
    expect(await loadRule(code)).toBe('INVALID');
  });
});
