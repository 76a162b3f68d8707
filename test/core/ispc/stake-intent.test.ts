/** The Go SDK's stake intent `{type:"stake", staker, amount, validator}` builds a stake output (docs/staking.md). */
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../pkg/encoding.js';
import { stakeLocks, stakeOf } from '../../../pkg/staking.js';
import { i32, runWat, te } from './harness.js';

const ME = new Uint8Array(20).fill(0xaa); // the caller in testContext
const VAL = new Uint8Array(20).fill(0x77);
const EVE = new Uint8Array(20).fill(0xee);
const tx = (n: number): Uint8Array => new Uint8Array(32).fill(n);
const utxo = (n: number, amount: string, owner = ME) => ({ txId: toHex(tx(n)), index: 0, owner: toHex(owner), amount });
const str = (at: number, s: string): string => `(data (i32.const ${at}) "${s.replace(/"/g, '\\"')}")`;
const I3 = '(import "env" "host_build_transaction" (func $f (param i32 i32 i32) (result i32)))';
const I4 = '(import "env" "host_build_transaction" (func $f (param i32 i32 i32 i32) (result i32))) (import "env" "query_utxo_balance" (func $bal (param i32 i32 i32) (result i64)))';
const chain = { utxos: [utxo(1, '30'), utxo(2, '250')] };
const stake = (staker: Uint8Array, amount: string, validator = VAL, extra = '') => `{"outputs":[],"intents":[{"type":"stake","staker":"${toHex(staker)}","amount":${amount},"validator":"${toHex(validator)}"${extra}}]}`;
const build3 = (json: string, c: unknown = chain) =>
  runWat({ imports: I3, data: str(4096, json), chain: c, body: `(call $out (call $f (i32.const 4096) (i32.const ${te(json).length}) (i32.const 4))) (i32.const 0)` });

describe('stake intent', () => {
  it('older SDK (JSON-number amount): the staker\'s coins become a stake output locked to the staker with the validator recorded, plus change', async () => {
    const r = await build3(stake(ME, '100'));
    expect(i32(r)).toBe(0);
    expect(r.draft?.inputs.map((i) => i.outPoint.txId[0])).toEqual([2]);
    expect(r.draft?.outputs[0]).toEqual({ owner: ME, locks: stakeLocks(ME, VAL), content: { type: 'asset', asset: { kind: 'native', amount: 100n } } });
    expect(stakeOf(r.draft!.outputs[0]!)).toEqual({ staker: ME, validator: VAL, amount: 100n });
    expect(r.draft?.outputs[1]).toEqual({ owner: ME, locks: [{ kind: 'singleKey', addressHash: ME }], content: { type: 'asset', asset: { kind: 'native', amount: 150n } } });
  });
  it('current SDK (string amount, base64): same output; the staked coins leave the staker\'s balance in the same call', async () => {
    const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
    const json = `{"sign_mode":"defer_sign","outputs":[],"intents":[{"type":"stake","staker":"${b64(ME)}","amount":"100","validator":"${b64(VAL)}"}]}`;
    const r = await runWat({
      imports: I4, data: `(data (i32.const 1024) "${[...ME].map((x) => `\\${x.toString(16)}`).join('')}")` + str(4096, json), chain,
      body: `(drop (call $f (i32.const 4096) (i32.const ${te(json).length}) (i32.const 8192) (i32.const 4096))) (call $out64 (call $bal (i32.const 1024) (i32.const 0) (i32.const 0))) (i32.const 0)`,
    });
    expect(r.draft?.outputs[0]?.locks).toEqual(stakeLocks(ME, VAL));
    // 280 held, 100 staked: 180 spendable.
    expect(new DataView(r.returnData.buffer, r.returnData.byteOffset).getBigInt64(0, true)).toBe(180n);
  });
  it('refuses a third party\'s coins (2004), overspending (2001), staker = validator, unknown fields and a non-integer amount (1001); nothing appended', async () => {
    const cases: [string, number, unknown?][] = [
      [stake(EVE, '5'), 2004, { utxos: [utxo(9, '50', EVE)] }],
      [stake(ME, '281'), 2001],
      [stake(ME, '5', ME), 1001],
      [stake(ME, '5', VAL, ',"token_id":""'), 1001],
      [stake(ME, '5.5'), 1001],
      [`{"intents":[{"type":"delegate","from":"${toHex(ME)}","to":"${toHex(VAL)}","amount":5}]}`, 5006],
    ];
    for (const [json, code, c] of cases) {
      const r = await build3(json, c ?? chain);
      expect(i32(r), json).toBe(code);
      expect(r.draft?.outputs, json).toHaveLength(0);
    }
  });
});
