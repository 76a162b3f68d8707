/**
 * host_build_transaction accepts every draft layout a real WES SDK emits (ABI.md §5), maps each
 * field exactly and refuses — never drops — a field it does not understand. The JSON here is
 * exactly what the older Go SDK (most real WES binaries: 3-argument import, no sign_mode) sends.
 */
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../pkg/encoding.js';
import { i32, rest, runWat, te, watBytes } from './harness.js';

const ME = new Uint8Array(20).fill(0xaa);
const BOB = new Uint8Array(20).fill(0xbb);
const tx = (n: number): Uint8Array => new Uint8Array(32).fill(n);
const utxo = (n: number, amount: string, owner = ME) => ({ txId: toHex(tx(n)), index: 0, owner: toHex(owner), amount });
const str = (at: number, s: string): string => `(data (i32.const ${at}) "${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}")`;
const I3 = '(import "env" "host_build_transaction" (func $f (param i32 i32 i32) (result i32)))';
const chain = { utxos: [utxo(1, '500'), utxo(2, '1000')] };
const build3 = (json: string, c: unknown = chain) =>
  runWat({ imports: I3, data: `(data (i32.const 1024) "${watBytes(ME)}")` + str(4096, json), chain: c, body: `(call $outN (call $f (i32.const 4096) (i32.const ${te(json).length}) (i32.const 4)) (i32.const 32)) (i32.const 0)` });
const amounts = (outs: readonly { owner: Uint8Array; content: { type: string; asset?: { amount: bigint } } }[] | undefined) =>
  outs?.map((o) => [toHex(o.owner).slice(0, 2), o.content.type === 'asset' ? o.content.asset?.amount : o.content.type]);

describe('older Go SDK draft layout (3-argument host_build_transaction, no sign_mode)', () => {
  it('transfer intent without a params wrapper and a JSON-number amount', async () => {
    const json = `{"outputs":[],"intents":[{"type":"transfer","from":"${toHex(ME)}","to":"${toHex(BOB)}","token_id":"","amount":600}]}`;
    const r = await build3(json);
    expect(i32(r)).toBe(0);
    expect(rest(r)).toHaveLength(32);
    expect(r.draft?.inputs.map((i) => i.outPoint.txId[0])).toEqual([2]);
    expect(amounts(r.draft?.outputs)).toEqual([['bb', 600n], ['aa', 400n]]);
    expect(r.draft?.outputs[0]?.locks).toEqual([{ kind: 'singleKey', addressHash: BOB }]);
  });
  it('asset output with "to" instead of "owner": owner, lock, token class and amount as given', async () => {
    const json = `{"outputs":[{"type":"asset","to":"${toHex(BOB)}","token_id":"","amount":5},{"type":"asset","to":"${toHex(BOB)}","token_id":"${toHex(te('gold'))}","amount":7}],"intents":[]}`;
    const r = await build3(json);
    expect(i32(r)).toBe(0);
    expect(r.draft?.outputs[0]).toEqual({ owner: BOB, locks: [{ kind: 'singleKey', addressHash: BOB }], content: { type: 'asset', asset: { kind: 'native', amount: 5n } } });
    expect(r.draft?.outputs[1]).toEqual({ owner: BOB, locks: [{ kind: 'contract', contract: r.contract }], content: { type: 'asset', asset: { kind: 'token', contract: r.contract, classId: te('gold'), amount: 7n } } });
  });
  it('state output with "version" and "exec_hash": both mapped exactly (not 1 and the zero hash)', async () => {
    const json = `{"outputs":[{"type":"state","state_id":"${toHex(te('counter'))}","version":7,"exec_hash":"${toHex(tx(9))}"}],"intents":[]}`;
    const r = await build3(json);
    expect(i32(r)).toBe(0);
    expect(r.draft?.outputs[0]?.content).toEqual({ type: 'state', state: { stateId: te('counter'), version: 7n, executionResultHash: tx(9), publicInputs: [] } });
  });
  it('the current Go SDK layout (base64, string amounts, sign_mode) still maps exactly', async () => {
    const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
    const json = `{"sign_mode":"defer_sign","outputs":[{"type":"asset","to":"${b64(BOB)}","token_id":"","amount":"9"},{"type":"state","state_id":"${b64(te('s'))}","state_version":3,"execution_result_hash":"${b64(tx(4))}"}],"intents":[{"type":"transfer","from":"${b64(ME)}","to":"${b64(BOB)}","token_id":"","amount":"100"}]}`;
    const r = await build3(json);
    expect(i32(r)).toBe(0);
    expect(amounts(r.draft?.outputs)).toEqual([['bb', 9n], ['00', 'state'], ['bb', 100n], ['aa', 400n]].map(([o, a]) => (a === 'state' ? [toHex(r.contract).slice(0, 2), 'state'] : [o, a])));
    expect(r.draft?.outputs[1]?.content).toMatchObject({ state: { version: 3n, executionResultHash: tx(4) } });
  });
  it('JSON-number amounts: the largest safe integer is exact; fractions and unsafe integers are refused', async () => {
    const t = (amount: string) => `{"intents":[{"type":"transfer","from":"${toHex(ME)}","to":"${toHex(BOB)}","token_id":"","amount":${amount}}]}`;
    const big = await build3(t('9007199254740991'), { utxos: [utxo(1, '9007199254740991')] });
    expect(i32(big)).toBe(0);
    expect(amounts(big.draft?.outputs)).toEqual([['bb', 9007199254740991n]]);
    for (const bad of ['600.5', '9007199254740993', '-3', '0', '1e400']) {
      const r = await build3(t(bad));
      expect(i32(r), bad).toBe(1001);
      expect(r.draft?.inputs, bad).toHaveLength(0);
    }
  });
});

