import { decodeTransaction } from '../../../internal/core/wire/codec.js';
import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64, toBase64, toHex } from '../../../pkg/encoding.js';
import { i32, rest, runWat, td, te, watBytes } from './harness.js';

const ME = new Uint8Array(20).fill(0xaa);
const BOB = new Uint8Array(20).fill(0xbb);
const EVE = new Uint8Array(20).fill(0xee);
const tx = (n: number): Uint8Array => new Uint8Array(32).fill(n);
const utxo = (n: number, amount: string, owner = ME) => ({ txId: toHex(tx(n)), index: 0, owner: toHex(owner), amount });
const str = (at: number, s: string): string => `(data (i32.const ${at}) "${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}")`;
const ADDRS = `(data (i32.const 1024) "${watBytes(ME)}") (data (i32.const 1044) "${watBytes(BOB)}") (data (i32.const 1064) "${watBytes(tx(5))}") (data (i32.const 1096) "gold")`;

describe('append_state_output', () => {
  const imports = '(import "env" "append_state_output" (func $f (param i32 i32 i64 i32 i32 i32 i32) (result i32))) (import "env" "state_get" (func $get (param i32 i32 i32 i32) (result i32)))';
  it('appends a StateOutput under the contract lock that this call\'s state_get then sees; -1 on a bad length', async () => {
    const r = await runWat({ imports, data: ADDRS + str(2000, 'sid'), body: '(drop (call $f (i32.const 2000) (i32.const 3) (i64.const 4) (i32.const 1064) (i32.const 1096) (i32.const 4) (i32.const 0))) (call $outN (call $get (i32.const 2000) (i32.const 3) (i32.const 4) (i32.const 32)) (i32.const 32)) (i32.const 0)' });
    expect(i32(r)).toBe(0);
    expect(rest(r)).toEqual(tx(5));
    expect(r.draft?.outputs[0]).toEqual({ owner: r.contract, locks: [{ kind: 'contract', contract: r.contract }], content: { type: 'state', state: { stateId: te('sid'), version: 4n, executionResultHash: tx(5), publicInputs: [te('gold')] } } });
    expect(i32(await runWat({ imports, data: ADDRS, body: '(call $out (call $f (i32.const 2000) (i32.const 0) (i64.const 1) (i32.const 1064) (i32.const 0) (i32.const 0) (i32.const 0))) (i32.const 0)' }))).toBe(-1);
    expect((await runWat({ imports, data: ADDRS, body: '(drop (call $f (i32.const 2000) (i32.const 3) (i64.const 1) (i32.const 0x1fff0) (i32.const 0) (i32.const 0) (i32.const 0))) (i32.const 0)' })).error?.trap).toBe('MEMORY_ACCESS');
  });
});

describe('create_utxo_output (4- and 5-param forms)', () => {
  it('4-param SDK form: native output to a key', async () => {
    const r = await runWat({ imports: '(import "env" "create_utxo_output" (func $f (param i32 i64 i32 i32) (result i32)))', data: ADDRS, body: '(call $out (call $f (i32.const 1044) (i64.const 12) (i32.const 0) (i32.const 0))) (i32.const 0)' });
    expect(i32(r)).toBe(0);
    expect(r.draft?.outputs[0]).toEqual({ owner: BOB, locks: [{ kind: 'singleKey', addressHash: BOB }], content: { type: 'asset', asset: { kind: 'native', amount: 12n } } });
  });
  it('5-param node form: this contract\'s token; 1010 for a bad address length, 1001 for a zero amount', async () => {
    const imports = '(import "env" "create_utxo_output" (func $f (param i32 i32 i64 i32 i32) (result i32)))';
    const r = await runWat({ imports, data: ADDRS, body: '(call $out (call $f (i32.const 1044) (i32.const 20) (i64.const 3) (i32.const 1096) (i32.const 4))) (i32.const 0)' });
    expect(r.draft?.outputs[0]?.content).toEqual({ type: 'asset', asset: { kind: 'token', contract: r.contract, classId: te('gold'), amount: 3n } });
    expect(i32(await runWat({ imports, data: ADDRS, body: '(call $out (call $f (i32.const 1044) (i32.const 19) (i64.const 3) (i32.const 0) (i32.const 0))) (i32.const 0)' }))).toBe(1010);
    expect(i32(await runWat({ imports, data: ADDRS, body: '(call $out (call $f (i32.const 1044) (i32.const 20) (i64.const 0) (i32.const 0) (i32.const 0))) (i32.const 0)' }))).toBe(1001);
  });
});

