import { describe, expect, it } from 'vitest';
import { addressToBase58, toHex } from '../../../pkg/encoding.js';
import { i32, rest, runWat, td, te, watBytes } from './harness.js';

const hash = (n: number): string => n.toString(16).padStart(2, '0').repeat(32);
const MINER = new Uint8Array(20).fill(0x33);
const chain = { chainId: 'wes-local', blocks: [{ height: '5', hash: hash(1), merkleRoot: hash(2), stateRoot: hash(3), timestamp: '99', miner: toHex(MINER) }] };

describe('block facts: get_block_hash / get_merkle_root / get_state_root (32 or 0)', () => {
  for (const [name, fill] of [['get_block_hash', 1], ['get_merkle_root', 2], ['get_state_root', 3]] as const) {
    it(name, async () => {
      const imports = `(import "env" "${name}" (func $f (param i64 i32) (result i32)))`;
      const r = await runWat({ imports, chain, body: '(call $outN (call $f (i64.const 5) (i32.const 4)) (i32.const 32)) (i32.const 0)' });
      expect(i32(r)).toBe(32);
      expect(rest(r)).toEqual(new Uint8Array(32).fill(fill));
      expect(i32(await runWat({ imports, chain, body: '(call $out (call $f (i64.const 6) (i32.const 4))) (i32.const 0)' }))).toBe(0);
      const bad = await runWat({ imports, chain, body: '(drop (call $f (i64.const 5) (i32.const 0x1fff0))) (i32.const 0)' });
      expect(bad.error?.trap).toBe('MEMORY_ACCESS');
    });
  }
});

describe('get_miner_address', () => {
  it('writes 20 bytes or returns 2002', async () => {
    const imports = '(import "env" "get_miner_address" (func $f (param i64 i32) (result i32)))';
    const r = await runWat({ imports, chain, body: '(call $outN (call $f (i64.const 5) (i32.const 4)) (i32.const 20)) (i32.const 0)' });
    expect(i32(r)).toBe(20);
    expect(rest(r)).toEqual(MINER);
    expect(i32(await runWat({ imports, chain, body: '(call $out (call $f (i64.const 9) (i32.const 4))) (i32.const 0)' }))).toBe(2002);
  });
});

describe('transaction facts', () => {
  it('get_chain_id writes the ASCII chain id', async () => {
    const r = await runWat({ imports: '(import "env" "get_chain_id" (func $f (param i32) (result i32)))', chain, body: '(call $outN (call $f (i32.const 4)) (i32.const 9)) (i32.const 0)' });
    expect(i32(r)).toBe(9);
    expect(td(rest(r))).toBe('wes-local');
  });
  for (const name of ['get_tx_hash', 'get_transaction_id']) {
    it(`${name} writes the carrying transaction's id`, async () => {
      const imports = `(import "env" "${name}" (func $f (param i32) (result i32)))`;
      const r = await runWat({ imports, context: { txHash: new Uint8Array(32).fill(9) }, body: '(call $outN (call $f (i32.const 4)) (i32.const 32)) (i32.const 0)' });
      expect(i32(r)).toBe(32);
      expect(rest(r)).toEqual(new Uint8Array(32).fill(9));
      expect((await runWat({ imports, body: '(drop (call $f (i32.const 0x1fff0))) (i32.const 0)' })).error?.trap).toBe('MEMORY_ACCESS');
    });
  }
  it('get_tx_index returns the index of the transaction in its block', async () => {
    const r = await runWat({ imports: '(import "env" "get_tx_index" (func $f (result i32)))', context: { txIndex: 3 }, body: '(call $out (call $f)) (i32.const 0)' });
    expect(i32(r)).toBe(3);
  });
});

describe('address text', () => {
  const ADDR = new Uint8Array(20).fill(0xab);
  const TEXT = addressToBase58(ADDR);
  it('address_bytes_to_base58: length, or 0 when it does not fit', async () => {
    const imports = '(import "env" "address_bytes_to_base58" (func $f (param i32 i32 i32) (result i32)))';
    const data = `(data (i32.const 1024) "${watBytes(ADDR)}")`;
    const r = await runWat({ imports, data, body: `(call $outN (call $f (i32.const 1024) (i32.const 4) (i32.const 64)) (i32.const ${TEXT.length})) (i32.const 0)` });
    expect(i32(r)).toBe(TEXT.length);
    expect(td(rest(r))).toBe(TEXT);
    expect(i32(await runWat({ imports, data, body: '(call $out (call $f (i32.const 1024) (i32.const 4) (i32.const 10))) (i32.const 0)' }))).toBe(0);
    expect((await runWat({ imports, body: '(drop (call $f (i32.const 0x1fff8) (i32.const 4) (i32.const 64))) (i32.const 0)' })).error?.trap).toBe('MEMORY_ACCESS');
  });
  it('address_base58_to_bytes: 1 and 20 bytes, 0 for bad text or oversized input', async () => {
    const imports = '(import "env" "address_base58_to_bytes" (func $f (param i32 i32 i32) (result i32)))';
    const data = `(data (i32.const 1024) "${TEXT}") (data (i32.const 1100) "not-an-address")`;
    const r = await runWat({ imports, data, body: `(call $outN (call $f (i32.const 1024) (i32.const ${te(TEXT).length}) (i32.const 4)) (i32.const 20)) (i32.const 0)` });
    expect(i32(r)).toBe(1);
    expect(rest(r)).toEqual(ADDR);
    expect(i32(await runWat({ imports, data, body: '(call $out (call $f (i32.const 1100) (i32.const 14) (i32.const 4))) (i32.const 0)' }))).toBe(0);
    expect(i32(await runWat({ imports, data, body: '(call $out (call $f (i32.const 1024) (i32.const 5000) (i32.const 4))) (i32.const 0)' }))).toBe(0);
  });
});

describe('external state functions link (full behaviour: external-state.test.ts)', () => {
  // Empty arguments: no claim JSON (5002), no claim id (1001), nothing to query (0).
  for (const [name, code] of [['host_declare_external_state', 5002], ['host_provide_evidence', 1001], ['host_query_controlled_state', 0]] as const) {
    it(`${name} links and refuses empty arguments (${code})`, async () => {
      const r = await runWat({ imports: `(import "env" "${name}" (func $f (param i32 i32 i32 i32) (result i32)))`, body: '(call $out (call $f (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))) (i32.const 0)' });
      expect(i32(r)).toBe(code);
    });
  }
});
