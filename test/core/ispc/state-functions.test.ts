import { describe, expect, it } from 'vitest';
import { i32, i64, rest, runWat, td } from './harness.js';

const I = {
  get: '(import "env" "state_get" (func $get (param i32 i32 i32 i32) (result i32)))',
  exists: '(import "env" "state_exists" (func $exists (param i32 i32) (result i32)))',
  set: '(import "env" "state_set" (func $set (param i32 i32 i32 i32) (result i32)))',
  read: '(import "env" "state_read" (func $read (param i32 i32 i32 i32) (result i32)))',
  write: '(import "env" "state_write" (func $write (param i32 i32 i32 i32) (result i32)))',
  del: '(import "env" "state_delete" (func $del (param i32 i32) (result i32)))',
  ver: '(import "env" "get_state_version" (func $ver (param i32 i32) (result i64)))',
  chain: '(import "env" "state_get_from_chain" (func $chain (param i32 i32 i32 i32 i32) (result i32)))',
};
// key "k" at 1024, value "hello" at 1040
const DATA = '(data (i32.const 1024) "k") (data (i32.const 1040) "hello")';
const committed = { state: [{ key: 'k', value: 'abc', version: '7' }] };

describe('state_get (WES: 0 found / 1 not found, value zero-padded to cap)', () => {
  it('reads committed state and pads to the buffer', async () => {
    const r = await runWat({ imports: I.get, data: DATA, chain: committed, body: '(call $outN (call $get (i32.const 1024) (i32.const 1) (i32.const 4) (i32.const 8)) (i32.const 8)) (i32.const 0)' });
    expect(i32(r)).toBe(0);
    expect([...rest(r)]).toEqual([97, 98, 99, 0, 0, 0, 0, 0]);
  });
  it('sees this call\'s pending write first; 1 when absent; 1005 when the buffer is too small', async () => {
    const pending = await runWat({ imports: I.get + I.set, data: DATA, chain: committed, body: '(drop (call $set (i32.const 1024) (i32.const 1) (i32.const 1040) (i32.const 5))) (call $outN (call $get (i32.const 1024) (i32.const 1) (i32.const 4) (i32.const 5)) (i32.const 5)) (i32.const 0)' });
    expect(td(rest(pending))).toBe('hello');
    const absent = await runWat({ imports: I.get, data: DATA, body: '(call $out (call $get (i32.const 1024) (i32.const 1) (i32.const 4) (i32.const 8))) (i32.const 0)' });
    expect(i32(absent)).toBe(1);
    const small = await runWat({ imports: I.get, data: DATA, chain: committed, body: '(call $out (call $get (i32.const 1024) (i32.const 1) (i32.const 4) (i32.const 2))) (i32.const 0)' });
    expect(i32(small)).toBe(1005);
  });
  it('traps on a bad pointer and fails (1) on an oversized key', async () => {
    const bad = await runWat({ imports: I.get, body: '(drop (call $get (i32.const 0x7ffffff0) (i32.const 64) (i32.const 4) (i32.const 8))) (i32.const 0)' });
    expect(bad.error?.trap).toBe('MEMORY_ACCESS');
    expect(bad.draft).toBeUndefined();
    const big = await runWat({ imports: I.get, body: '(call $out (call $get (i32.const 0) (i32.const 0x100000) (i32.const 4) (i32.const 8))) (i32.const 0)' });
    expect(i32(big)).toBe(1);
  });
});

describe('state_exists', () => {
  it('is 1 for committed or pending keys, 0 otherwise', async () => {
    expect(i32(await runWat({ imports: I.exists, data: DATA, chain: committed, body: '(call $out (call $exists (i32.const 1024) (i32.const 1))) (i32.const 0)' }))).toBe(1);
    expect(i32(await runWat({ imports: I.exists, data: DATA, body: '(call $out (call $exists (i32.const 1024) (i32.const 1))) (i32.const 0)' }))).toBe(0);
  });
});

describe('state_set', () => {
  it('stores the real value with version = committed + 1, then + 1 again', async () => {
    const r = await runWat({
      imports: I.set,
      data: DATA,
      chain: committed,
      body: '(drop (call $set (i32.const 1024) (i32.const 1) (i32.const 1040) (i32.const 5))) (call $out (call $set (i32.const 1024) (i32.const 1) (i32.const 1040) (i32.const 4))) (i32.const 0)',
    });
    expect(i32(r)).toBe(0);
    expect(r.draft?.stateWrites).toHaveLength(1);
    expect(td(r.draft?.stateWrites[0]?.value ?? new Uint8Array())).toBe('hell');
    expect(r.draft?.stateWrites[0]?.version).toBe(9n);
  });
  it('charges gas per byte, returns 1 for oversized values, traps on bad value pointers', async () => {
    const small = await runWat({ imports: I.set, data: DATA, body: '(call $out (call $set (i32.const 1024) (i32.const 1) (i32.const 2048) (i32.const 10))) (i32.const 0)' });
    const large = await runWat({ imports: I.set, data: DATA, body: '(call $out (call $set (i32.const 1024) (i32.const 1) (i32.const 2048) (i32.const 1010))) (i32.const 0)' });
    expect(large.gasUsed - small.gasUsed).toBeGreaterThanOrEqual(1000n);
    const over = await runWat({ imports: I.set, data: DATA, body: '(call $out (call $set (i32.const 1024) (i32.const 1) (i32.const 0) (i32.const 0x100001))) (i32.const 0)' });
    expect(i32(over)).toBe(1);
    const bad = await runWat({ imports: I.set, data: DATA, body: '(drop (call $set (i32.const 1024) (i32.const 1) (i32.const 0x1fff0) (i32.const 100))) (i32.const 0)' });
    expect(bad.error?.trap).toBe('MEMORY_ACCESS');
  });
});

