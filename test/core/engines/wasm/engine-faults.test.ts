/**
 * No untyped exception ever reaches a caller as the contract's failure: what the contract
 * caused is a typed error with a stable code; a JS exception inside a host function or the
 * runtime, or V8's own stack running out, is an InternalError (an engine fault, no call result).
 */
import { describe, expect, it } from 'vitest';
import { ExecutionError, InternalError, TxError, WesError } from '../../../../pkg/errors.js';
import type { CallResult } from '../../../../pkg/engine.js';
import { createEngine, nodeHostAbi, type EngineOptions } from '../../../../internal/core/engines/wasm/manager/container.js';
import { classifyTrap } from '../../../../internal/core/engines/wasm/runtime/trap-classifier.js';
import { testContext } from '../../../helpers/context.js';
import { wat } from '../../../helpers/wat.js';

const MEM = '(memory (export "memory") 1)';
const HEIGHT = '(import "env" "get_block_height" (func $height (result i64)))';
const CALLS_HEIGHT = `(module ${HEIGHT} ${MEM} (func (export "Run") (result i32) (drop (call $height)) (i32.const 0)))`;

async function call(src: string, options: EngineOptions = {}, validate = true): Promise<CallResult> {
  // Modules V8 itself would reject skip wabt's validator (any feature flag turns it off).
  const code = await wat(src, validate ? {} : { multi_value: true });
  return createEngine(options).call({ code, method: 'Run', payload: new Uint8Array(0), gasLimit: 10_000_000n, context: testContext() });
}

async function rejection(p: Promise<unknown>): Promise<WesError> {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(WesError);
  return e as WesError;
}

function withHeight(fn: () => bigint): EngineOptions {
  // The declared get_block_height (signature, gas) with another implementation.
  const declared = nodeHostAbi().function('env', 'get_block_height');
  if (declared === undefined) throw new Error('get_block_height is not declared');
  return { hostFunctions: [{ ...declared, impl: fn }] };
}

describe('engine faults are InternalError, never a contract result', () => {
  it('a host function throwing a plain TypeError', async () => {
    const e = await rejection(call(CALLS_HEIGHT, withHeight(() => {
      throw new TypeError('Cannot read properties of undefined');
    })));
    expect(e).toBeInstanceOf(InternalError);
    expect(e.code).toBe('INTERNAL');
    expect(e.details['fault']).toBe('untyped exception');
  });

  it("V8's stack running out inside a host function (RangeError) is not reported as the contract's failure", async () => {
    const recurse = (n: number): number => recurse(n + 1) + 1;
    const e = await rejection(call(CALLS_HEIGHT, withHeight(() => BigInt(recurse(0)))));
    expect(e).toBeInstanceOf(InternalError);
    expect(String(e.details['fault'])).toMatch(/native stack exhausted/);
  });

  it('a typed error from a host function stays typed (EXEC_HOST_ERROR with its cause)', async () => {
    const r = await call(CALLS_HEIGHT, withHeight(() => {
      throw new TxError('BAD_LENGTH', 'bad length');
    }));
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('EXEC_HOST_ERROR');
    expect(r.error?.details['cause']).toBe('TX_BAD_LENGTH');
  });

  it('an engine fault does not poison the pool: the next call runs on a fresh, working instance', async () => {
    let fail = true;
    const engine = createEngine(withHeight(() => {
      if (fail) throw new Error('boom');
      return 7n;
    }));
    const code = await wat(CALLS_HEIGHT);
    const req = { code, method: 'Run', payload: new Uint8Array(0), gasLimit: 10_000_000n, context: testContext() };
    await expect(engine.call(req)).rejects.toBeInstanceOf(InternalError);
    fail = false;
    const r = await engine.call(req);
    expect(r.ok).toBe(true);
    expect(engine.runtime.stats.reuses).toBe(0);
  });
});