describe('create_asset_output_with_lock / append_asset_output', () => {
  it('create_asset_output_with_lock takes a JSON array of locks; -1 for bad JSON', async () => {
    const imports = '(import "env" "create_asset_output_with_lock" (func $f (param i32 i32 i64 i32 i32 i32 i32) (result i32)))';
    const lock = JSON.stringify([{ time_lock: { unlock_timestamp: '99', base_lock: { single_key_lock: { required_address_hash: toHex(BOB) } } } }]);
    const r = await runWat({ imports, data: ADDRS + str(2000, lock), body: `(call $out (call $f (i32.const 1044) (i32.const 20) (i64.const 8) (i32.const 0) (i32.const 0) (i32.const 2000) (i32.const ${te(lock).length}))) (i32.const 0)` });
    expect(i32(r)).toBe(0);
    expect(r.draft?.outputs[0]?.locks).toEqual([{ kind: 'timeLock', unlockTimestamp: 99n, base: { kind: 'singleKey', addressHash: BOB } }]);
    expect(i32(await runWat({ imports, data: ADDRS + str(2000, '[{'), body: '(call $out (call $f (i32.const 1044) (i32.const 20) (i64.const 8) (i32.const 0) (i32.const 0) (i32.const 2000) (i32.const 2))) (i32.const 0)' }))).toBe(-1);
  });
  it('append_asset_output takes one protobuf LockingCondition; an owner the lock does not name is refused', async () => {
    const imports = '(import "env" "append_asset_output" (func $f (param i32 i32 i64 i32 i32 i32 i32) (result i32)))';
    const proto = new Uint8Array([0x0a, 0x16, 0x12, 0x14, ...BOB]);
    const r = await runWat({ imports, data: ADDRS + `(data (i32.const 2000) "${watBytes(proto)}")`, body: `(call $out (call $f (i32.const 1044) (i32.const 20) (i64.const 8) (i32.const 0) (i32.const 0) (i32.const 2000) (i32.const ${proto.length}))) (i32.const 0)` });
    expect(i32(r)).toBe(0);
    expect(r.draft?.outputs[0]).toMatchObject({ owner: BOB, locks: [{ kind: 'singleKey', addressHash: BOB }] });
    // Owned by ME, locked to BOB's key: BOB could spend what ME's balance would show.
    const forged = await runWat({ imports, data: ADDRS + `(data (i32.const 2000) "${watBytes(proto)}")`, body: `(call $out (call $f (i32.const 1024) (i32.const 20) (i64.const 8) (i32.const 0) (i32.const 0) (i32.const 2000) (i32.const ${proto.length}))) (i32.const 0)` });
    expect(i32(forged)).toBe(-1);
    expect(forged.draft?.outputs).toHaveLength(0);
    expect(i32(await runWat({ imports, data: ADDRS, body: '(call $out (call $f (i32.const 1024) (i32.const 20) (i64.const 8) (i32.const 0) (i32.const 0) (i32.const 1096) (i32.const 4))) (i32.const 0)' }))).toBe(-1);
  });
});

describe('batch_create_outputs', () => {
  const imports = '(import "env" "batch_create_outputs" (func $f (param i32 i32) (result i32)))';
  it('accepts hex (node) and base64 (SDK) recipients and token ids; all-or-nothing', async () => {
    const items = JSON.stringify([{ recipient: toHex(BOB), amount: 100 }, { recipient: toBase64(ME), amount: '7', token_id: toBase64(te('gold')) }]);
    const r = await runWat({ imports, data: str(2000, items), body: `(call $out (call $f (i32.const 2000) (i32.const ${te(items).length}))) (i32.const 0)` });
    expect(i32(r)).toBe(2);
    expect(r.draft?.outputs.map((o) => [o.owner, o.content.type === 'asset' ? o.content.asset.kind : ''])).toEqual([[BOB, 'native'], [ME, 'token']]);
    const bad = JSON.stringify([{ recipient: toHex(BOB), amount: 1 }, { recipient: 'zz', amount: 1 }]);
    const b = await runWat({ imports, data: str(2000, bad), body: `(call $out (call $f (i32.const 2000) (i32.const ${te(bad).length}))) (i32.const 0)` });
    expect(i32(b)).toBe(0);
    expect(b.draft?.outputs).toHaveLength(0);
  });
});