describe('state_read (v1.1: length or -code)', () => {
  it('returns the length and writes when it fits; full length and nothing written when not; -2002 when absent', async () => {
    const fits = await runWat({ imports: I.read, data: DATA, chain: committed, body: '(call $outN (call $read (i32.const 1024) (i32.const 1) (i32.const 4) (i32.const 3)) (i32.const 3)) (i32.const 0)' });
    expect(i32(fits)).toBe(3);
    expect(td(rest(fits))).toBe('abc');
    const small = await runWat({ imports: I.read, data: DATA, chain: committed, body: '(call $outN (call $read (i32.const 1024) (i32.const 1) (i32.const 4) (i32.const 2)) (i32.const 2)) (i32.const 0)' });
    expect(i32(small)).toBe(3);
    expect([...rest(small)]).toEqual([0, 0]);
    const absent = await runWat({ imports: I.read, data: DATA, body: '(call $out (call $read (i32.const 1024) (i32.const 1) (i32.const 4) (i32.const 8))) (i32.const 0)' });
    expect(i32(absent)).toBe(-2002);
    const big = await runWat({ imports: I.read, body: '(call $out (call $read (i32.const 0) (i32.const 0x20000) (i32.const 4) (i32.const 8))) (i32.const 0)' });
    expect(i32(big)).toBe(-6002);
  });
});

describe('state_write / state_delete / get_state_version', () => {
  it('writes, versions and deletes', async () => {
    const r = await runWat({
      imports: I.write + I.del + I.ver,
      data: DATA,
      chain: committed,
      body: `(drop (call $write (i32.const 1024) (i32.const 1) (i32.const 1040) (i32.const 5)))
             (call $out64 (call $ver (i32.const 1024) (i32.const 1))) (i32.const 0)`,
    });
    expect(i64(r)).toBe(8n);
    const d = await runWat({ imports: I.del + I.ver, data: DATA, chain: committed, body: '(drop (call $del (i32.const 1024) (i32.const 1))) (call $out64 (call $ver (i32.const 1024) (i32.const 1))) (i32.const 0)' });
    expect(i64(d)).toBe(0n);
    expect(d.draft?.stateWrites[0]).toMatchObject({ value: undefined, version: 8n });
    const absent = await runWat({ imports: I.del, data: DATA, body: '(call $out (call $del (i32.const 1024) (i32.const 1))) (i32.const 0)' });
    expect(i32(absent)).toBe(-2002);
    const emptyKey = await runWat({ imports: I.write, data: DATA, body: '(call $out (call $write (i32.const 1024) (i32.const 0) (i32.const 1040) (i32.const 5))) (i32.const 0)' });
    expect(i32(emptyKey)).toBe(-1001);
    const badPtr = await runWat({ imports: I.ver, body: '(drop (call $ver (i32.const 0x1fffe) (i32.const 8))) (i32.const 0)' });
    expect(badPtr.error?.trap).toBe('MEMORY_ACCESS');
  });
});

describe('state_get_from_chain', () => {
  it('reads committed state only, with the version as 8-byte big-endian', async () => {
    const r = await runWat({
      imports: I.chain + I.set,
      data: DATA,
      chain: committed,
      body: `(drop (call $set (i32.const 1024) (i32.const 1) (i32.const 1040) (i32.const 5)))
             (call $outN (call $chain (i32.const 1024) (i32.const 1) (i32.const 4) (i32.const 4) (i32.const 8)) (i32.const 12)) (i32.const 0)`,
    });
    expect(i32(r)).toBe(0);
    expect([...rest(r)]).toEqual([97, 98, 99, 0, 0, 0, 0, 0, 0, 0, 0, 7]);
    const absent = await runWat({ imports: I.chain, data: DATA, body: '(call $out (call $chain (i32.const 1024) (i32.const 1) (i32.const 4) (i32.const 4) (i32.const 8))) (i32.const 0)' });
    expect(i32(absent)).toBe(1);
    const badVer = await runWat({ imports: I.chain, data: DATA, chain: committed, body: '(drop (call $chain (i32.const 1024) (i32.const 1) (i32.const 4) (i32.const 4) (i32.const 0x1fffc))) (i32.const 0)' });
    expect(badVer.error?.trap).toBe('MEMORY_ACCESS');
  });
});