describe('start-up functions with parameters are rejected with a typed load error', () => {
  it('a start function taking an i64 (was "Cannot convert undefined to a BigInt" as EXEC_HOST_ERROR)', async () => {
    const e = await rejection(call(`(module ${MEM} (func $s (param i64)) (start $s) (func (export "Run") (result i32) (i32.const 0)))`, {}, false));
    expect(e.code).toMatch(/^LOAD_/);
  });

  it('an _initialize taking an i64', async () => {
    const e = await rejection(call(`(module ${MEM} (func (export "_initialize") (param i64)) (func (export "Run") (result i32) (i32.const 0)))`));
    expect(e.code).toMatch(/^LOAD_/);
  });
});

describe('host malloc and a hostile guest allocator export', () => {
  const viaHostMalloc = (exportDecl: string): string => `(module
    (import "env" "malloc" (func $hmalloc (param i32) (result i32)))
    ${MEM} ${exportDecl}
    (func (export "Run") (result i32) (drop (call $hmalloc (i32.const 8))) (i32.const 0)))`;

  it('an exported malloc taking an i64 is a typed EXEC_HOST_ERROR naming the export', async () => {
    const r = await call(viaHostMalloc('(func (export "malloc") (param i64) (result i32) (i32.const 64))'));
    expect(r.error?.code).toBe('EXEC_HOST_ERROR');
    expect(r.error?.message).toMatch(/"malloc" does not have the allocator signature/);
  });

  it('an exported malloc returning an i64 is a typed EXEC_HOST_ERROR', async () => {
    const r = await call(viaHostMalloc('(func (export "malloc") (param i32) (result i64) (i64.const 64))'));
    expect(r.error?.code).toBe('EXEC_HOST_ERROR');
    expect(r.error?.message).toMatch(/allocator signature/);
  });

  it('host malloc re-exported as the guest allocator (recursion through JS only) ends with EXEC_STACK_OVERFLOW', async () => {
    const r = await call(viaHostMalloc('(export "malloc" (func $hmalloc))'));
    expect(r.error?.code).toBe('EXEC_STACK_OVERFLOW');
  });
});

describe('trap classifier', () => {
  const state = { gasRemaining: 10n, stackSlots: 0, maxStackSlots: 100, growFailed: false };

  it('maps every V8 trap message it knows to a precise trap kind', () => {
    const kind = (msg: string): string => (classifyTrap(new WebAssembly.RuntimeError(msg), state) as ExecutionError).trap;
    expect(kind('memory access out of bounds')).toBe('MEMORY_ACCESS');
    expect(kind('divide by zero')).toBe('INTEGER_DIVIDE_BY_ZERO');
    expect(kind('remainder by zero')).toBe('INTEGER_DIVIDE_BY_ZERO');
    expect(kind('divide result unrepresentable')).toBe('INTEGER_OVERFLOW');
    expect(kind('float unrepresentable in integer range')).toBe('INVALID_CONVERSION');
    expect(kind('table index is out of bounds')).toBe('TABLE_ACCESS');
    expect(kind('invalid index into function table')).toBe('TABLE_ACCESS');
    expect(kind('null function or function signature mismatch')).toBe('INDIRECT_CALL');
    expect(kind('unreachable')).toBe('UNREACHABLE');
  });

  it('an unknown wasm trap message is an engine fault, not a guess', () => {
    const e = classifyTrap(new WebAssembly.RuntimeError('some future trap'), state);
    expect(e).toBeInstanceOf(InternalError);
  });

  it('a RangeError or TypeError from V8 is an engine fault', () => {
    expect(classifyTrap(new RangeError('Maximum call stack size exceeded'), state)).toBeInstanceOf(InternalError);
    expect(classifyTrap(new TypeError('Cannot convert undefined to a BigInt'), state)).toBeInstanceOf(InternalError);
    expect(classifyTrap('a thrown string', state)).toBeInstanceOf(InternalError);
  });

  it('a negative gas counter is OUT_OF_GAS whatever was thrown (the call could only end that way)', () => {
    const e = classifyTrap(new RangeError('Maximum call stack size exceeded'), { ...state, gasRemaining: -1n });
    expect((e as ExecutionError).trap).toBe('OUT_OF_GAS');
  });
});
