import { describe, expect, it } from 'vitest';
import { toBase64, toHex } from '../../../pkg/encoding.js';
import { i32, i64, rest, runWat, td, te, watBytes } from './harness.js';

const ME = new Uint8Array(20).fill(0xaa); // testContext caller
const BOB = new Uint8Array(20).fill(0xbb);
const tx = (n: number): Uint8Array => new Uint8Array(32).fill(n);
const chain = {
  utxos: [
    { txId: toHex(tx(1)), index: 0, owner: toHex(ME), amount: '100' },
    { txId: toHex(tx(2)), index: 0, owner: toHex(ME), amount: '60' },
    { txId: toHex(tx(3)), index: 0, owner: toHex(ME), amount: '60' },
    { txId: toHex(tx(4)), index: 0, owner: toHex(ME), amount: '9', token: { contract: 'self', classId: 'gold' } },
  ],
  resources: [{ contentHash: toHex(tx(7)), encoded: '0a0b0c', json: '{"category":"RESOURCE_CATEGORY_STATIC"}' }],
};
// 1024: ME, 1044: BOB, 1064: txid 1, 1096: txid 9 (unknown), 1128: "gold", 1136: txid 7
const DATA = `(data (i32.const 1024) "${watBytes(ME)}") (data (i32.const 1044) "${watBytes(BOB)}") (data (i32.const 1064) "${watBytes(tx(1))}")
  (data (i32.const 1096) "${watBytes(tx(9))}") (data (i32.const 1128) "gold") (data (i32.const 1136) "${watBytes(tx(7))}")`;

describe('query_utxo_balance', () => {
  const imports = '(import "env" "query_utxo_balance" (func $f (param i32 i32 i32) (result i64)))';
  it('sums native coin, this contract\'s token class, and counts this call\'s spends and outputs', async () => {
    expect(i64(await runWat({ imports, data: DATA, chain, body: '(call $out64 (call $f (i32.const 1024) (i32.const 0) (i32.const 0))) (i32.const 0)' }))).toBe(220n);
    expect(i64(await runWat({ imports, data: DATA, chain, body: '(call $out64 (call $f (i32.const 1024) (i32.const 1128) (i32.const 4))) (i32.const 0)' }))).toBe(9n);
    const pending = await runWat({
      imports: imports + '(import "env" "append_tx_input" (func $in (param i32 i32 i32 i32 i32 i32) (result i32))) (import "env" "create_utxo_output" (func $pay (param i32 i64 i32 i32) (result i32)))',
      data: DATA,
      chain,
      body: '(drop (call $in (i32.const 1064) (i32.const 32) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))) (drop (call $pay (i32.const 1024) (i64.const 5) (i32.const 0) (i32.const 0))) (call $out64 (call $f (i32.const 1024) (i32.const 0) (i32.const 0))) (i32.const 0)',
    });
    expect(i64(pending)).toBe(125n);
    expect((await runWat({ imports, body: '(drop (call $f (i32.const 0x1fff0) (i32.const 0) (i32.const 0))) (i32.const 0)' })).error?.trap).toBe('MEMORY_ACCESS');
    expect(i64(await runWat({ imports, data: DATA, chain, body: '(call $out64 (call $f (i32.const 1024) (i32.const 1128) (i32.const 100000))) (i32.const 0)' }))).toBe(0n);
  });
});

describe('utxo_lookup / utxo_lookup_json / utxo_exists', () => {
  for (const name of ['utxo_lookup', 'utxo_lookup_json']) {
    it(`${name}: length, 2002 unknown, 1005 too small, 1011 bad txid length`, async () => {
      const imports = `(import "env" "${name}" (func $f (param i32 i32 i32 i32 i32) (result i32)))`;
      const r = await runWat({ imports, data: DATA, chain, body: '(call $out (call $f (i32.const 1064) (i32.const 32) (i32.const 0) (i32.const 4) (i32.const 512))) (i32.const 0)' });
      const n = i32(r);
      expect(n).toBeGreaterThan(20);
      const body = await runWat({ imports, data: DATA, chain, body: `(call $outN (call $f (i32.const 1064) (i32.const 32) (i32.const 0) (i32.const 4) (i32.const 512)) (i32.const ${n})) (i32.const 0)` });
      if (name === 'utxo_lookup_json') {
        const j = JSON.parse(td(rest(body)));
        expect(j).toEqual({
          owner: toBase64(ME),
          lockingConditions: [{ singleKeyLock: { requiredAddressHash: toBase64(ME), requiredAlgorithm: 'SIGNATURE_ALGORITHM_ECDSA_SECP256K1', sighashType: 'SIGHASH_ALL' } }],
          asset: { nativeCoin: { amount: '100' } },
        });
      } else {
        // owner (1), LockingCondition{single_key_lock{required_address_hash}} (2), asset{native_coin{amount "100"}} (10)
        // The chain codec writes the single-key lock with its algorithm (ECDSA_SECP256K1) and sighash (ALL).
        expect(toHex(rest(body))).toBe(`0a14${toHex(ME)}121c0a1a1214${toHex(ME)}1801200152070a050a03313030`);
      }
      expect(i32(await runWat({ imports, data: DATA, chain, body: '(call $out (call $f (i32.const 1096) (i32.const 32) (i32.const 0) (i32.const 4) (i32.const 512))) (i32.const 0)' }))).toBe(2002);
      expect(i32(await runWat({ imports, data: DATA, chain, body: '(call $out (call $f (i32.const 1064) (i32.const 32) (i32.const 0) (i32.const 4) (i32.const 3))) (i32.const 0)' }))).toBe(1005);
      expect(i32(await runWat({ imports, data: DATA, chain, body: '(call $out (call $f (i32.const 1064) (i32.const 31) (i32.const 0) (i32.const 4) (i32.const 512))) (i32.const 0)' }))).toBe(1011);
      expect((await runWat({ imports, data: DATA, chain, body: '(drop (call $f (i32.const 1064) (i32.const 32) (i32.const 0) (i32.const 0x1ffff) (i32.const 512))) (i32.const 0)' })).error?.trap).toBe('MEMORY_ACCESS');
    });
  }
  it('utxo_exists: 1 / 0, and 0 once this call spends it', async () => {
    const imports = '(import "env" "utxo_exists" (func $f (param i32 i32 i32) (result i32))) (import "env" "append_tx_input" (func $in (param i32 i32 i32 i32 i32 i32) (result i32)))';
    expect(i32(await runWat({ imports, data: DATA, chain, body: '(call $out (call $f (i32.const 1064) (i32.const 32) (i32.const 0))) (i32.const 0)' }))).toBe(1);
    expect(i32(await runWat({ imports, data: DATA, chain, body: '(call $out (call $f (i32.const 1096) (i32.const 32) (i32.const 0))) (i32.const 0)' }))).toBe(0);
    expect(i32(await runWat({ imports, data: DATA, chain, body: '(drop (call $in (i32.const 1064) (i32.const 32) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))) (call $out (call $f (i32.const 1064) (i32.const 32) (i32.const 0))) (i32.const 0)' }))).toBe(0);
  });
});

