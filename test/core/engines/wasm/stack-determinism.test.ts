/**
 * The deterministic stack budget trips before V8's own stack on every supported stack size:
 * the same deep-recursion calls end with the same status and gas in a `--stack-size=400`
 * process, the default main thread and worker threads with 2 MB and 8 MB stacks; a thread too
 * small for the budget refuses to start the engine with a typed configuration error.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../../internal/core/engines/wasm/manager/container.js';
import { testContext } from '../../../helpers/context.js';
import { wat } from '../../../helpers/wat.js';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
const dist = (p: string): string => JSON.stringify(pathToFileURL(join(ROOT, 'dist', p)).href);

const MEM = '(memory (export "memory") 1)';

/** Each recursion shape the budget must cover. */
const CONTRACTS: Record<string, string> = {
  'direct recursion, no locals': `(module ${MEM}
    (func $f (param i32) (result i32) (call $f (i32.add (local.get 0) (i32.const 1))))
    (func (export "Run") (result i32) (call $f (i32.const 0))))`,
  'recursion with 4000 i64 locals': `(module ${MEM}
    (func $f (param i32) (result i32) (local ${'i64 '.repeat(4000)}) (call $f (i32.add (local.get 0) (i32.const 1))))
    (func (export "Run") (result i32) (call $f (i32.const 0))))`,
  'recursion with 100 i64 params': `(module ${MEM}
    (func $f (param ${'i64 '.repeat(100)}) (result i32) (call $f ${'(local.get 0) '.repeat(100)}))
    (func (export "Run") (result i32) (call $f ${'(i64.const 1) '.repeat(100)})))`,
  'mutual recursion through call_indirect': `(module ${MEM}
    (type $t (func (param i32) (result i32)))
    (table 2 funcref) (elem (i32.const 0) $a $b)
    (func $a (type $t) (call_indirect (type $t) (i32.add (local.get 0) (i32.const 1)) (i32.const 1)))
    (func $b (type $t) (call_indirect (type $t) (i32.add (local.get 0) (i32.const 1)) (i32.const 0)))
    (func (export "Run") (result i32) (call $a (i32.const 0))))`,
  // Host malloc calls the guest's exported allocator, which calls host malloc again.
  'recursion through a host function (env.malloc -> guest malloc)': `(module
    (import "env" "malloc" (func $hmalloc (param i32) (result i32)))
    ${MEM}
    (func (export "malloc") (param i32) (result i32) (call $hmalloc (local.get 0)))
    (func (export "Run") (result i32) (call $hmalloc (i32.const 8))))`,
};

// A host function handed JSON nested 5,000 deep: V8's recursive JSON.stringify (used for error
// messages) succeeds or overflows depending on the stack, so host code bounds nesting first.
const NESTED = `{"outputs":[{"type":${'['.repeat(5000)}${']'.repeat(5000)}}]}`;
const DEEP_JSON_CONTRACT = `(module
  (import "env" "host_build_transaction" (func $build (param i32 i32 i32 i32) (result i32)))
  ${MEM}
  (data (i32.const 1024) "${NESTED.replace(/"/g, '\\"')}")
  (func (export "Run") (result i32) (call $build (i32.const 1024) (i32.const ${NESTED.length}) (i32.const 0) (i32.const 0))))`;

interface Outcome {
  readonly name: string;
  readonly code: string | undefined;
  readonly status: number | undefined;
  readonly gasUsed: string;
}
type Report = { readonly outcomes: readonly Outcome[] } | { readonly fatal: string };

const GAS_LIMIT = 1_000_000_000n;
const JSON_CASE = 'JSON nested 5,000 deep passed to host_build_transaction';

