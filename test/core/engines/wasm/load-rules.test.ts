/**
 * One test per load rule: each bad module is rejected with its own typed error, before anything
 * runs. (Security file in the CosmWasm sense: each case names the attack or mistake.)
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type EngineLimits } from '../../../../pkg/config.js';
import { InternalError, ModuleRejectedError } from '../../../../pkg/errors.js';
import { requireValidInstrumentation } from '../../../../internal/core/engines/wasm/loader/wasm-validator.js';
import { inspectModule } from '../../../../internal/core/engines/wasm/loader/loader.js';
import { nodeHostAbi } from '../../../../internal/core/engines/wasm/manager/container.js';
import { wat } from '../../../helpers/wat.js';
import { patchOnce } from '../../../helpers/wasm-patch.js';
import { manyImportsModule, manyTypesModule } from '../../../helpers/pathological-modules.js';

/** wabt validates unless a feature flag is passed: this one changes nothing else. */
const NO_WABT_VALIDATION = { mutable_globals: true };

const MEM = '(memory (export "memory") 1)';

function rejects(bytes: Uint8Array, rule: string, limits: EngineLimits = DEFAULT_LIMITS): ModuleRejectedError {
  try {
    inspectModule(bytes, limits, nodeHostAbi());
  } catch (e) {
    expect(e).toBeInstanceOf(ModuleRejectedError);
    const err = e as ModuleRejectedError;
    expect(err.rule).toBe(rule);
    expect(err.code).toBe(`LOAD_${rule}`);
    return err;
  }
  throw new Error(`expected rule ${rule} to reject the module`);
}