describe('append_resource_output (6- and 7-param forms)', () => {
  const res = JSON.stringify({ content_hash: toHex(tx(7)), category: 'wasm', mime_type: 'application/wasm', size: 10 });
  it('records a resource output with the given or the block timestamp', async () => {
    const six = await runWat({ imports: '(import "env" "append_resource_output" (func $f (param i32 i32 i32 i32 i32 i32) (result i32)))', data: ADDRS + str(2000, res), body: `(call $out (call $f (i32.const 2000) (i32.const ${te(res).length}) (i32.const 1044) (i32.const 20) (i32.const 0) (i32.const 0))) (i32.const 0)` });
    expect(i32(six)).toBe(0);
    expect(six.draft?.outputs[0]?.content).toEqual({ type: 'resource', resource: { contentHash: tx(7), category: 'executable', executableType: 'contract', mimeType: 'application/wasm', size: 10n, creationTimestamp: 1_700_000_000n } });
    const seven = await runWat({ imports: '(import "env" "append_resource_output" (func $f (param i32 i32 i32 i32 i32 i32 i64) (result i32)))', data: ADDRS + str(2000, res), body: `(call $out (call $f (i32.const 2000) (i32.const ${te(res).length}) (i32.const 1044) (i32.const 20) (i32.const 0) (i32.const 0) (i64.const 42))) (i32.const 0)` });
    expect(seven.draft?.outputs[0]?.content).toMatchObject({ resource: { creationTimestamp: 42n } });
    expect(i32(await runWat({ imports: '(import "env" "append_resource_output" (func $f (param i32 i32 i32 i32 i32 i32) (result i32)))', data: ADDRS + str(2000, '{}'), body: '(call $out (call $f (i32.const 2000) (i32.const 2) (i32.const 1044) (i32.const 20) (i32.const 0) (i32.const 0))) (i32.const 0)' }))).toBe(-1);
  });
});

