/** Execution under limits: gas, stack, memory cap, traps, isolation between calls. */
import { describe, expect, it } from 'vitest';
import { engineConfig } from '../../../../pkg/config.js';
import { ExecutionError } from '../../../../pkg/errors.js';
import type { CallResult } from '../../../../pkg/engine.js';
import { createEngine } from '../../../../internal/core/engines/wasm/manager/container.js';
import type { WasmEngineManager } from '../../../../internal/core/engines/wasm/manager/engine-manager.js';
import { address, testContext } from '../../../helpers/context.js';
import { wat } from '../../../helpers/wat.js';
import { DEFAULT_OPCODE_COSTS } from '../../../../internal/core/engines/wasm/loader/cost-table.js';

const MEM = '(memory (export "memory") 1)';
const RET = '(import "env" "set_return_data" (func $ret (param i32 i32) (result i32)))';

async function run(engine: WasmEngineManager, src: string, method = 'Run', gasLimit = 10_000_000n, caller = address(0xaa)): Promise<CallResult> {
  const code = await wat(src);
  return engine.call({ code, method, payload: new Uint8Array(0), gasLimit, context: testContext({ caller }) });
}

function trapOf(r: CallResult): string {
  expect(r.ok).toBe(false);
  expect(r.error).toBeInstanceOf(ExecutionError);
  return (r.error as ExecutionError).trap;
}

