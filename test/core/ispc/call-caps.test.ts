/**
 * Per-call storage caps: one call may record at most MAX_CALL_EVENT_BYTES of event data and
 * MAX_CALL_STATE_BYTES of state (pending writes' key + value, state outputs' id, value and
 * public inputs). Before, one /simulate could hold 4,096 × 1 MiB of state writes and 1,024 ×
 * 64 KiB of events under the gas cap. Refusals are host return codes the contract can handle.
 */
import { describe, expect, it } from 'vitest';
import { HostErrorCode } from '../../../pkg/types.js';
import { MAX_CALL_EVENT_BYTES, MAX_CALL_STATE_BYTES } from '../../../internal/core/ispc/hostabi/limits.js';
import { i32, rest, runWat } from './harness.js';

const KEYS = '(data (i32.const 1024) "k1k2k3k4s1s2s3")';
const results = (bytes: Uint8Array, n: number): number[] => Array.from({ length: n }, (_, i) => new DataView(bytes.buffer, bytes.byteOffset).getInt32(i * 4, true));

describe('per-call storage caps', () => {
  it(`events: at most ${MAX_CALL_EVENT_BYTES} bytes in total (emit_event returns 1 past it)`, async () => {
    expect(MAX_CALL_EVENT_BYTES).toBe(4 * 65536);
    const emit = '(call $e (i32.const 0) (i32.const 65536))';
    const r = await runWat({
      imports: '(import "env" "emit_event" (func $e (param i32 i32) (result i32)))',
      body: `(call $out (i32.add (i32.add (i32.add (i32.add ${emit} ${emit}) ${emit}) ${emit}) (i32.mul (i32.const 16) ${emit}))) (i32.const 0)`,
    });
    expect(r.ok).toBe(true);
    expect(i32(r)).toBe(16); // four fit exactly, the fifth is refused
    expect(r.events).toHaveLength(4);
    expect(r.draft?.events.reduce((n, e) => n + e.data.length, 0)).toBe(MAX_CALL_EVENT_BYTES);
  });

  it(`state writes: at most ${MAX_CALL_STATE_BYTES} bytes of key + value; an overwrite replaces, a delete frees`, async () => {
    const write = (key: number, len: number, slot: number): string =>
      `(i32.store (i32.const ${4 + slot * 4}) (call $w (i32.const ${1024 + key * 2}) (i32.const 2) (i32.const 65536) (i32.const ${len})))`;
    const r = await runWat({
      imports: '(import "env" "state_write" (func $w (param i32 i32 i32 i32) (result i32))) (import "env" "state_delete" (func $d (param i32 i32) (result i32)))',
      data: KEYS,
      body: [
        write(0, 65536, 0), write(1, 65536, 1), write(2, 65536, 2), // 3 × (2 + 65536)
        write(0, 65536, 3), // overwrite k1: no growth
        write(3, 65536, 4), // k4 would make 4 × 65538 > 262144
        write(3, 65520, 5), // fits: 3 × 65538 + 2 + 65520 = 262136
        '(i32.store (i32.const 28) (call $d (i32.const 1024) (i32.const 2)))', // delete k1: frees 65536
        write(4, 65530, 7), // now fits
        '(call $outN (i32.const 0) (i32.const 32)) (i32.const 0)',
      ].join(' '),
      gas: 50_000_000n,
    });
    expect(r.ok).toBe(true);
    expect(results(rest(r), 8)).toEqual([0, 0, 0, 0, -HostErrorCode.LimitExceeded, 0, 0, 0]);
    expect(r.draft?.stateWrites.map((w) => [new TextDecoder().decode(w.key), w.value?.length])).toEqual([
      ['k1', undefined], ['k2', 65536], ['k3', 65536], ['k4', 65520], ['s1', 65530],
    ]);
  });

  it('state outputs count against the same cap (append_state_output returns -1 past it)', async () => {
    const append = (sid: number): string => `(call $s (i32.const ${1032 + sid * 2}) (i32.const 2) (i64.const 1) (i32.const 1064) (i32.const 16) (i32.const 100000) (i32.const 0))`;
    const r = await runWat({
      imports: '(import "env" "append_state_output" (func $s (param i32 i32 i64 i32 i32 i32 i32) (result i32)))',
      data: `${KEYS} (data (i32.const 1064) "0123456789abcdef0123456789abcdef")`,
      body: `(i32.store (i32.const 4) ${append(0)}) (i32.store (i32.const 8) ${append(1)}) (i32.store (i32.const 12) ${append(2)}) (call $outN (i32.const 0) (i32.const 12)) (i32.const 0)`,
      gas: 50_000_000n,
    });
    expect(r.ok).toBe(true);
    expect(results(rest(r), 3)).toEqual([0, 1, -1]); // 3 × (2 + 100000) > 262144
    expect(r.draft?.outputs).toHaveLength(2);
  });
});
