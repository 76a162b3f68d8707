/**
 * Host gas that grows with the work (issue 10: gas calibrated to CPU): per UTXO scanned, per
 * batch item, per iovec, per key byte; and failure paths that cost exactly what success costs.
 * Rates are read from each function's declaration, never restated here.
 */
import { describe, expect, it } from 'vitest';
import { addressToBase58, toHex } from '../../../pkg/encoding.js';
import { nodeHostAbi } from '../../../internal/core/engines/wasm/manager/container.js';
import { i32, runWat, te, watBytes } from './harness.js';

const ME = new Uint8Array(20).fill(0xaa);
const BOB = new Uint8Array(20).fill(0xbb);
const gasOf = (name: string): { base: number; perItem?: number; perByte?: number; perKeyByte?: number } => {
  const f = nodeHostAbi().functions.find((x) => x.name === name);
  if (f === undefined) throw new Error(name);
  return f.gas;
};
const utxos = (n: number): unknown[] =>
  Array.from({ length: n }, (_, i) => ({ txId: toHex(new Uint8Array(32).fill(i + 1)), index: 0, owner: toHex(ME), amount: '10' }));

describe('host gas grows with the work, charged at the declared rates', () => {
  it('query_utxo_balance charges per UTXO of the owner', async () => {
    const imports = '(import "env" "query_utxo_balance" (func $f (param i32 i32 i32) (result i64)))';
    const body = '(drop (call $f (i32.const 1024) (i32.const 0) (i32.const 0))) (i32.const 0)';
    const data = `(data (i32.const 1024) "${watBytes(ME)}")`;
    const one = await runWat({ imports, data, body, chain: { utxos: utxos(1) } });
    const forty = await runWat({ imports, data, body, chain: { utxos: utxos(40) } });
    expect(one.ok && forty.ok).toBe(true);
    expect(forty.gasUsed - one.gasUsed).toBe(BigInt(39 * gasOf('query_utxo_balance').perItem!));
  });

  it('a limit that covers the base but not the UTXOs ends the call OUT_OF_GAS', async () => {
    const imports = '(import "env" "query_utxo_balance" (func $f (param i32 i32 i32) (result i64)))';
    const body = '(drop (call $f (i32.const 1024) (i32.const 0) (i32.const 0))) (i32.const 0)';
    const { base, perItem } = gasOf('query_utxo_balance');
    const r = await runWat({ imports, data: `(data (i32.const 1024) "${watBytes(ME)}")`, body, chain: { utxos: utxos(100) }, gas: BigInt(base + 50 * perItem!) });
    expect(r.error?.trap).toBe('OUT_OF_GAS');
  });

  it('batch_create_outputs charges per item', async () => {
    const imports = '(import "env" "batch_create_outputs" (func $f (param i32 i32) (result i32)))';
    const call = async (n: number): Promise<bigint> => {
      const json = te(JSON.stringify(Array.from({ length: n }, () => ({ recipient: toHex(BOB), amount: '7' }))));
      const padded = new Uint8Array(2048).fill(0x20);
      padded.set(json);
      const r = await runWat({ imports, data: `(data (i32.const 1024) "${watBytes(padded)}")`, body: `(call $out (call $f (i32.const 1024) (i32.const ${padded.length}))) (i32.const 0)` });
      expect(i32(r)).toBe(n);
      return r.gasUsed;
    };
    // Same JSON length (space-padded), so only the item count differs.
    expect((await call(5)) - (await call(2))).toBe(BigInt(3 * gasOf('batch_create_outputs').perItem!));
  });

  it('state keys are charged per byte before the lookup', async () => {
    const imports = '(import "env" "state_exists" (func $f (param i32 i32) (result i32)))';
    const call = async (len: number): Promise<bigint> => (await runWat({ imports, body: `(drop (call $f (i32.const 1024) (i32.const ${len}))) (i32.const 0)` })).gasUsed;
    // 1 gas per byte copied plus the declared key rate.
    expect((await call(1001)) - (await call(1))).toBe(BigInt(1000 * (1 + gasOf('state_exists').perKeyByte!)));
  });

  it('fd_write charges per iovec before reading them', async () => {
    const imports = '(import "wasi_snapshot_preview1" "fd_write" (func $f (param i32 i32 i32 i32) (result i32)))';
    // iovecs of length 0 at 2048: only the count differs.
    const call = async (n: number): Promise<bigint> => (await runWat({ imports, body: `(drop (call $f (i32.const 1) (i32.const 2048) (i32.const ${n}) (i32.const 1024))) (i32.const 0)` })).gasUsed;
    expect((await call(9)) - (await call(1))).toBe(BigInt(8 * gasOf('fd_write').perItem!));
  });
});

describe('failure paths cost what success costs', () => {
  it('address_base58_to_bytes: a valid address and a bad checksum of the same length use the same gas', async () => {
    const imports = '(import "env" "address_base58_to_bytes" (func $f (param i32 i32 i32) (result i32)))';
    const good = te(addressToBase58(BOB));
    const bad = good.slice();
    bad[5] = bad[5] === 0x32 ? 0x33 : 0x32;
    const run = (text: Uint8Array) =>
      runWat({ imports, data: `(data (i32.const 1024) "${watBytes(text)}")`, body: `(call $out (call $f (i32.const 1024) (i32.const ${text.length}) (i32.const 2048))) (i32.const 0)` });
    const ok = await run(good);
    const ko = await run(bad);
    expect([i32(ok), i32(ko)]).toEqual([1, 0]);
    // Success additionally copies the 20-byte address out (1 gas per byte).
    expect(ok.gasUsed - ko.gasUsed).toBe(20n);
  });
});
