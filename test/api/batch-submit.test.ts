/**
 * POST /v1/transactions/batch: many signed transactions in one request, each admitted or refused
 * on its own (a refusal never sinks its neighbours), all admitted ones included.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBase64, toHex } from '../../pkg/encoding.js';
import type { Utxo } from '../../pkg/model.js';
import { DevnetNode } from '../../internal/node/devnet-node.js';
import { keyPairOf } from '../../internal/core/tx/signing.js';
import { encodeTransaction } from '../../internal/core/wire/codec.js';
import { outputsOf, payTo, signedPayment, signedTransfer } from '../../bench/loadgen/wallet.js';
import { MAX_BATCH_TXS } from '../../internal/api/schemas.js';

const CHAIN = 'wes-devnet';
const alice = keyPairOf(new Uint8Array(32).fill(7));
const bob = keyPairOf(new Uint8Array(32).fill(8));
let node: DevnetNode;
let coins: Utxo[] = [];

async function post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${node.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  node = await DevnetNode.start({ dataDir: join(mkdtempSync(join(tmpdir(), 'wes-batch-')), 'data'), port: 0, blockIntervalMs: 50, genesis: [{ address: alice.address, amount: 10n ** 12n }] });
  const res = (await (await fetch(`${node.url}/v1/accounts/${toHex(alice.address)}/utxos`)).json()) as { utxos: { txId: string; index: number; output: { content: { asset: { amount: string } } } }[] };
  const genesisCoin: Utxo = { outPoint: { txId: Buffer.from(res.utxos[0]!.txId, 'hex'), index: res.utxos[0]!.index }, output: payTo(alice.address, BigInt(res.utxos[0]!.output.content.asset.amount)), blockHeight: 0n };
  const split = signedPayment(CHAIN, alice, [genesisCoin], Array.from({ length: 4 }, () => payTo(alice.address, 10n ** 9n)));
  expect((await post('/v1/transactions', { tx: toBase64(encodeTransaction(split.tx)) })).status).toBe(200);
  await post('/v1/blocks', {});
  coins = outputsOf(split.built, alice.address).slice(0, 4);
});

afterAll(() => node?.stop());

describe('batch submission', () => {
  it('admits each valid transaction and refuses each bad one on its own', async () => {
    const good = coins.slice(0, 3).map((c, i) => signedTransfer(CHAIN, alice, c, bob.address, 1000n + BigInt(i), BigInt(i)));
    const doubleSpend = signedTransfer(CHAIN, alice, coins[0]!, bob.address, 5n, 99n); // same coin as good[0]
    const txs = [good[0]!, doubleSpend, good[1]!, good[2]!].map((s) => toBase64(encodeTransaction(s.tx)));
    const r = await post('/v1/transactions/batch', { txs: [txs[0], txs[1], 'AAAA', txs[2], txs[3]] });
    expect(r.status).toBe(200);
    const results = r.json['results'] as { txId?: string; error?: { code: string } }[];
    expect(results).toHaveLength(5);
    expect(results[0]!.txId).toBe(toHex(good[0]!.built.txId));
    expect(results[2]!.error?.code).toMatch(/^(INPUT_BAD_TRANSACTION|TX_)/);
    expect(results[3]!.txId).toBe(toHex(good[1]!.built.txId));
    expect(results[4]!.txId).toBe(toHex(good[2]!.built.txId));
    // The double spend: one of the two spenders of coin 0 is admitted, never both.
    await post('/v1/blocks', {});
    for (const g of good.slice(1)) expect((await fetch(`${node.url}/v1/transactions/${toHex(g.built.txId)}`)).status).toBe(200);
    const included = await Promise.all([good[0]!, doubleSpend].map(async (s) => (await fetch(`${node.url}/v1/transactions/${toHex(s.built.txId)}`)).status === 200));
    expect(included.filter(Boolean)).toHaveLength(1);
  });

  it('refuses an empty or oversized batch as a whole with a 400', async () => {
    expect((await post('/v1/transactions/batch', { txs: [] })).status).toBe(400);
    expect((await post('/v1/transactions/batch', { txs: Array.from({ length: MAX_BATCH_TXS + 1 }, () => 'AAAA') })).status).toBe(400);
    expect((await post('/v1/transactions/batch', { txs: ['AAAA'], extra: 1 })).status).toBe(400);
  });
});