describe('host_build_transaction (ABI.md §5)', () => {
  const I4 = '(import "env" "host_build_transaction" (func $f (param i32 i32 i32 i32) (result i32))) (import "env" "create_utxo_output" (func $pay (param i32 i64 i32 i32) (result i32)))';
  const I3 = '(import "env" "host_build_transaction" (func $f (param i32 i32 i32) (result i32)))';
  const transfer = (from: Uint8Array, amount: string): string => JSON.stringify({ sign_mode: 'defer_sign', outputs: [], intents: [{ type: 'transfer', params: { from: toHex(from), to: toHex(BOB), token_id: '', amount } }] });
  const chain = { utxos: [utxo(3, '50'), utxo(1, '50'), utxo(2, '80'), utxo(4, '200')] };
  const run = (imports: string, json: string, body: string, c: unknown = chain) => runWat({ imports, data: ADDRS + str(4096, json), chain: c, body: body.replace('LEN', String(te(json).length)) });

  it('selects the smallest single UTXO that covers the amount, adds change, appends after earlier outputs and writes the receipt', async () => {
    const r = await run(I4, transfer(ME, '70'), '(drop (call $pay (i32.const 1044) (i64.const 1) (i32.const 0) (i32.const 0))) (call $outN (call $f (i32.const 4096) (i32.const LEN) (i32.const 4) (i32.const 2048)) (i32.const 2048)) (i32.const 0)');
    expect(i32(r)).toBe(0);
    expect(r.draft?.inputs.map((i) => i.outPoint.txId[0])).toEqual([2]);
    expect(r.draft?.outputs.map((o) => [o.owner[0], o.content.type === 'asset' ? o.content.asset.amount : 0n])).toEqual([[0xbb, 1n], [0xbb, 70n], [0xaa, 10n]]);
    const receipt = JSON.parse(td(rest(r).slice(0, 1000)).replace(/\0+$/, ''));
    expect(receipt).toMatchObject({ mode: 'unsigned', error: '' });
    expect(receipt.unsigned_tx_hash).toBe(toHex(sha256(fromBase64(receipt.serialized_tx))));
    // serialized_tx is the unsigned protobuf Transaction of what this host call built.
    const tx = decodeTransaction(fromBase64(receipt.serialized_tx));
    expect(tx.inputs.map((i) => i.outPoint.txId[0])).toEqual([2]);
    expect(tx.outputs.map((o) => (o.content.type === 'asset' ? o.content.asset.amount : 0n))).toEqual([70n, 10n]);
    expect(tx.inputs.every((i) => i.proof === undefined)).toBe(true);
  });
  it('accumulates ascending with ties ordered by txid when no single UTXO covers it', async () => {
    const r = await run(I4, transfer(ME, '100'), '(call $out (call $f (i32.const 4096) (i32.const LEN) (i32.const 4) (i32.const 2048))) (i32.const 0)', { utxos: [utxo(3, '50'), utxo(1, '50'), utxo(2, '80')] });
    expect(r.draft?.inputs.map((i) => i.outPoint.txId[0])).toEqual([1, 3]);
  });
  it('old 3-param form writes the 32-byte unsigned tx hash', async () => {
    const r = await run(I3, transfer(ME, '70'), '(call $outN (call $f (i32.const 4096) (i32.const LEN) (i32.const 4)) (i32.const 32)) (i32.const 0)');
    expect(i32(r)).toBe(0);
    expect(rest(r)).toHaveLength(32);
    expect(r.draft?.inputs).toHaveLength(1);
  });
  it('refuses to move a third party\'s coins (2004), overspending (2001), a small receipt buffer (1005) — leaving the draft untouched', async () => {
    const denied = await run(I4, transfer(EVE, '1'), '(call $out (call $f (i32.const 4096) (i32.const LEN) (i32.const 4) (i32.const 2048))) (i32.const 0)', { utxos: [utxo(9, '5', EVE)] });
    expect(i32(denied)).toBe(2004);
    expect(denied.draft?.inputs).toHaveLength(0);
    expect(i32(await run(I4, transfer(ME, '381'), '(call $out (call $f (i32.const 4096) (i32.const LEN) (i32.const 4) (i32.const 2048))) (i32.const 0)'))).toBe(2001);
    const small = await run(I4, transfer(ME, '70'), '(call $out (call $f (i32.const 4096) (i32.const LEN) (i32.const 4) (i32.const 16))) (i32.const 0)');
    expect(i32(small)).toBe(1005);
    expect(small.draft?.outputs).toHaveLength(0);
    expect(i32(await run(I4, '{"outputs":[]}', '(call $out (call $f (i32.const 4096) (i32.const LEN) (i32.const 4) (i32.const 2048))) (i32.const 0)'))).toBe(1001);
    expect(i32(await run(I4, '{oops', '(call $out (call $f (i32.const 4096) (i32.const LEN) (i32.const 4) (i32.const 2048))) (i32.const 0)'))).toBe(5002);
    expect((await run(I4, transfer(ME, '70'), '(drop (call $f (i32.const 4096) (i32.const LEN) (i32.const 0x1fff0) (i32.const 2048))) (i32.const 0)')).error?.trap).toBe('MEMORY_ACCESS');
  });
  it('accepts the SDK state layout (base64) and WES inputs', async () => {
    const json = JSON.stringify({ inputs: [{ tx_hash: toHex(tx(1)), output_index: 0, is_reference_only: true }], outputs: [{ type: 'state', state_id: toBase64(te('s')), state_version: 2, execution_result_hash: toBase64(tx(6)) }] });
    const r = await run(I4, json, '(call $out (call $f (i32.const 4096) (i32.const LEN) (i32.const 4) (i32.const 2048))) (i32.const 0)');
    expect(i32(r)).toBe(0);
    expect(r.draft?.inputs).toEqual([{ outPoint: { txId: tx(1), index: 0 }, referenceOnly: true }]);
    expect(r.draft?.outputs[0]?.content).toMatchObject({ type: 'state', state: { stateId: te('s'), version: 2n, executionResultHash: tx(6) } });
  });
});
