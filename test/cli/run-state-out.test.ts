/**
 * `wes run --state-out`: a call's effects written back to the chain JSON, so the next run sees
 * them (state, UTXOs, events, block height) — the scripting loop contract authors use.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { addressToBase58 } from '../../pkg/encoding.js';
import { runCommand } from '../../internal/cli/commands/run.js';
import { memoryChainFromText } from '../../internal/core/chain/memory-chain-view.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const COUNTER = join(ROOT, 'contracts/build/counter.wasm');
const TINYGO_TOKEN = join(ROOT, '../shared/fixtures/wes-tinygo/simple-token/main.wasm');
const BOB = addressToBase58(new Uint8Array(20).fill(0xbb));

async function run(args: string[]): Promise<{ code: number; json: Record<string, unknown> }> {
  let out = '';
  const code = await runCommand.run([...args, '--json'], { out: (t) => (out += t), err: () => undefined });
  return { code, json: JSON.parse(out) as Record<string, unknown> };
}

describe('wes run --state-out', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wes-state-out-'));
    file = join(dir, 'chain.json');
  });

  it('carries contract state, events and the block height from one call to the next', async () => {
    expect((await run([COUNTER, 'Increment', '--params', '{"by":"5"}', '--state-out', file])).code).toBe(0);
    expect((await run([COUNTER, 'Increment', '--state', file, '--state-out', file])).code).toBe(0);
    const get = await run([COUNTER, 'Get', '--state', file]);
    expect(get.json['returnData']).toEqual({ text: '6' });
    const chain = JSON.parse(readFileSync(file, 'utf8')) as { blocks: { height: string }[]; events: { height: string; data: string }[]; state: { key: string; value: string; version: string }[] };
    expect(chain.blocks.map((b) => b.height)).toEqual(['1', '2']);
    expect(chain.events.map((e) => [e.height, JSON.parse(e.data).data.value])).toEqual([['1', '5'], ['2', '6']]);
    expect(chain.state).toEqual([expect.objectContaining({ key: 'count', value: '6', version: '2' })]);
    // What was written reads back as a chain (the same parser --state uses).
    expect(memoryChainFromText(readFileSync(file, 'utf8'), file).tipHeight).toBe(2n);
  });

  it('spends and creates token UTXOs: a TinyGo token minted by one call is transferred by the next', async () => {
    const init = await run([TINYGO_TOKEN, 'Initialize', '--params', '{}', '--state-out', file]);
    expect(init.code).toBe(0);
    const minted = JSON.parse(readFileSync(file, 'utf8')) as { utxos: { txId: string; amount: string; token: { classId: string } }[] };
    expect(minted.utxos).toHaveLength(1);
    expect(minted.utxos[0]).toMatchObject({ amount: '1000000', token: { classId: 'default' } });
    const transfer = await run([TINYGO_TOKEN, 'Transfer', '--state', file, '--state-out', file, '--params', `{"to":"${BOB}","amount":"50"}`]);
    expect(transfer.code).toBe(0);
    const after = JSON.parse(readFileSync(file, 'utf8')) as { utxos: { txId: string; owner: string; amount: string }[] };
    // The minted UTXO is spent; the two new ones belong to this call's own id.
    expect(after.utxos.some((u) => u.txId === minted.utxos[0]!.txId)).toBe(false);
    expect(after.utxos.map((u) => [u.owner === BOB, u.amount]).sort()).toEqual([[false, '999950'], [true, '50']]);
    expect(new Set(after.utxos.map((u) => u.txId)).size).toBe(1);
    // And the next call spends what this one created.
    const again = await run([TINYGO_TOKEN, 'Transfer', '--state', file, '--params', `{"to":"${BOB}","amount":"999950"}`]);
    expect(again.code).toBe(0);
  });

  it('writes nothing when the call fails, and keeps fields it does not manage', async () => {
    writeFileSync(file, JSON.stringify({ chainId: 'mine', note: 'kept', state: [] }));
    const before = statSync(file).mtimeMs;
    const poor = await run([TINYGO_TOKEN, 'Transfer', '--state', file, '--state-out', file, '--params', `{"to":"${BOB}","amount":"5"}`]);
    expect(poor.code).toBe(1);
    expect(statSync(file).mtimeMs).toBe(before);
    expect((await run([COUNTER, 'Increment', '--state', file, '--state-out', file])).code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ chainId: 'mine', note: 'kept' });
  });

  it('reports an unwritable --state-out as a typed error', async () => {
    const r = await run([COUNTER, 'Increment', '--state-out', join(dir, 'no/such/dir/chain.json')]);
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'INPUT_FILE_NOT_WRITABLE' } });
  });
});
