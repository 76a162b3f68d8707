/**
 * Pool reset restores everything: a pooled instance, reset after each call, behaves bit for bit
 * like a fresh instance — including host-side state such as host malloc's heap top, and the
 * output start-up printed.
 */
import { describe, expect, it } from 'vitest';
import { engineConfig } from '../../../../pkg/config.js';
import type { CallResult } from '../../../../pkg/engine.js';
import { createEngine } from '../../../../internal/core/engines/wasm/manager/container.js';
import { HostBinding } from '../../../../internal/core/engines/wasm/abi/host-binding.js';
import { encodeDraft } from '../../../../internal/core/ispc/draft/draft-encoding.js';
import { testContext } from '../../../helpers/context.js';
import { wat } from '../../../helpers/wat.js';

// No guest allocator export: env.malloc bump-allocates in pages it grows. Start-up allocates
// (growing memory to 2 pages, so later calls fit in the grown page and the instance stays
// poolable); every call allocates 8 bytes, stores the pointer in state and returns it.
const HOST_MALLOC_CONTRACT = `(module
  (import "env" "malloc" (func $malloc (param i32) (result i32)))
  (import "env" "set_return_data" (func $ret (param i32 i32) (result i32)))
  (import "env" "state_set" (func $set (param i32 i32 i32 i32) (result i32)))
  (import "env" "log_debug" (func $log (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "ptr")
  (data (i32.const 32) "start-up ran")
  (func (export "_initialize") (drop (call $log (i32.const 32) (i32.const 12))) (drop (call $malloc (i32.const 8))))
  (func (export "Run") (result i32) (local $p i32)
    (local.set $p (call $malloc (i32.const 8)))
    (i32.store (local.get $p) (local.get $p))
    (drop (call $set (i32.const 16) (i32.const 3) (local.get $p) (i32.const 4)))
    (drop (call $ret (local.get $p) (i32.const 4)))
    (i32.const 0)))`;

interface Fingerprint {
  status: number | undefined;
  gasUsed: bigint;
  returnData: string;
  draft: string;
  logs: readonly string[];
}

function fingerprint(r: CallResult): Fingerprint {
  return {
    status: r.status,
    gasUsed: r.gasUsed,
    returnData: Buffer.from(r.returnData).toString('hex'),
    draft: r.draft === undefined ? '' : Buffer.from(encodeDraft(r.draft)).toString('hex'),
    logs: r.logs,
  };
}

describe('pool reset', () => {
  it('100 pooled calls equal 100 fresh-instance calls bit for bit (host malloc heap top restored)', async () => {
    const code = await wat(HOST_MALLOC_CONTRACT);
    const call = { code, method: 'Run', payload: new Uint8Array(0), gasLimit: 10_000_000n, context: testContext() };
    const pooled = createEngine();
    const fresh = createEngine({ config: engineConfig({ cache: { poolPerModule: 0 } }) });
    const a: Fingerprint[] = [];
    const b: Fingerprint[] = [];
    for (let i = 0; i < 100; i++) {
      a.push(fingerprint(pooled.callSync(call)));
      b.push(fingerprint(fresh.callSync(call)));
    }
    expect(pooled.runtime.stats.reuses).toBe(99);
    expect(fresh.runtime.stats.reuses).toBe(0);
    expect(a[0]!.status).toBe(0);
    // Start-up took 65536..65544; the call's allocation is the next 8 bytes, every time.
    expect(a[0]!.returnData).toBe(Buffer.from(new Uint32Array([65544]).buffer).toString('hex'));
    // Start-up output shows in every call's logs, as a fresh instance's call shows it.
    expect(a[99]!.logs).toEqual(['start-up ran']);
    expect(a).toEqual(b);
  });

  it('every HostBinding field is accounted for: fixed after start-up, per call, or restored by reset', () => {
    // A new field must be added to one of these lists on purpose: if a call can change it and it
    // belongs to the instance, saveInstanceState/restoreInstanceState must cover it.
    const fixedAfterStartup = ['limits', 'memory', 'gas', 'exports', 'phase', 'contextTouchedDuringInit', 'initRandom', 'initLogs'];
    const perCall = ['state'];
    const restored = Object.keys(new HostBinding(engineConfig().limits).saveInstanceState());
    const fields = Object.keys(new HostBinding(engineConfig().limits)).sort();
    expect(fields).toEqual([...fixedAfterStartup, ...perCall, ...restored].sort());
  });
});