describe('gas', () => {
  it('charges exactly the static cost of straight-line code', async () => {
    const r = await run(createEngine(), `(module ${MEM} (func (export "Run") (result i32) i32.const 2 i32.const 3 i32.add drop i32.const 0))`);
    expect(r.ok).toBe(true);
    // i32.const, i32.const, i32.add, drop, i32.const: five instructions at 1 gas each.
    expect(r.gasUsed).toBe(5n);
  });

  it('charges every loop iteration: 10 iterations of a 7-instruction body plus the loop header', async () => {
    const r = await run(createEngine(), `(module ${MEM} (func (export "Run") (result i32) (local i32)
      (loop $l (br_if $l (i32.lt_u (local.tee 0 (i32.add (local.get 0) (i32.const 1))) (i32.const 10))))
      i32.const 0))`);
    // Per iteration: the loop header (1) and seven instructions; then the final i32.const.
    expect(r.gasUsed).toBe(10n * 8n + 1n);
  });

  it('stops an infinite loop with OUT_OF_GAS and reports exactly the limit', async () => {
    const r = await run(createEngine(), `(module ${MEM} (func (export "Run") (result i32) (loop $l (br $l)) i32.const 0))`, 'Run', 1_000_000n);
    expect(trapOf(r)).toBe('OUT_OF_GAS');
    expect(r.gasUsed).toBe(1_000_000n);
    expect(r.draft).toBeUndefined();
  });

  describe('every loop pays on every iteration, whatever its shape', () => {
    // Each of these once ran forever or far past its limit: a loop header with static cost 0
    // was never checked, and the back-edge was charged in a region that is never checked.
    const shapes: [string, string][] = [
      ['empty block then br', '(loop $l (block) (br $l))'],
      ['nested empty blocks then br', '(loop $l (block (block (block))) (br $l))'],
      ['br_if back-edge after an empty block', '(loop $l (block) (br_if $l (i32.const 1)))'],
      ['br_table back-edge', '(block $out (loop $l (block) (br_table $l $l $out (i32.const 0))))'],
      ['br from inside a nested block', '(loop $l (block $b (br $l)))'],
      ['empty if/else arms', '(loop $l (if (i32.const 1) (then) (else)) (br $l))'],
      ['loop containing only a call', '(loop $l (call $nothing) (br $l))'],
      ['nested loops, inner empty', '(loop $outer (loop $inner) (br $outer))'],
    ];
    for (const [name, loop] of shapes) {
      it(`${name}: OUT_OF_GAS with exactly the limit used`, async () => {
        const src = `(module ${MEM} (func $nothing) (func (export "Run") (result i32) ${loop} i32.const 0))`;
        for (const limit of [1_000n, 1_000_000n]) {
          const r = await run(createEngine(), src, 'Run', limit);
          expect(trapOf(r)).toBe('OUT_OF_GAS');
          expect(r.gasUsed).toBe(limit);
        }
      }, 30_000);
    }
  });

  it('exponential recursion through functions whose entry is free is stopped by the entry check', async () => {
    // $f starts with an empty block, so its entry region costs nothing; its calls are charged in
    // a region that is never checked. Without a check at every entry, 2^60 calls would run.
    const src = `(module ${MEM}
      (func $f (param i32) (block)
        (if (local.get 0) (then
          (call $f (i32.sub (local.get 0) (i32.const 1)))
          (call $f (i32.sub (local.get 0) (i32.const 1))))))
      (func (export "Run") (result i32) (call $f (i32.const 60)) i32.const 0))`;
    const r = await run(createEngine(), src, 'Run', 1_000_000n);
    expect(trapOf(r)).toBe('OUT_OF_GAS');
    expect(r.gasUsed).toBe(1_000_000n);
  }, 30_000);

  it('call_indirect to a host import pays the import\'s base gas, like a direct call', async () => {
    const mod = (call: string): string => `(module (import "env" "get_block_height" (func $h (result i64))) ${MEM}
      (type $t (func (result i64))) (table 1 funcref) (elem (i32.const 0) $h)
      (func (export "Run") (result i32) (drop ${call}) i32.const 0))`;
    const direct = await run(createEngine(), mod('(call $h)'));
    const indirect = await run(createEngine(), mod('(call_indirect (type $t) (i32.const 0))'));
    expect(direct.ok && indirect.ok).toBe(true);
    // Indirect = direct - call + call_indirect + the i32.const table slot: never cheaper.
    expect(indirect.gasUsed).toBeGreaterThan(direct.gasUsed);
  });

  it('is deterministic: the same call uses the same gas every time, pooled or fresh', async () => {
    const src = `(module ${MEM} (func $fib (param i32) (result i32)
        (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
          (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1))) (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
      (func (export "Run") (result i32) (drop (call $fib (i32.const 15))) i32.const 0))`;
    const engine = createEngine();
    const a = await run(engine, src);
    const b = await run(engine, src);
    const c = await run(createEngine(), src);
    expect(a.ok).toBe(true);
    expect(engine.runtime.stats.reuses).toBe(1);
    expect(b.gasUsed).toBe(a.gasUsed);
    expect(c.gasUsed).toBe(a.gasUsed);
  });

  it('charges bulk memory per byte', async () => {
    const fill = (n: number): string => `(module ${MEM} (func (export "Run") (result i32) (memory.fill (i32.const 0) (i32.const 7) (i32.const ${n})) i32.const 0))`;
    const small = await run(createEngine(), fill(8));
    const big = await run(createEngine(), fill(65536));
    const shift = Number(DEFAULT_OPCODE_COSTS.bulkMemoryByteShift);
    expect(big.gasUsed - small.gasUsed).toBe(BigInt((65536 >> shift) - (8 >> shift)));
  });

  it('charges memory.grow per page', async () => {
    const grow = (n: number): string => `(module ${MEM} (func (export "Run") (result i32) (drop (memory.grow (i32.const ${n}))) i32.const 0))`;
    const one = await run(createEngine(), grow(1));
    const three = await run(createEngine(), grow(3));
    expect(three.gasUsed - one.gasUsed).toBe(2n * DEFAULT_OPCODE_COSTS.memoryGrowPerPage);
  });
});

