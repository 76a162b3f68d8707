/**
 * Determinism guard: the same decided blocks applied by independent application instances
 * (own store, own engine, own compile cache) give the same app hash and the same per-tx result
 * codes at every height — including blocks with contract calls whose state depends on the block
 * time, a duplicate transaction, and bytes that are not a transaction. A third instance that
 * replays the whole history later (a restarted validator) arrives at the same hashes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex, utf8Encode } from '../../../pkg/encoding.js';
import type { Address } from '../../../pkg/types.js';
import { buildDeploy, buildTransfer, simulateAndBuildCall, signBuilt, type BuiltTransaction } from '../../../internal/core/tx/builder.js';
import { encodeEnvelope } from '../../../internal/node/abci/tx-envelope.js';
import { TX_CODE, WesAbciApp } from '../../../internal/node/abci/wes-abci-app.js';
import { InternalError } from '../../../pkg/errors.js';
import { BlockExecutor } from '../../../internal/core/chain/block-executor.js';
import { TxVerifier } from '../../../internal/core/tx/verifier.js';
import { ChainStore } from '../../../internal/core/chain/chain-store.js';
import { createEngine } from '../../../internal/core/engines/wasm/manager/container.js';
import { parseAppGenesis } from '../../../internal/node/abci/app-genesis.js';
import { vaultCode } from '../../core/chain/contracts.js';
import { APP_STATE, appUnderTest, CHAIN_ID, GENESIS_TIME, initChain, KEYS, type AppUnderTest } from './app-fixture.js';

interface Decided {
  readonly height: bigint;
  readonly time: bigint;
  readonly txs: readonly Uint8Array[];
}

const envelopeOf = (b: BuiltTransaction, key: Uint8Array): Uint8Array => encodeEnvelope(signBuilt(b, key), b.attachments);

async function finalizeAndCommit(t: AppUnderTest, block: Decided): Promise<{ appHash: string; codes: number[] }> {
  const r = await t.call({ kind: 'finalizeBlock', txs: block.txs, height: block.height, time: block.time });
  await t.call({ kind: 'commit' });
  return { appHash: toHex(r.appHash), codes: r.txResults.map((x) => x.code) };
}

describe('ABCI app determinism guard', () => {
  let a: AppUnderTest;
  let b: AppUnderTest;
  const history: Decided[] = [];
  const hashes: string[] = [];
  const codes: number[][] = [];

  /** Builds block `height`'s txs against instance a's state, then applies it to a and b. */
  async function step(time: bigint, make: (next: { height: bigint; timestamp: bigint; txIndex: number }) => Promise<Uint8Array[]>): Promise<{ appHash: string; codes: number[] }> {
    const height = a.store.height! + 1n;
    const block: Decided = { height, time, txs: await make({ height, timestamp: time, txIndex: 0 }) };
    const ra = await finalizeAndCommit(a, block);
    const rb = await finalizeAndCommit(b, block);
    expect(rb).toEqual(ra);
    history.push(block);
    hashes.push(ra.appHash);
    codes.push(ra.codes);
    return ra;
  }

  beforeAll(async () => {
    a = await appUnderTest();
    b = await appUnderTest();
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('two instances agree on the app hash at every height, through transfers, deploys, calls and bad transactions', async () => {
    const ga = await initChain(a);
    const gb = await initChain(b);
    expect(toHex(gb.appHash)).toBe(toHex(ga.appHash));
    expect(ga.appHash).toHaveLength(32);

    const code = await vaultCode();
    let contract: Address | undefined;
    const call = async (method: string, at: { height: bigint; timestamp: bigint; txIndex: number }, nonce = 0n): Promise<Uint8Array> => {
      const built = await simulateAndBuildCall(a.engine, { view: a.store.index, chainId: CHAIN_ID, payer: KEYS.alice.address, nonce, call: { contract: contract!, method, payload: new Uint8Array(0), gasLimit: 5_000_000n } }, at);
      return envelopeOf(built, KEYS.alice.privateKey);
    };

    // 1: a deploy (code travels in the envelope) and a transfer from another key.
    await step(GENESIS_TIME + 1n, async () => {
      const deploy = buildDeploy({ view: a.store.index, chainId: CHAIN_ID, from: KEYS.alice.address, code });
      contract = deploy.contract;
      const pay = buildTransfer({ view: a.store.index, chainId: CHAIN_ID, from: KEYS.bob.address, to: KEYS.alice.address, amount: 1_000n });
      return [envelopeOf(deploy, KEYS.alice.privateKey), envelopeOf(pay, KEYS.bob.privateKey)];
    });
    expect(codes.at(-1)).toEqual([TX_CODE.ok, TX_CODE.ok]);
    expect(a.store.index.codeOf(contract!)).toEqual(code);

    // 2: a call whose state write is the block time, plus garbage bytes.
    await step(GENESIS_TIME + 5n, async (at) => [await call('stamp', at), utf8Encode('not a transaction')]);
    expect(codes.at(-1)).toEqual([TX_CODE.ok, TX_CODE.malformed]);
    expect(b.store.index.state.get(contract!, utf8Encode('stamp'))?.value).toEqual(a.store.index.state.get(contract!, utf8Encode('stamp'))?.value);

    // 3: the same transaction twice in one block: the second copy spends nothing and is left out.
    const twice = await step(GENESIS_TIME + 6n, async (at) => {
      const tx = await call('mint', at);
      return [tx, tx];
    });
    expect(twice.codes).toEqual([TX_CODE.ok, TX_CODE.rejected]);
    const block3 = await a.store.getBlock(3n);
    // The minted call plus the fee collector's coinbase; the duplicate is not in the chain block.
    expect(block3!.transactions).toHaveLength(2);

    // 4-6: empty blocks, then a block whose time goes backwards (clamped to the parent's).
    await step(GENESIS_TIME + 7n, async () => []);
    await step(GENESIS_TIME + 9n, async (at) => [await call('stamp', at)]);
    await step(GENESIS_TIME + 3n, async () => []);
    expect((await a.store.getBlock(6n))!.header.timestamp).toBe(GENESIS_TIME + 9n);

    expect(new Set(hashes).size).toBe(hashes.length); // every height commits to something new
    expect(a.store.height).toBe(6n);
  });

  it('a fresh instance replaying the decided blocks (a restarted validator) reaches the same hashes', async () => {
    const c = await appUnderTest();
    try {
      await initChain(c);
      for (const [i, block] of history.entries()) {
        const r = await finalizeAndCommit(c, block);
        expect(r.appHash).toBe(hashes[i]);
        expect(r.codes).toEqual(codes[i]);
      }
      const info = await c.call({ kind: 'info' });
      expect(info.lastBlockHeight).toBe(BigInt(history.length));
      expect(toHex(info.lastBlockAppHash)).toBe(hashes.at(-1));
    } finally {
      await c.close();
    }
  });

  it('the app hash commits to the block time: the same transactions a second later give another hash', async () => {
    const c = await appUnderTest();
    try {
      await initChain(c);
      const first = history[0]!;
      const r = await finalizeAndCommit(c, { ...first, time: first.time + 1n });
      expect(r.codes).toEqual(codes[0]);
      expect(r.appHash).not.toBe(hashes[0]);
    } finally {
      await c.close();
    }
  });
});