describe('a field the host does not understand is refused, never dropped (draft untouched)', () => {
  const A = `"to":"${toHex(BOB)}","token_id":"","amount":5`;
  const cases: [string, string, number][] = [
    ['unknown output field', `{"outputs":[{"type":"asset",${A},"memo":"x"}]}`, 1001],
    ['owner and to both given', `{"outputs":[{"type":"asset",${A},"owner":"${toHex(BOB)}"}]}`, 1001],
    ['version and state_version both given', `{"outputs":[{"type":"state","state_id":"00","version":1,"state_version":2}]}`, 1001],
    ['exec_hash and execution_result_hash both given', `{"outputs":[{"type":"state","state_id":"00","exec_hash":"${toHex(tx(1))}","execution_result_hash":"${toHex(tx(1))}"}]}`, 1001],
    ['ttl in WES node state metadata', `{"outputs":[{"type":"state","metadata":{"state_id":"00","ttl_duration_seconds":5}}]}`, 1001],
    ['state fields at the top and under metadata', `{"outputs":[{"type":"state","state_id":"00","metadata":{"state_version":2}}]}`, 1001],
    ['unknown transfer field', `{"intents":[{"type":"transfer","from":"${toHex(ME)}",${A.replace('"to"', '"to"')},"fee":1}]}`, 1001],
    ['params wrapper plus flat fields', `{"intents":[{"type":"transfer","from":"${toHex(ME)}","params":{${A},"from":"${toHex(ME)}"}}]}`, 1001],
    ['unknown top-level field', `{"outputs":[{"type":"asset",${A}}],"fee":3}`, 1001],
    ['draft metadata the engine cannot honour', `{"outputs":[{"type":"asset",${A}}],"metadata":{"memo":"hi"}}`, 5006],
    ['a lock on a contract token (it is always the issuer\'s)', `{"outputs":[{"type":"asset","to":"${toHex(BOB)}","token_id":"ab","amount":5,"metadata":{"locking_conditions":"0a161214${toHex(BOB)}"}}]}`, 1001],
    ['unknown resource field', `{"outputs":[{"type":"resource","metadata":{"content_hash":"${toHex(tx(1))}","category":"wasm","name":"x"}}]}`, 1001],
    ['non-boolean is_reference_only', `{"inputs":[{"tx_hash":"${toHex(tx(1))}","output_index":0,"is_reference_only":"yes"}]}`, 1001],
  ];
  for (const [name, json, code] of cases) {
    it(name, async () => {
      const r = await build3(json);
      expect(i32(r)).toBe(code);
      expect(r.draft?.outputs).toHaveLength(0);
      expect(r.draft?.inputs).toHaveLength(0);
    });
  }
  it('the empty metadata object and the WES node layout are still accepted', async () => {
    const json = `{"sign_mode":"defer_sign","metadata":{},"outputs":[{"type":"asset","owner":"${toHex(BOB)}","amount":"5","token_id":""},{"type":"state","metadata":{"state_id":"00","state_version":"4","execution_result_hash":"${toHex(tx(2))}"}}]}`;
    const r = await build3(json);
    expect(i32(r)).toBe(0);
    expect(r.draft?.outputs[1]?.content).toMatchObject({ state: { stateId: new Uint8Array([0]), version: 4n, executionResultHash: tx(2) } });
  });
});
