/**
 * Pipelined commit against a replaying verifier: blocks built on a staged block (its write still
 * in flight) must be exactly what another node computes by executing them in order against its
 * durable index (BlockExecutor.execute). The staged block's write is made to finish in the middle
 * of a contract call of the next block, so the index changes under the call being executed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../../pkg/hashes.js';
import { toHex, utf8Encode } from '../../../pkg/encoding.js';
import type { CallRequest, CallResult, WASMEngine } from '../../../pkg/engine.js';
import type { Address } from '../../../pkg/types.js';
import { ChainStore } from '../../../internal/core/chain/chain-store.js';
import { BlockExecutor } from '../../../internal/core/chain/block-executor.js';
import { BlockProducer } from '../../../internal/core/chain/block-producer.js';
import { TxVerifier } from '../../../internal/core/tx/verifier.js';
import { keyPairOf, type KeyPair } from '../../../internal/core/tx/signing.js';
import { buildDeploy, buildTransfer, signBuilt, simulateAndBuildCall, type BuiltTransaction } from '../../../internal/core/tx/builder.js';
import type { LedgerView } from '../../../internal/core/tx/ledger-view.js';
import { createEngine } from '../../../internal/core/engines/wasm/manager/container.js';
import { vaultCode } from './contracts.js';
import { GatedKv } from '../../helpers/gated-kv.js';
import { expectReplayMatches } from '../../helpers/replay.js';

const CHAIN_ID = 'wes-pipeline-replay';
const GAS = 5_000_000n;
const key = (name: string): KeyPair => keyPairOf(sha256(utf8Encode(`pipeline-replay/${name}`)));
const [alice, bob, carol, dave, erin, frank] = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'].map(key) as [KeyPair, KeyPair, KeyPair, KeyPair, KeyPair, KeyPair];
const u64le = (b: Uint8Array): bigint => new DataView(b.buffer, b.byteOffset).getBigUint64(0, true);


/** The real engine, with a hook run once after a call that `when` picks (to change the chain between two calls). */
interface AfterCall {
  when?: (request: CallRequest) => boolean;
  hook?: () => Promise<void>;
}