describe('ABCI app: an engine fault is never a transaction result inside a decided block', () => {
  it('CheckTx refuses the transaction; FinalizeBlock stops instead of committing a block', async () => {
    class FaultyExecutor extends BlockExecutor {
      override include(...args: Parameters<BlockExecutor['include']>): ReturnType<BlockExecutor['include']> {
        if (args[4].kind === 'regular') return Promise.reject(new InternalError('engine fault'));
        return super.include(...args);
      }
    }
    const store = await ChainStore.inMemory({ chainId: CHAIN_ID });
    const app = new WesAbciApp({ store, executor: new FaultyExecutor(new TxVerifier(createEngine()), CHAIN_ID), chainId: CHAIN_ID, version: 't', genesis: parseAppGenesis(APP_STATE) });
    try {
      await app.handle({ kind: 'initChain', time: GENESIS_TIME, chainId: CHAIN_ID, appStateBytes: APP_STATE, initialHeight: 1n });
      const pay = buildTransfer({ view: store.index, chainId: CHAIN_ID, from: KEYS.alice.address, to: KEYS.bob.address, amount: 5n });
      const tx = envelopeOf(pay, KEYS.alice.privateKey);
      expect(await app.handle({ kind: 'checkTx', tx, recheck: false })).toMatchObject({ code: TX_CODE.rejected, log: expect.stringMatching(/^INTERNAL/) });
      await expect(app.handle({ kind: 'finalizeBlock', txs: [tx], height: 1n, time: GENESIS_TIME + 1n })).rejects.toMatchObject({ code: 'INTERNAL' });
      expect(store.height).toBe(0n);
    } finally {
      await store.close();
    }
  });
});