describe('load rules', () => {
  it('accepts a minimal valid contract', async () => {
    const ok = inspectModule(await wat(`(module ${MEM} (func (export "Run") (result i32) i32.const 0))`), DEFAULT_LIMITS, nodeHostAbi());
    expect(ok.summary.methods).toEqual(['Run']);
  });

  it('BAD_MAGIC: not a wasm file', () => {
    rejects(new TextEncoder().encode('#!/bin/sh\necho hi\n'), 'BAD_MAGIC');
    rejects(new Uint8Array([0, 0x61, 0x73]), 'BAD_MAGIC');
  });

  it('BAD_VERSION: wasm version 2', () => {
    rejects(new Uint8Array([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]), 'BAD_VERSION');
  });

  it('UNSUPPORTED_FEATURE: a component-model binary', () => {
    rejects(new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0]), 'UNSUPPORTED_FEATURE');
  });

  it('TOO_LARGE: over the size cap', async () => {
    const bytes = await wat(`(module ${MEM} (func (export "Run") (result i32) i32.const 0))`);
    rejects(bytes, 'TOO_LARGE', { ...DEFAULT_LIMITS, maxModuleBytes: 16 });
  });

  it('MALFORMED: truncated and garbage sections never crash the loader', async () => {
    const bytes = await wat(`(module ${MEM} (func (export "Run") (result i32) i32.const 0))`);
    for (let cut = 9; cut < bytes.length; cut += 3) {
      expect(() => inspectModule(bytes.slice(0, cut), DEFAULT_LIMITS, nodeHostAbi())).toThrow(ModuleRejectedError);
    }
    rejects(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 0x0f]), 'MALFORMED');
  });

  it('NO_MEMORY and MULTIPLE_MEMORIES', async () => {
    rejects(await wat(`(module (func (export "Run") (result i32) i32.const 0))`), 'NO_MEMORY');
    rejects(await wat(`(module (memory 1) (memory 1))`, { multi_memory: true }), 'MULTIPLE_MEMORIES');
  });

  it('MEMORY_TOO_LARGE: initial pages over the cap', async () => {
    rejects(await wat(`(module (memory 300))`), 'MEMORY_TOO_LARGE');
  });

  it('FORBIDDEN_IMPORT_MODULE / UNKNOWN_IMPORT / IMPORT_SIGNATURE_MISMATCH / FORBIDDEN_IMPORT_KIND', async () => {
    const e1 = rejects(await wat(`(module (import "fs" "open" (func)) ${MEM})`), 'FORBIDDEN_IMPORT_MODULE');
    expect(e1.message).toContain('fs.open');
    const e2 = rejects(await wat(`(module (import "env" "send_all_money" (func)) ${MEM})`), 'UNKNOWN_IMPORT');
    expect(e2.message).toContain('env.send_all_money');
    rejects(await wat(`(module (import "wasi_snapshot_preview1" "fork" (func)) ${MEM})`), 'UNKNOWN_IMPORT');
    const e3 = rejects(await wat(`(module (import "env" "get_caller" (func (param i64) (result i32))) ${MEM})`), 'IMPORT_SIGNATURE_MISMATCH');
    expect(e3.message).toContain('i->i');
    rejects(await wat(`(module (import "env" "memory" (memory 1)))`), 'FORBIDDEN_IMPORT_KIND');
    rejects(await wat(`(module (import "env" "g" (global i32)) ${MEM})`), 'FORBIDDEN_IMPORT_KIND');
  });

  it('accepts both arities of the functions WES binaries disagree on', async () => {
    const bytes = await wat(`(module
      (import "env" "create_utxo_output" (func (param i32 i64 i32 i32) (result i32)))
      (import "env" "append_resource_output" (func (param i32 i32 i32 i32 i32 i32 i64) (result i32)))
      (import "env" "host_build_transaction" (func (param i32 i32 i32) (result i32))) ${MEM})`);
    expect(inspectModule(bytes, DEFAULT_LIMITS, nodeHostAbi()).summary.imports).toHaveLength(3);
  });

  it('TOO_MANY_FUNCTIONS', async () => {
    const fns = Array.from({ length: 5 }, () => '(func)').join('');
    rejects(await wat(`(module ${MEM} ${fns})`), 'TOO_MANY_FUNCTIONS', { ...DEFAULT_LIMITS, maxFunctions: 4 });
  });

  it('TOO_MANY_LOCALS per function', async () => {
    rejects(await wat(`(module ${MEM} (func (local i32 i32 i32 i32 i32)))`), 'TOO_MANY_LOCALS', { ...DEFAULT_LIMITS, maxLocalsPerFunction: 4 });
    // Local counts near 2^32 are rejected, not summed into a float.
    const huge = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 5, 3, 1, 0, 1,
      10, 9, 1, 7, 1, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, 0x0b]);
    expect(() => inspectModule(huge, DEFAULT_LIMITS, nodeHostAbi())).toThrow(ModuleRejectedError);
  });

  it('FUNCTION_TOO_LARGE', async () => {
    const body = Array.from({ length: 50 }, () => 'nop').join(' ');
    rejects(await wat(`(module ${MEM} (func ${body}))`), 'FUNCTION_TOO_LARGE', { ...DEFAULT_LIMITS, maxFunctionBodyBytes: 20 });
  });

  it('TABLE_TOO_LARGE and TOO_MANY_TABLES', async () => {
    rejects(await wat(`(module ${MEM} (table 100 funcref))`), 'TABLE_TOO_LARGE', { ...DEFAULT_LIMITS, maxTableSize: 10 });
    rejects(await wat(`(module ${MEM} (table 1 funcref) (table 1 funcref))`, { reference_types: true }), 'TOO_MANY_TABLES');
  });

  it('TOO_MANY_GLOBALS', async () => {
    rejects(await wat(`(module ${MEM} (global i32 (i32.const 0)) (global i32 (i32.const 0)))`), 'TOO_MANY_GLOBALS', { ...DEFAULT_LIMITS, maxGlobals: 1 });
  });

  it('TOO_MANY_DATA_SEGMENTS', async () => {
    rejects(await wat(`(module ${MEM} (data (i32.const 0) "a") (data (i32.const 1) "b"))`), 'TOO_MANY_DATA_SEGMENTS', { ...DEFAULT_LIMITS, maxDataSegments: 1 });
  });

  it('RESERVED_EXPORT: a contract cannot shadow engine exports', async () => {
    rejects(await wat(`(module ${MEM} (global (export "__wes_gas") (mut i64) (i64.const 999999999)))`), 'RESERVED_EXPORT');
  });

  it('INVALID: a module V8 rejects is never accepted, even when it decodes', async () => {
    // i32.add on an i64 operand: well-formed bytes, ill-typed.
    const bytes = await wat(`(module ${MEM} (func (export "Run") (result i32) (i32.add (i64.const 1) (i32.const 2))))`, NO_WABT_VALIDATION);
    const e = rejects(bytes, 'INVALID');
    expect(e.message).toMatch(/type|expected/i);
  });

  it('INDEX_OUT_OF_RANGE: local, global, function, type and label indices past the declared ones', async () => {
    const local = patchOnce(await wat(`(module ${MEM} (func (export "Run") (result i32) (local i32) (local.get 0)))`), [0x20, 0x00], [0x20, 0x01]);
    rejects(local, 'INDEX_OUT_OF_RANGE');
    const global = patchOnce(await wat(`(module ${MEM} (global i32 (i32.const 7)) (func (export "Run") (result i32) (global.get 0)))`), [0x23, 0x00], [0x23, 0x01]);
    rejects(global, 'INDEX_OUT_OF_RANGE');
    const call = patchOnce(await wat(`(module ${MEM} (func $z (result i32) (i32.const 0)) (func (export "Run") (result i32) (call $z)))`), [0x10, 0x00], [0x10, 0x05]);
    rejects(call, 'INDEX_OUT_OF_RANGE');
    const depth = patchOnce(await wat(`(module ${MEM} (func (export "Run") (result i32) (block (br 0)) (i32.const 0)))`), [0x0c, 0x00], [0x0c, 0x02]);
    rejects(depth, 'INDEX_OUT_OF_RANGE');
  });

  it('BAD_START_FUNCTION: a start function with parameters or results', async () => {
    const params = await wat(`(module ${MEM} (func $s (param i64)) (start $s) (func (export "Run") (result i32) i32.const 0))`, NO_WABT_VALIDATION);
    expect(rejects(params, 'BAD_START_FUNCTION').message).toContain('1 parameter');
    const results = await wat(`(module ${MEM} (func $s (result i32) i32.const 1) (start $s) (func (export "Run") (result i32) i32.const 0))`, NO_WABT_VALIDATION);
    rejects(results, 'BAD_START_FUNCTION');
  });

  it('MEMORY_TOO_LARGE: a maximum above 65,536 pages is rejected, a valid maximum is lowered to the cap', async () => {
    rejects(await wat(`(module (memory (export "memory") 1 70000) (func (export "Run") (result i32) i32.const 0))`, NO_WABT_VALIDATION), 'MEMORY_TOO_LARGE');
    const ok = inspectModule(await wat(`(module (memory (export "memory") 1 65536) (func (export "Run") (result i32) i32.const 0))`), DEFAULT_LIMITS, nodeHostAbi());
    const mem = new WebAssembly.Module(ok.instrumented as Uint8Array<ArrayBuffer>);
    const inst = new WebAssembly.Instance(mem, {});
    const memory = inst.exports['memory'] as WebAssembly.Memory;
    expect(() => memory.grow(DEFAULT_LIMITS.maxMemoryPages)).toThrow(RangeError);
    expect(memory.grow(DEFAULT_LIMITS.maxMemoryPages - 1)).toBe(1);
  });

  it('TOO_MANY_TYPES: rejected before V8 (whose validator is quadratic in distinct types) sees the module', () => {
    const bytes = manyTypesModule(DEFAULT_LIMITS.maxTypes + 1, 200_000, 10);
    const e = rejects(bytes, 'TOO_MANY_TYPES');
    expect(e.details['count']).toBe(DEFAULT_LIMITS.maxTypes + 1);
  });

  it('every immediate is LEB128: a padded multi-byte call_indirect table index (as LLVM emits) loads', () => {
    const name = (t: string): number[] => [t.length, ...new TextEncoder().encode(t)];
    const exports = [2, ...name('memory'), 0x02, 0, ...name('Run'), 0x00, 1];
    const runBody = [0x00, 0x41, 0x00, 0x11, 0x00, 0x80, 0x80, 0x80, 0x80, 0x00, 0x0b]; // call_indirect type 0, table 0 as 5 bytes
    const code = [2, 4, 0x00, 0x41, 0x01, 0x0b, runBody.length, ...runBody];
    const bytes = new Uint8Array([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
      0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // type () -> i32
      0x03, 0x03, 0x02, 0x00, 0x00, // two functions of type 0
      0x04, 0x04, 0x01, 0x70, 0x00, 0x01, // table 1 funcref
      0x05, 0x03, 0x01, 0x00, 0x01, // memory 1
      0x07, exports.length, ...exports,
      0x09, 0x07, 0x01, 0x00, 0x41, 0x00, 0x0b, 0x01, 0x00, // elem (i32.const 0) func 0
      0x0a, code.length, ...code,
    ]);
    expect(WebAssembly.validate(bytes)).toBe(true);
    const ok = inspectModule(bytes, DEFAULT_LIMITS, nodeHostAbi());
    expect(ok.summary.methods).toEqual(['Run']);
    const inst = new WebAssembly.Instance(new WebAssembly.Module(ok.instrumented as Uint8Array<ArrayBuffer>), {});
    (inst.exports['__wes_gas'] as WebAssembly.Global).value = 1000n;
    expect((inst.exports['Run'] as () => number)()).toBe(1);
  });

  it('an instrumented module that fails validation is an engine bug: InternalError, never a crash', () => {
    const broken = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x01]);
    expect(() => requireValidInstrumentation(broken)).toThrow(InternalError);
  });

  describe('linear-time loading of pathological ~4 MB shapes (hang detector only; time is printed, not asserted)', () => {
    for (const [name, build] of [['19,990 imports with calls to the last one', () => manyImportsModule()], ['types × multi-value functions', () => manyTypesModule()]] as const) {
      it(name, () => {
        const bytes = build();
        expect(bytes.length).toBeGreaterThan(3.5 * 2 ** 20);
        const t0 = performance.now();
        const ok = inspectModule(bytes, DEFAULT_LIMITS, nodeHostAbi());
        console.log(`load ${name}: ${bytes.length} bytes in ${(performance.now() - t0).toFixed(0)} ms`);
        expect(ok.summary.size).toBe(bytes.length);
        // Hang detector only: the quadratic loader took 14 s to over 120 s; a loaded 2-core machine ~1–8 s.
      }, 60_000);
    }
  });

  describe('UNSUPPORTED_FEATURE for everything the metering does not cover', () => {
    const cases: [string, string, Record<string, boolean>][] = [
      ['threads (shared memory)', '(module (memory 1 1 shared))', { threads: true }],
      ['atomics', `(module (memory 1 1 shared) (func (drop (i32.atomic.load (i32.const 0)))))`, { threads: true }],
      ['SIMD', `(module ${MEM} (func (drop (v128.const i32x4 0 0 0 0))))`, { simd: true }],
      ['reference types', `(module ${MEM} (func (drop (ref.null func))))`, { reference_types: true }],
      ['tail calls', `(module ${MEM} (func $f (return_call $f)))`, { tail_call: true }],
      ['exceptions', `(module ${MEM} (tag $t) (func (throw $t)))`, { exceptions: true }],
      ['memory64', '(module (memory i64 1))', { memory64: true }],
      ['passive data segments', `(module ${MEM} (data "abc") (func (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 3))))`, {}],
      ['table.copy', `(module ${MEM} (table 2 funcref) (func (table.copy (i32.const 0) (i32.const 1) (i32.const 1))))`, {}],
    ];
    for (const [name, src, features] of cases) {
      it(name, async () => {
        rejects(await wat(src, features), 'UNSUPPORTED_FEATURE');
      });
    }
  });

  it('accepts bulk memory copy/fill, sign extension, saturating conversions, multi-value and floats', async () => {
    const bytes = await wat(`(module ${MEM}
      (func $pair (result i32 i32) i32.const 1 i32.const 2)
      (func (export "Run") (result i32)
        (memory.copy (i32.const 0) (i32.const 8) (i32.const 8))
        (memory.fill (i32.const 0) (i32.const 1) (i32.const 8))
        (drop (i32.extend8_s (i32.const 255)))
        (drop (i32.trunc_sat_f64_s (f64.const 1e30)))
        (drop (f64.sqrt (f64.const 2)))
        (call $pair) i32.add drop
        i32.const 0))`);
    expect(inspectModule(bytes, DEFAULT_LIMITS, nodeHostAbi()).summary.methods).toEqual(['Run']);
  });
});
