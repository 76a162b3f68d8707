/**
 * What an operator sees: structured logs per request and per block at the chosen level, contract
 * metrics labelled by address with a bounded number of series, the whole fee policy in status,
 * events naming their transaction, printable token classes as text, one chain-id form.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressToBase58 } from '../../pkg/encoding.js';
import { compileContract } from '../../contracts/build.mjs';
import { DevnetNode } from '../../internal/node/devnet-node.js';
import { BoundedLabel } from '../../internal/api/metrics.js';
import { COMMANDS } from '../../internal/cli/commands/index.js';
import { nodeCommand } from '../../internal/cli/commands/node.js';
import { Keystore } from '../../internal/cli/keystore.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'wes-ops-'));
const keystore = join(dir, 'keystore.json');
const lines: Record<string, unknown>[] = [];
let node: DevnetNode;
let alice: string;

async function wes<T>(...args: string[]): Promise<T> {
  const [name, ...rest] = args;
  const out: string[] = [];
  const err: string[] = [];
  const code = await COMMANDS.find((c) => c.name === name)!.run([...rest, '--node', node.url, '--keystore', keystore, '--from', 'alice', '--json'], { out: (t) => out.push(t), err: (t) => err.push(t) });
  expect(code, err.join('\n')).toBe(0);
  return JSON.parse(out.join('\n')) as T;
}
const get = async <T>(path: string): Promise<T> => (await (await fetch(`${node.url}${path}`)).json()) as T;

beforeAll(async () => {
  Keystore.open(keystore).create('alice');
  alice = addressToBase58(Keystore.open(keystore).get('alice').address);
  node = await DevnetNode.start({
    dataDir: join(dir, 'data'),
    port: 0,
    blockIntervalMs: 50,
    genesis: [{ address: Keystore.open(keystore).get('alice').address, amount: 10n ** 14n }],
    logLevel: 'info',
    logStream: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
}, 120_000);

afterAll(async () => {
  await node?.stop();
});

describe('operator basics', () => {
  let counter = '';
  let callTx = '';

  it('logs one JSON line per request and per block', async () => {
    counter = (await wes<{ contract: string }>('deploy', join(ROOT, 'contracts/build/counter.wasm'))).contract;
    callTx = (await wes<{ txId: string }>('call', counter, 'Increment', '--params', '{"by":"3"}')).txId;
    const blocks = lines.filter((l) => l['event'] === 'block');
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    expect(blocks.every((b) => typeof b['height'] === 'string' && typeof b['hash'] === 'string' && typeof b['ms'] === 'number' && b['level'] === 30)).toBe(true);
    expect(blocks.reduce((n, b) => n + Number(b['txs']), 0)).toBeGreaterThanOrEqual(2);
    const done = lines.filter((l) => l['msg'] === 'request completed');
    expect(done.some((l) => (l['res'] as { statusCode?: number } | undefined)?.statusCode === 200 && typeof l['responseTime'] === 'number')).toBe(true);
    expect(lines.some((l) => (l['req'] as { url?: string } | undefined)?.url === `/v1/transactions/${callTx}`)).toBe(true);
  });

  it('refuses an unknown --log-level as a flag error', async () => {
    await expect(nodeCommand.run(['--devnet', '--log-level', 'loud', '--data', join(dir, 'x')], { out: () => undefined, err: () => undefined })).rejects.toMatchObject({ code: 'INPUT_BAD_FLAG' });
  });

  it('labels contract metrics by Base58 address, bounded with "other"', async () => {
    const metrics = await (await fetch(`${node.url}/metrics`)).text();
    expect(metrics).toContain(`wes_contract_calls_total{contract="${counter}",method="Increment",status="SUCCESS"}`);
    const label = new BoundedLabel(2);
    expect(['a', 'b', 'c', 'a', 'd', 'b'].map((v) => label.of(v))).toEqual(['a', 'b', 'other', 'a', 'other', 'b']);
  });

  it('reports the whole fee policy in /v1/status', async () => {
    const status = await get<{ feePolicy: Record<string, string> }>('/v1/status');
    expect(Object.keys(status.feePolicy)).toEqual(expect.arrayContaining(['minimumFee', 'feePerByte', 'gasPerFeeUnit', 'storageFeePerByte']));
  });

  it("names each event's transaction in contract listings", async () => {
    const ev = await get<{ events: { txId?: string; index: number; height: string }[] }>(`/v1/contracts/${counter}/events`);
    expect(ev.events.map((e) => e.txId)).toEqual([callTx]);
    const tx = await get<{ events: { txId?: string; index: number }[] }>(`/v1/transactions/${callTx}`);
    expect(tx.events).toEqual([expect.objectContaining({ txId: callTx, index: 0 })]);
  });

  it('shows one chain-id form: status, transaction and block header agree', async () => {
    const status = await get<{ chainId: string }>('/v1/status');
    const tx = await get<{ height: string; tx: { chainId: string } }>(`/v1/transactions/${callTx}`);
    const block = await get<{ header: { chainId: string; chainIdNumber: string } }>(`/v1/blocks/${tx.height}`);
    expect(tx.tx.chainId).toBe(status.chainId);
    expect(block.header.chainId).toBe(status.chainId);
    expect(block.header.chainIdNumber).toMatch(/^[0-9]+$/);
  });

  it('shows a printable token class as text beside its hex', async () => {
    const vault = (await compileContract({ name: 'vault', source: join(ROOT, 'test/contracts/fixtures/vault/contract.ts'), outDir: dir })).wasm;
    const v = (await wes<{ contract: string }>('deploy', vault)).contract;
    await wes('call', v, 'MintGold', '--params', '{"amount":"7"}');
    const b = await get<{ tokens: { contract: string; classId: string; classIdText?: string; amount: string }[] }>(`/v1/accounts/${alice}/balance`);
    expect(b.tokens).toEqual([{ contract: v, classId: '474c44', classIdText: 'GLD', amount: '7' }]);
  });
});
