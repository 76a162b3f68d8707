/**
 * The simulation pool runs calls in worker threads: same results as the main-thread engine,
 * chain reads answered by the main thread at one height only, a deadline that stops (and
 * replaces) a runaway worker, typed errors across the thread boundary.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { engineConfig } from '../../pkg/config.js';
import { hash160, utf8Encode } from '../../pkg/encoding.js';
import type { CallResult } from '../../pkg/engine.js';
import { isWesError } from '../../pkg/errors.js';
import { ChainIndex } from '../../internal/core/chain/chain-index.js';
import { createEngine } from '../../internal/core/engines/wasm/manager/container.js';
import { SimulationPool, STALE } from '../../internal/node/simulation/simulation-pool.js';
import { testContext } from '../helpers/context.js';
import { wat } from '../helpers/wat.js';

// Reads state "k" of itself and returns it; emits an event and writes state so the draft is not empty.
const READER = `(module
  (import "env" "set_return_data" (func $ret (param i32 i32) (result i32)))
  (import "env" "state_get" (func $get (param i32 i32 i32 i32) (result i32)))
  (import "env" "state_set" (func $set (param i32 i32 i32 i32) (result i32)))
  (import "env" "emit_event" (func $emit (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 1024) "k") (data (i32.const 1040) "hello")
  (func (export "run") (result i32)
    (drop (call $get (i32.const 1024) (i32.const 1) (i32.const 0) (i32.const 3)))
    (drop (call $set (i32.const 1024) (i32.const 1) (i32.const 1040) (i32.const 5)))
    (drop (call $emit (i32.const 1040) (i32.const 5)))
    (drop (call $ret (i32.const 0) (i32.const 3)))
    (i32.const 0)))`;
// Reads ten distinct state keys ("k" + byte i).
const TEN_READS = `(module
  (import "env" "state_get" (func $get (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "k")
  (func (export "run") (result i32) (local $i i32)
    (loop $l
      (i32.store8 (i32.const 1) (local.get $i))
      (drop (call $get (i32.const 0) (i32.const 2) (i32.const 64) (i32.const 8)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 10))))
    (i32.const 0)))`;
const SPIN = `(module (memory 1) (func (export "spin") (result i32) (loop $l (br $l)) (i32.const 0)))`;

const config = engineConfig();
const index = new ChainIndex('wes-test');
const pools: SimulationPool[] = [];
function pool(limits: ConstructorParameters<typeof SimulationPool>[0]['limits'] = {}): SimulationPool {
  const p = new SimulationPool({ engineConfig: config, chainId: 'wes-test', chain: () => index, limits: { workers: 1, ...limits } });
  pools.push(p);
  return p;
}
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

const { chain: _chain, ...context } = testContext();

describe('simulation pool', () => {
  it('returns what the main-thread engine returns, reading committed state through the channel', async () => {
    const code = await wat(READER);
    index.setState(hash160(sha256(code)), utf8Encode('k'), { value: utf8Encode('abc'), version: 7n });
    const local = createEngine({ config }).callSync({ code, method: 'run', payload: new Uint8Array(0), gasLimit: 1_000_000n, context: testContext({ chain: index }) });
    const remote = (await pool().call({ code, method: 'run', payload: new Uint8Array(0), gasLimit: 1_000_000n, context, height: index.height })) as CallResult;
    expect(remote).not.toBe(STALE);
    expect(new TextDecoder().decode(remote.returnData)).toBe('abc');
    expect(remote.gasUsed).toBe(local.gasUsed);
    expect(remote.statusName).toBe(local.statusName);
    expect(remote.events).toEqual(local.events);
    expect(remote.draft?.hash()).toEqual(local.draft?.hash());
    expect(remote.draft?.stateWrites[0]?.version).toBe(8n);
  });

  it('abandons a call whose reads see another height (a block was committed): STALE, never mixed state', async () => {
    const code = await wat(READER);
    const r = await pool().call({ code, method: 'run', payload: new Uint8Array(0), gasLimit: 1_000_000n, context, height: 41n });
    expect(r).toBe(STALE);
  });

  it('stops a call at the deadline with EXEC_DEADLINE, replaces the worker, and serves the next call', async () => {
    const p = pool({ deadlineMs: 200 });
    const spin = await wat(SPIN);
    // 10^10 gas of a tight loop is tens of seconds of CPU: far past a 200 ms deadline.
    const err = await p.call({ code: spin, method: 'spin', payload: new Uint8Array(0), gasLimit: 10_000_000_000n, context, height: index.height }).catch((e: unknown) => e);
    expect(isWesError(err) && err.code).toBe('EXEC_DEADLINE');
    const code = await wat(READER);
    const next = (await p.call({ code, method: 'run', payload: new Uint8Array(0), gasLimit: 1_000_000n, context, height: index.height })) as CallResult;
    expect(next.statusName).toBe('SUCCESS');
  });

  it('brings typed errors across the thread boundary (load rules, unknown methods)', async () => {
    const p = pool();
    const bad = await p.prepare(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7])).catch((e: unknown) => e);
    expect(isWesError(bad) && bad.code).toBe('LOAD_BAD_MAGIC');
    const spin = await wat(SPIN);
    expect((await p.prepare(spin)).methods).toEqual(['spin']);
    const missing = await p.call({ code: spin, method: 'nope', payload: new Uint8Array(0), gasLimit: 1000n, context, height: index.height }).catch((e: unknown) => e);
    expect(isWesError(missing) && missing.code).toBe('INPUT_METHOD_NOT_FOUND');
  });

  it('bounds what the main thread serves one call: past the read budget the call ends with EXEC_SIMULATION_READS', async () => {
    const code = await wat(TEN_READS);
    const call = (p: SimulationPool) => p.call({ code, method: 'run', payload: new Uint8Array(0), gasLimit: 10_000_000n, context, height: index.height }).catch((e: unknown) => e);
    const ok = (await call(pool({ maxReadItems: 10 }))) as CallResult;
    expect(ok.statusName).toBe('SUCCESS');
    const over = await call(pool({ maxReadItems: 9 }));
    expect(isWesError(over) && over.code).toBe('EXEC_SIMULATION_READS');
  });

  it('bounds the effects a simulation brings back: EXEC_SIMULATION_RESULT_TOO_LARGE past the cap', async () => {
    const code = await wat(READER);
    const over = await pool({ maxResultBytes: 10 }).call({ code, method: 'run', payload: new Uint8Array(0), gasLimit: 1_000_000n, context, height: index.height }).catch((e: unknown) => e);
    expect(isWesError(over) && over.code).toBe('EXEC_SIMULATION_RESULT_TOO_LARGE');
  });

  it('refuses work beyond its queue with INPUT_SIMULATIONS_BUSY', async () => {
    const p = pool({ deadlineMs: 300, maxQueued: 1 });
    const spin = await wat(SPIN);
    const job = () => p.call({ code: spin, method: 'spin', payload: new Uint8Array(0), gasLimit: 10_000_000_000n, context, height: index.height }).catch((e: unknown) => e);
    const results = await Promise.all([job(), job(), job(), job()]);
    const codes = results.map((e) => (isWesError(e) ? e.code : 'none'));
    expect(codes.filter((c) => c === 'INPUT_SIMULATIONS_BUSY').length).toBeGreaterThanOrEqual(2);
    expect(codes.every((c) => c === 'INPUT_SIMULATIONS_BUSY' || c === 'EXEC_DEADLINE')).toBe(true);
  });
});