describe('append_tx_input', () => {
  const imports = '(import "env" "append_tx_input" (func $f (param i32 i32 i32 i32 i32 i32) (result i32)))';
  it('keeps the proof, returns the index; -1 for unknown UTXOs and double spends', async () => {
    const r = await runWat({ imports, data: DATA + '(data (i32.const 1200) "PROOF")', chain, body: '(call $out (call $f (i32.const 1064) (i32.const 32) (i32.const 0) (i32.const 1) (i32.const 1200) (i32.const 5))) (i32.const 0)' });
    expect(i32(r)).toBe(0);
    expect(r.draft?.inputs[0]).toEqual({ outPoint: { txId: tx(1), index: 0 }, referenceOnly: true, proof: te('PROOF') });
    expect(i32(await runWat({ imports, data: DATA, chain, body: '(call $out (call $f (i32.const 1096) (i32.const 32) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))) (i32.const 0)' }))).toBe(-1);
    const twice = '(drop (call $f (i32.const 1064) (i32.const 32) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))) (call $out (call $f (i32.const 1064) (i32.const 32) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))) (i32.const 0)';
    expect(i32(await runWat({ imports, data: DATA, chain, body: twice }))).toBe(-1);
    expect(i32(await runWat({ imports, data: DATA, chain, body: '(call $out (call $f (i32.const 1064) (i32.const 32) (i32.const 0) (i32.const 0) (i32.const 1200) (i32.const 0x10001))) (i32.const 0)' }))).toBe(-1);
  });
});

describe('resource_lookup / resource_lookup_json / resource_exists', () => {
  it('returns the stored bytes / JSON, 2003 unknown, and existence', async () => {
    const look = (n: string): string => `(import "env" "${n}" (func $f (param i32 i32 i32 i32) (result i32)))`;
    const r = await runWat({ imports: look('resource_lookup'), data: DATA, chain, body: '(call $outN (call $f (i32.const 1136) (i32.const 32) (i32.const 4) (i32.const 64)) (i32.const 3)) (i32.const 0)' });
    expect(i32(r)).toBe(3);
    expect(toHex(rest(r))).toBe('0a0b0c');
    const j = await runWat({ imports: look('resource_lookup_json'), data: DATA, chain, body: '(call $outN (call $f (i32.const 1136) (i32.const 32) (i32.const 4) (i32.const 64)) (i32.const 39)) (i32.const 0)' });
    expect(td(rest(j))).toBe('{"category":"RESOURCE_CATEGORY_STATIC"}');
    expect(i32(await runWat({ imports: look('resource_lookup'), data: DATA, chain, body: '(call $out (call $f (i32.const 1064) (i32.const 32) (i32.const 4) (i32.const 64))) (i32.const 0)' }))).toBe(2003);
    expect(i32(await runWat({ imports: look('resource_lookup'), data: DATA, chain, body: '(call $out (call $f (i32.const 1136) (i32.const 32) (i32.const 4) (i32.const 1))) (i32.const 0)' }))).toBe(1005);
    const ex = '(import "env" "resource_exists" (func $f (param i32 i32) (result i32)))';
    expect(i32(await runWat({ imports: ex, data: DATA, chain, body: '(call $out (call $f (i32.const 1136) (i32.const 32))) (i32.const 0)' }))).toBe(1);
    expect(i32(await runWat({ imports: ex, data: DATA, chain, body: '(call $out (call $f (i32.const 1064) (i32.const 32))) (i32.const 0)' }))).toBe(0);
  });
});
