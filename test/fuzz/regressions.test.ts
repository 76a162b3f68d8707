/**
 * Minimal reproductions of the failure classes the engine fuzzer found on main (issue 10),
 * written as WAT so they survive template changes. Each runs through the same worker and
 * watchdog as the fuzzer and must end typed: rejected (LOAD_<rule>) or run within its gas.
 *
 * PENDING H1 (issue 10 item 1, loader/): on main before the loader is fixed, the loader
 * accepts all of these (V8 rejects them) and the gas-global ones escape metering (hang).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wat } from '../helpers/wat.js';
import { FuzzPool, type Failure } from './fuzz-pool.js';
import type { Verdict } from './engine-judge.js';

const MEM = '(memory (export "memory") 1)';

/**
 * Found as: leb edits of a global.get/global.set index in a template (e.g. as/token #661, seed
 * 2313403005: {"op":"leb","at":3037,"value":35}; V8: "Invalid global index: 1"). Index one past
 * the module's globals is the engine's gas global once instrumented.
 */
const CASES: Record<string, string> = {
  'global index one past the declared ones reads the gas global': `(module ${MEM} (global $g (mut i32) (i32.const 0))
    (func (export "Run") (result i32) (i32.wrap_i64 (global.get 1))))`,
  'global index one past the declared ones refills the gas global, then loops': `(module ${MEM} (global $g (mut i32) (i32.const 0))
    (func (export "Run") (result i32) (global.set 1 (i64.const 0x7fffffffffffffff)) (loop $l (br $l)) (i32.const 0)))`,
  'global index past the declared ones with no globals at all': `(module ${MEM}
    (func (export "Run") (result i32) (global.set 0 (i64.const 0x7fffffffffffffff)) (loop $l (br $l)) (i32.const 0)))`,
  'local index one past the declared ones (the engine’s own locals)': `(module ${MEM}
    (func (export "Run") (result i32) (local i32) (local.set 1 (i64.const 0x7fffffffffffffff)) (loop $l (br $l)) (i32.const 0)))`,
  // Found by make fuzz (8 in 100,000; V8: "invalid branch depth"): a br past the function's own
  // blocks lands on a block the rewriter added.
  'branch depth past the function’s own blocks': `(module ${MEM}
    (func (export "Run") (result i32) (block (br 2)) (i32.const 0)))`,
  // Found as: as/escrow #498 seed 1406248105 {"op":"leb","at":536,"value":0} and as/sdk-surface #685
  // (V8: "invalid start function: non-zero parameter or return count"); the call then failed with
  // an untyped "Cannot convert undefined to a BigInt" reported as EXEC_HOST_ERROR.
  'start function with a parameter': `(module ${MEM} (func $s (param i64)) (start $s) (func (export "Run") (result i32) (i32.const 0)))`,
  'start function with a result': `(module ${MEM} (func $s (result i32) (i32.const 1)) (start $s) (func (export "Run") (result i32) (i32.const 0)))`,
};

/** wabt's validator would refuse these: the loader under test is the validator that matters. */
const SKIP_WABT_VALIDATION = { mutable_globals: true };

describe('fuzz regressions (minimal reproductions)', () => {
  const names = Object.keys(CASES);
  let verdicts: (Verdict | Failure)[] = [];

  beforeAll(async () => {
    const modules = await Promise.all(names.map((n) => wat(CASES[n]!, SKIP_WABT_VALIDATION)));
    for (const m of modules) expect(WebAssembly.validate(m as Uint8Array<ArrayBuffer>)).toBe(false);
    const pool = new FuzzPool(modules, 15_000, true);
    try {
      verdicts = await pool.run<Verdict>('engine', modules.map((_, base) => ({ base, mutations: [] })));
    } finally {
      await pool.close();
    }
  });

  afterAll(() => {
    verdicts = [];
  });

  it.each(names.map((name, i) => [name, i] as const))('%s: rejected with a typed load error (PENDING H1)', (_name, i) => {
    const v = verdicts[i]!;
    expect(v.outcome === 'violation' ? `${v.violation}: ${v.detail}` : v.outcome).toBe('rejected');
    expect(v.outcome === 'rejected' && v.rule.startsWith('LOAD_')).toBe(true);
  });
});