describe('stack', () => {
  const recursion = (locals: number): string => `(module ${MEM}
    (func $f (param i32) (result i32) ${locals > 0 ? `(local ${'i64 '.repeat(locals)})` : ''}
      (call $f (i32.add (local.get 0) (i32.const 1))))
    (func (export "Run") (result i32) (call $f (i32.const 0))))`;

  it('deep recursion fails with STACK_OVERFLOW, deterministically', async () => {
    const a = await run(createEngine(), recursion(0));
    const b = await run(createEngine(), recursion(0));
    expect(trapOf(a)).toBe('STACK_OVERFLOW');
    expect(a.gasUsed).toBe(b.gasUsed);
  });

  it('big frames hit the deterministic limit before V8 runs out of native stack', async () => {
    const r = await run(createEngine(), recursion(2000));
    expect(trapOf(r)).toBe('STACK_OVERFLOW');
  });

  it('the limit is configurable and counts frame sizes', async () => {
    const engine = createEngine({ config: engineConfig({ limits: { maxStackSlots: 100 } }) });
    const src = `(module ${MEM}
      (func $down (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0)) (else (call $down (i32.sub (local.get 0) (i32.const 1))))))
      (func (export "Run") (result i32) (call $down (i32.const 5)))
      (func (export "Deep") (result i32) (call $down (i32.const 50))))`;
    const code = await wat(src);
    const ok = await engine.call({ code, method: 'Run', payload: new Uint8Array(0), gasLimit: 1_000_000n, context: testContext() });
    expect(ok.ok).toBe(true);
    const deep = await engine.call({ code, method: 'Deep', payload: new Uint8Array(0), gasLimit: 1_000_000n, context: testContext() });
    expect(trapOf(deep)).toBe('STACK_OVERFLOW');
  });
});

describe('memory', () => {
  it('memory.grow past the cap returns -1, exactly as wasm specifies', async () => {
    const r = await run(createEngine(), `(module ${MEM} (func (export "Run") (result i32) (memory.grow (i32.const 256))))`);
    expect(r.status).toBe(-1);
    const ok = await run(createEngine(), `(module ${MEM} (func (export "Run") (result i32) (i32.sub (memory.grow (i32.const 255)) (i32.const 1))))`);
    expect(ok.status).toBe(0);
  });

  it('a contract that traps after a failed grow is reported as MEMORY_LIMIT', async () => {
    const r = await run(createEngine(), `(module ${MEM} (func (export "Run") (result i32)
      (if (i32.eq (memory.grow (i32.const 1000)) (i32.const -1)) (then unreachable)) i32.const 0))`);
    expect(trapOf(r)).toBe('MEMORY_LIMIT');
  });

  it('an instance whose memory grew is not reused', async () => {
    const engine = createEngine();
    const src = `(module ${MEM} (func (export "Run") (result i32) (drop (memory.grow (i32.const 1))) (i32.const 0)))`;
    await run(engine, src);
    await run(engine, src);
    expect(engine.runtime.stats.reuses).toBe(0);
    expect(engine.runtime.stats.instantiations).toBe(2);
  });
});

describe('traps are typed', () => {
  const cases: [string, string][] = [
    ['UNREACHABLE', '(func (export "Run") (result i32) unreachable)'],
    ['MEMORY_ACCESS', '(func (export "Run") (result i32) (i32.load (i32.const 70000)))'],
    ['INTEGER_DIVIDE_BY_ZERO', '(func (export "Run") (result i32) (i32.div_u (i32.const 1) (i32.const 0)))'],
    ['INTEGER_OVERFLOW', '(func (export "Run") (result i32) (i32.div_s (i32.const -2147483648) (i32.const -1)))'],
    ['INVALID_CONVERSION', '(func (export "Run") (result i32) (i32.trunc_f64_s (f64.const 1e30)))'],
    ['INDIRECT_CALL', '(table 1 funcref) (func (export "Run") (result i32) (call_indirect (result i32) (i32.const 0)))'],
  ];
  for (const [trap, fn] of cases) {
    it(trap, async () => {
      const r = await run(createEngine(), `(module ${MEM} ${fn})`);
      expect(trapOf(r)).toBe(trap);
      expect(r.gasUsed).toBeGreaterThan(0n);
    });
  }

  it('MEMORY_ACCESS for an out-of-bounds pointer handed to a host function', async () => {
    const r = await run(createEngine(), `(module ${RET} ${MEM} (func (export "Run") (result i32) (call $ret (i32.const 65530) (i32.const 100))))`);
    expect(trapOf(r)).toBe('MEMORY_ACCESS');
    expect(r.error?.message).toContain('set_return_data');
  });

  it('CONTRACT_ABORT carries the AssemblyScript message', async () => {
    // "boom" as an AS string: length prefix at ptr-4, UTF-16LE payload.
    const r = await run(createEngine(), `(module (import "env" "abort" (func $abort (param i32 i32 i32 i32))) ${MEM}
      (data (i32.const 12) "\\08\\00\\00\\00b\\00o\\00o\\00m\\00")
      (func (export "Run") (result i32) (call $abort (i32.const 16) (i32.const 0) (i32.const 7) (i32.const 3)) i32.const 0))`);
    expect(trapOf(r)).toBe('CONTRACT_ABORT');
    expect(r.error?.message).toContain('boom');
  });

  it('PROC_EXIT from a method ends the call as a failure', async () => {
    const r = await run(createEngine(), `(module (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32))) ${MEM}
      (func (export "Run") (result i32) (call $exit (i32.const 3)) i32.const 0))`);
    expect(trapOf(r)).toBe('PROC_EXIT');
  });

  it('a non-zero status is a failed call with no draft', async () => {
    const r = await run(createEngine(), `(module ${MEM} (func (export "Run") (result i32) i32.const 4))`);
    expect(r.ok).toBe(false);
    expect(r.statusName).toBe('NOT_FOUND');
    expect(r.draft).toBeUndefined();
  });

  it("an unknown method is the caller's error, listing the methods", async () => {
    await expect(run(createEngine(), `(module ${MEM} (func (export "Run") (result i32) i32.const 0))`, 'Nope')).rejects.toThrow(/no method "Nope".*Run/);
  });
});