function hookedEngine(): { engine: WASMEngine; afterCall: AfterCall } {
  const inner = createEngine();
  const afterCall: AfterCall = {};
  const engine: WASMEngine = {
    prepare: (code, opts) => inner.prepare(code, opts),
    call: async (request: CallRequest): Promise<CallResult> => {
      const result = await inner.call(request);
      const h = afterCall.hook;
      if (h !== undefined && afterCall.when?.(request) === true) {
        afterCall.hook = undefined;
        await h();
      }
      return result;
    },
  };
  return { engine, afterCall };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

async function chain(engine: WASMEngine, kv = new GatedKv()): Promise<{ kv: GatedKv; store: ChainStore; executor: BlockExecutor; producer: BlockProducer; tick: () => void }> {
  const store = await ChainStore.openOn(kv, { chainId: CHAIN_ID });
  const executor = new BlockExecutor(new TxVerifier(engine), CHAIN_ID);
  let now = 1_700_000_000n;
  const producer = new BlockProducer({ store, executor, clock: () => now });
  await producer.genesis([alice, bob, carol, dave, erin, frank].flatMap((k) => [40_000_000n, 60_000_000n, 80_000_000n].map((amount) => ({ address: k.address, amount }))));
  closers.push(async () => {
    kv.release();
    await producer.stop();
    await store.close();
  });
  return { kv, store, executor, producer, tick: () => void (now += 5n) };
}

/** Only the outputs of `built` (what its sender knows it just created, before the block is durable). */
function outputsView(base: LedgerView, built: BuiltTransaction): LedgerView {
  const mine = built.tx.outputs.map((output, index) => ({ outPoint: { txId: built.txId, index }, output, blockHeight: 1n }));
  return { ...base, utxos: { get: (o) => mine.find((u) => u.outPoint.index === o.index && toHex(u.outPoint.txId) === toHex(o.txId)), listByOwner: (owner) => mine.filter((u) => toHex(u.output.owner) === toHex(owner)) } };
}

describe('pipelined commit, replayed', () => {
  it('blocks built while their parent is written replay to the same hashes, state roots and UTXO set, the parent landing between two calls', async () => {
    const { engine, afterCall } = hookedEngine();
    const net = await chain(engine);
    const { kv, store, producer } = net;
    const code = await vaultCode();
    let nonce = 1n;
    const at = () => ({ height: store.height! + 1n, timestamp: 1_700_000_100n, txIndex: 0 });
    const call = async (from: KeyPair, contract: Address, method: string, view: LedgerView = store.index) =>
      signBuilt(await simulateAndBuildCall(engine, { view, chainId: CHAIN_ID, payer: from.address, nonce: nonce++, call: { contract, method, payload: new Uint8Array(0), gasLimit: GAS, funds: 0n } }, at()), from.privateKey);

    // Block 1 (durable): a vault.
    const d1 = buildDeploy({ view: store.index, chainId: CHAIN_ID, from: alice.address, code, nonce: nonce++ });
    await producer.submit(signBuilt(d1, alice.privateKey), d1.attachments);
    await producer.produce();
    const vault = d1.contract;

    // Block 2 (held in flight): alice increments the counter, carol deploys a second vault, bob pays carol.
    await producer.submit(await call(alice, vault, 'incr'));
    const d2 = buildDeploy({ view: store.index, chainId: CHAIN_ID, from: carol.address, code, nonce: nonce++ });
    await producer.submit(signBuilt(d2, carol.privateKey), d2.attachments);
    const toCarol = buildTransfer({ view: store.index, chainId: CHAIN_ID, from: bob.address, to: carol.address, amount: 3_000_000n, nonce: nonce++ });
    await producer.submit(signBuilt(toCarol, bob.privateKey));
    net.tick();
    kv.hold();
    const staged2 = await producer.produceStaged();
    expect(store.height).toBe(1n);

    // Block 3, built on block 2 while it is written: dave increments the same counter (reads block 2's
    // write), frank calls the vault block 2 deploys, and carol spends what block 2 pays her.
    await producer.submit(await call(dave, vault, 'incr'));
    await producer.submit(await call(erin, vault, 'stamp'));
    const index = store.index;
    const deployedIn2: LedgerView = {
      chainId: index.chainId, blocks: index.blocks, state: index.state, utxos: index.utxos, resources: index.resources,
      codeOf: (c) => (toHex(c) === toHex(d2.contract) ? code : index.codeOf(c)),
      codeByHash: (h) => index.codeByHash(h),
    };
    await producer.submit(await call(frank, d2.contract, 'incr', deployedIn2));
    const fromCarol = buildTransfer({ view: outputsView(store.index, toCarol), chainId: CHAIN_ID, from: carol.address, to: alice.address, amount: 1_000_000n, nonce: nonce++ });
    await producer.submit(signBuilt(fromCarol, carol.privateKey));
    expect(store.height).toBe(1n); // all of that was admitted against block 2 laid over the index

    // Block 2's write finishes (and the index applies it) right after dave's call in block 3: that
    // call read block 2's counter from the staged view, the calls after it read the index.
    afterCall.when = (r) => r.method === 'incr' && r.contract !== undefined && toHex(r.contract) === toHex(vault);
    afterCall.hook = async () => {
      expect(store.height).toBe(1n);
      kv.release();
      await staged2.durable;
      expect(store.height).toBe(2n);
    };
    net.tick();
    const staged3 = await producer.produceStaged();
    expect(afterCall.hook).toBeUndefined(); // the write did land while block 3 was being built
    expect(staged3.txCount).toBe(4);
    await staged3.durable;
    expect(store.height).toBe(3n);
    expect(u64le(store.index.state.get(vault, utf8Encode('count'))!.value)).toBe(2n);
    expect(u64le(store.index.state.get(d2.contract, utf8Encode('count'))!.value)).toBe(1n);

    // Another node executes the stored blocks against its durable index only.
    const replica = await chain(createEngine());
    await expectReplayMatches(store, replica);
    expect(replica.store.index.state.get(vault, utf8Encode('stamp'))).toEqual(store.index.state.get(vault, utf8Encode('stamp')));
  });
});