/** Runs every contract on a fresh engine in whatever thread/process evaluates it. */
const RUNNER = `(async () => {
  const { isMainThread, workerData, parentPort } = await import('node:worker_threads');
  const report = (r) => (isMainThread ? process.stdout.write(JSON.stringify(r)) : parentPort.postMessage(r));
  try {
    const { createEngine } = await import(${dist('internal/core/engines/wasm/manager/container.js')});
    const { testContext } = await import(${dist('test/helpers/context.js')});
    const input = isMainThread ? JSON.parse(process.env.WES_STACK_INPUT) : workerData;
    const engine = createEngine();
    const outcomes = input.map(({ name, hex }) => {
      const r = engine.callSync({ code: Buffer.from(hex, 'hex'), method: 'Run', payload: new Uint8Array(0), gasLimit: ${GAS_LIMIT}n, context: testContext() });
      return { name, code: r.error && r.error.code, status: r.status, gasUsed: r.gasUsed.toString() };
    });
    report({ outcomes });
  } catch (e) {
    report({ fatal: (e && e.code) || String(e) });
  }
})();`;

type Input = { name: string; hex: string }[];

function inChildProcess(flags: string[], input: Input): Promise<Report> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...flags, '-e', RUNNER], { env: { ...process.env, WES_STACK_INPUT: JSON.stringify(input) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 || out === '') reject(new Error(`runner exited with ${code}: ${err}`));
      else resolve(JSON.parse(out) as Report);
    });
  });
}

function inWorker(stackSizeMb: number, input: Input): Promise<Report> {
  return new Promise((resolve, reject) => {
    const w = new Worker(RUNNER, { eval: true, workerData: input, resourceLimits: { stackSizeMb } });
    w.once('message', (r: Report) => {
      resolve(r);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

describe('stack limit is the same everywhere', () => {
  let input: Input;
  let reference: Outcome[];

  beforeAll(async () => {
    input = [];
    for (const [name, src] of Object.entries(CONTRACTS)) input.push({ name, hex: Buffer.from(await wat(src)).toString('hex') });
    input.push({ name: JSON_CASE, hex: Buffer.from(await wat(DEEP_JSON_CONTRACT)).toString('hex') });
    const engine = createEngine();
    reference = input.map(({ name, hex }) => {
      const r = engine.callSync({ code: Buffer.from(hex, 'hex'), method: 'Run', payload: new Uint8Array(0), gasLimit: GAS_LIMIT, context: testContext() });
      return { name, code: r.error?.code, status: r.status, gasUsed: r.gasUsed.toString() };
    });
  });

  it('every recursion shape ends with EXEC_STACK_OVERFLOW in this process', () => {
    for (const o of reference.filter((r) => r.name !== JSON_CASE)) {
      expect(o.code, o.name).toBe('EXEC_STACK_OVERFLOW');
      expect(BigInt(o.gasUsed), o.name).toBeGreaterThan(0n);
      expect(BigInt(o.gasUsed), o.name).toBeLessThan(GAS_LIMIT);
    }
  });

  it('deeply nested JSON given to a host function is refused with a return code, not a stack overflow', () => {
    const o = reference.find((r) => r.name === JSON_CASE)!;
    expect(o.code).toBeUndefined();
    expect(o.status).not.toBe(0);
  });

  it.each([
    ['a child process with node --stack-size=400', (i: Input) => inChildProcess(['--stack-size=400'], i)],
    ['a child process with the default main-thread stack', (i: Input) => inChildProcess([], i)],
    ['a child process running TurboFan only (--no-liftoff)', (i: Input) => inChildProcess(['--no-liftoff'], i)],
    ['a worker thread with a 2 MB stack', (i: Input) => inWorker(2, i)],
    ['a worker thread with an 8 MB stack', (i: Input) => inWorker(8, i)],
  ])('%s gives the same status and gas', async (_label, run) => {
    const report = await run(input);
    expect(report).toEqual({ outcomes: reference });
  });

  it('a thread whose stack cannot hold the budget refuses to start the engine (CONFIG_STACK_TOO_SMALL)', async () => {
    const report = await inChildProcess(['--stack-size=250'], input);
    expect(report).toEqual({ fatal: 'CONFIG_STACK_TOO_SMALL' });
  });
});