describe('determinism and isolation', () => {
  it('canonicalises NaN bit patterns', async () => {
    const r = await run(createEngine(), `(module ${MEM} (func (export "Run") (result i32)
      (i32.reinterpret_f32 (f32.div (f32.const 0) (f32.const 0)))))`);
    expect(r.status).toBe(0x7fc00000);
    const r64 = await run(createEngine(), `(module ${MEM} (func (export "Run") (result i32)
      (i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64 (f64.sqrt (f64.const -1))) (i64.const 32)))))`);
    expect(r64.status).toBe(0x7ff80000);
  });

  it('nothing leaks between calls: memory and globals are reset on a reused instance', async () => {
    const engine = createEngine();
    const src = `(module ${MEM} (global $g (mut i32) (i32.const 0))
      (func (export "Run") (result i32)
        (global.set $g (i32.add (global.get $g) (i32.const 1)))
        (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (i32.const 10)))
        (i32.add (global.get $g) (i32.load (i32.const 0)))))`;
    const results = [await run(engine, src), await run(engine, src), await run(engine, src)];
    expect(results.map((r) => r.status)).toEqual([11, 11, 11]);
    expect(engine.runtime.stats.reuses).toBe(2);
  });

  it("each call sees its own context, never a previous call's", async () => {
    const engine = createEngine();
    const src = `(module (import "env" "get_caller" (func $caller (param i32) (result i32))) ${RET} ${MEM}
      (func (export "Run") (result i32) (drop (call $caller (i32.const 0))) (call $ret (i32.const 0) (i32.const 20))))`;
    const a = await run(engine, src, 'Run', 1_000_000n, address(1));
    const b = await run(engine, src, 'Run', 1_000_000n, address(2));
    expect(a.returnData).toEqual(address(1));
    expect(b.returnData).toEqual(address(2));
    expect(engine.runtime.stats.reuses).toBe(1);
  });

  it('rejects gas limits out of range and oversized payloads', async () => {
    const engine = createEngine();
    const code = await wat(`(module ${MEM} (func (export "Run") (result i32) i32.const 0))`);
    const base = { code, method: 'Run', payload: new Uint8Array(0), context: testContext() };
    await expect(engine.call({ ...base, gasLimit: 0n })).rejects.toThrow(/gas limit/);
    await expect(engine.call({ ...base, gasLimit: 10n ** 30n })).rejects.toThrow(/gas limit/);
    await expect(engine.call({ ...base, gasLimit: 1000n, payload: new Uint8Array(2 * 1024 * 1024) })).rejects.toThrow(/payload/);
  });
});
