/**
 * What a client sees for a transaction it submitted, through the DevnetService (what
 * GET /v1/transactions/{id} and /v1/transactions/{id}/events answer): pending while it waits,
 * its events once included, and a TX_DROPPED with the reason when it left the pool without
 * landing in a block — here evicted from a full pool by a better-paying transaction.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../pkg/hashes.js';
import { toHex, utf8Encode } from '../../pkg/encoding.js';
import type { CallRequest } from '../../pkg/engine.js';
import type { Transaction } from '../../pkg/model.js';
import { ChainStore } from '../../internal/core/chain/chain-store.js';
import { MemoryKv } from '../../internal/core/chain/chain-kv.js';
import { BlockExecutor } from '../../internal/core/chain/block-executor.js';
import { BlockProducer } from '../../internal/core/chain/block-producer.js';
import { Mempool } from '../../internal/core/tx/mempool.js';
import { TxVerifier } from '../../internal/core/tx/verifier.js';
import { keyPairOf, signAllInputs } from '../../internal/core/tx/signing.js';
import { transactionId } from '../../internal/core/tx/hashing.js';
import { buildTransfer, signBuilt } from '../../internal/core/tx/builder.js';
import { createEngine } from '../../internal/core/engines/wasm/manager/container.js';
import { DevnetService } from '../../internal/node/devnet-service.js';
import { ROUTE_RESPONSES } from '../../internal/api/response-schemas.js';

/** A reply as the HTTP edge would send it, checked against the route's documented schema (the OpenAPI test's devnet rarely catches a transaction pending). */
function expectSchema(route: string, reply: unknown): void {
  const ajv = new Ajv2020({ strict: false });
  const json: unknown = JSON.parse(JSON.stringify(reply));
  expect(ajv.validate(ROUTE_RESPONSES[route]!.schema!, json), `${route}: ${ajv.errorsText()}`).toBe(true);
}

const CHAIN_ID = 'wes-tx-drops';
const key = (name: string) => keyPairOf(sha256(utf8Encode(`tx-drops/${name}`)));
const alice = key('alice');
const carol = key('carol');
const bob = key('bob');

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

async function devnet(mempool: Mempool) {
  const store = await ChainStore.openOn(new MemoryKv(), { chainId: CHAIN_ID });
  const engine = createEngine();
  const producer = new BlockProducer({ store, mempool, executor: new BlockExecutor(new TxVerifier(engine), CHAIN_ID), clock: () => 1_700_000_000n });
  cleanup.push(async () => {
    await producer.stop();
    await store.close();
  });
  await producer.genesis([
    { address: alice.address, amount: 50_000_000n },
    { address: carol.address, amount: 50_000_000n },
  ]);
  const simulator = { call: (c: Omit<CallRequest, 'context'>) => engine.call(c as CallRequest), prepare: (code: Uint8Array) => engine.prepare(code) };
  const service = new DevnetService({ chainId: CHAIN_ID, store, producer, simulator, clock: () => 1_700_000_000n, produce: async () => undefined });
  return { store, producer, service };
}

/** A transfer of `from`'s paying `extra` more than the minimum fee (taken from its change). */
function transfer(store: ChainStore, from: typeof alice, extra = 0n): Transaction {
  const built = buildTransfer({ view: store.index, chainId: CHAIN_ID, from: from.address, to: bob.address, amount: 1_000_000n });
  if (extra === 0n) return signBuilt(built, from.privateKey);
  const last = built.tx.outputs.length - 1;
  const outputs = built.tx.outputs.map((o, i) =>
    i === last && o.content.type === 'asset' && o.content.asset.kind === 'native' ? { ...o, content: { type: 'asset' as const, asset: { kind: 'native' as const, amount: o.content.asset.amount - extra } } } : o,
  );
  return signAllInputs({ ...built.tx, outputs }, from.privateKey);
}

describe('what a client sees for its submitted transaction', () => {
  it('evicted from a full pool by a better-paying newcomer: TX_DROPPED with reason TX_EVICTED ("outbid") on both routes, not a bare 404', async () => {
    const { store, producer, service } = await devnet(new Mempool({ maxCount: 1, maxBytes: 1024 * 1024 }));
    const cheap = transfer(store, alice);
    await producer.submit(cheap);
    const cheapId = toHex(transactionId(cheap));
    expect((await service.getTx(cheapId))?.status).toBe('pending');

    const rich = transfer(store, carol, 1_000_000n);
    await producer.submit(rich);
    const richId = toHex(transactionId(rich));
    expect(producer.mempool.size).toBe(1);
    expect((await service.getTx(richId))?.status).toBe('pending');

    const dropped = { code: 'TX_DROPPED', details: { reason: 'TX_EVICTED', height: '1' } };
    await expect(service.getTx(cheapId)).rejects.toMatchObject(dropped);
    await expect(service.getTx(cheapId)).rejects.toThrow(/outbid/);
    await expect(service.txEvents(cheapId, {})).rejects.toMatchObject(dropped);
  });

  it('events of a pending transaction: an empty page marked pending (not not-found); of an unknown one: not found; once included: its page', async () => {
    const { store, producer, service } = await devnet(new Mempool());
    const tx = transfer(store, alice);
    await producer.submit(tx);
    const id = toHex(transactionId(tx));
    const pending = await service.txEvents(id, {});
    expect(pending).toEqual({ events: [], next: null, status: 'pending' });
    expectSchema('GET /v1/transactions/:txId/events', pending);
    expectSchema('GET /v1/transactions/:txId', await service.getTx(id));
    expect(await service.txEvents(toHex(new Uint8Array(32).fill(7)), {})).toBeUndefined();
    await producer.produce();
    const included = await service.txEvents(id, {});
    expect(included).toEqual({ events: [], next: null });
    expectSchema('GET /v1/transactions/:txId/events', included);
    const view = await service.getTx(id);
    expect(view?.status).toBe('included');
    expectSchema('GET /v1/transactions/:txId', view);
  });
});
