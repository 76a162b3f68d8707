/**
 * Poison-transaction isolation: a transaction that fails in any way while a block is built —
 * it cannot be encoded inside a block (untyped protobufjs throw), its re-execution throws an
 * untyped error, its verification throws an untyped error, or its call reports negative gas —
 * is evicted with a recorded reason, the block is built without it, and honest transactions
 * keep landing. The faulty transactions are put straight into the mempool (as if admitted under
 * other conditions): the producer must survive them whatever admission let through.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hash160, utf8Encode } from '../../../pkg/encoding.js';
import type { CallRequest, CallResult, ModuleSummary, WASMEngine } from '../../../pkg/engine.js';
import type { LockingCondition, Transaction } from '../../../pkg/model.js';
import { ChainStore } from '../../../internal/core/chain/chain-store.js';
import { BlockExecutor } from '../../../internal/core/chain/block-executor.js';
import { BlockProducer } from '../../../internal/core/chain/block-producer.js';
import { DraftBuilder } from '../../../internal/core/ispc/draft/draft-builder.js';
import { TxVerifier, type VerifiedTx, type VerifyRequest } from '../../../internal/core/tx/verifier.js';
import { buildContractCall, buildDeploy, buildPayment, buildTransfer, signBuilt, type BuiltTransaction } from '../../../internal/core/tx/builder.js';
import { transactionId } from '../../../internal/core/tx/hashing.js';
import { encodeBlock, encodeTransaction } from '../../../internal/core/wire/codec.js';
import { keyPairOf, type KeyPair } from '../../../internal/core/tx/signing.js';
import { DevnetService } from '../../../internal/node/devnet-service.js';
import { blockOf } from './blocks.js';

const CHAIN_ID = 'wes-poison-test';
const key = (name: string): KeyPair => keyPairOf(sha256(utf8Encode(`wes-poison/${name}`)));

/**
 * An engine that runs no wasm: every module is accepted, and a call's method name says how it
 * misbehaves. "Ok" succeeds with an empty draft, like a contract that changes nothing.
 */
class ScriptedEngine implements WASMEngine {
  prepare(code: Uint8Array): Promise<ModuleSummary> {
    const codeHash = sha256(code);
    return Promise.resolve({ codeHash, contractAddress: hash160(codeHash), size: code.length, functionCount: 0, imports: [], exports: [], memoryPages: { initial: 1, maximum: 1 }, methods: ['Ok', 'Throw', 'NegativeGas'] });
  }

  call(req: CallRequest): Promise<CallResult> {
    if (req.method === 'Throw') return Promise.reject(new Error('engine blew up (untyped)'));
    const draft = new DraftBuilder(hash160(sha256(req.code)), req.context.caller).freeze();
    const gasUsed = req.method === 'NegativeGas' ? -5n : 1_000n;
    return Promise.resolve({ status: 0, statusName: 'SUCCESS', ok: true, gasUsed, returnData: new Uint8Array(0), events: [], draft, error: undefined, logs: [] } as CallResult);
  }
}

/** A verifier that throws an untyped error for one marked transaction (a verifier bug). */
class BuggyVerifier extends TxVerifier {
  poisoned = new Set<string>();
  override verify(req: VerifyRequest): Promise<VerifiedTx> {
    if (this.poisoned.has(Buffer.from(transactionId(req.tx)).toString('hex'))) throw new TypeError("Cannot read properties of undefined (reading 'x')");
    return super.verify(req);
  }
}

/** A single-key lock wrapped in `depth` time locks. */
function nestedLock(owner: Uint8Array, depth: number): LockingCondition {
  let lock: LockingCondition = { kind: 'singleKey', addressHash: owner };
  for (let i = 0; i < depth; i++) lock = { kind: 'timeLock', unlockTimestamp: 1n, base: lock };
  return lock;
}

describe('poison transactions never stop the chain', () => {
  let dir: string;
  let store: ChainStore;
  let verifier: BuggyVerifier;
  let producer: BlockProducer;
  let now = 1_700_000_000n;
  const [alice, bob, carol, dave, erin, frank, gina, hank, miner] = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina', 'hank', 'miner'].map(key) as KeyPair[] as [KeyPair, KeyPair, KeyPair, KeyPair, KeyPair, KeyPair, KeyPair, KeyPair, KeyPair];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wes-poison-'));
    store = await ChainStore.open(dir, { chainId: CHAIN_ID, sync: false });
    verifier = new BuggyVerifier(new ScriptedEngine());
    producer = new BlockProducer({ store, executor: new BlockExecutor(verifier, CHAIN_ID), clock: () => now, miner: miner.address });
    await producer.genesis([alice, bob, carol, dave, erin, frank, gina, hank].flatMap((k) => [100_000_000n, 200_000_000n, 300_000_000n].map((amount) => ({ address: k.address, amount }))));
  });
  afterEach(async () => {
    await producer.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Puts a signed transaction straight into the pool, skipping admission. */
  function inject(built: BuiltTransaction, k: KeyPair): Transaction {
    const tx = signBuilt(built, k.privateKey);
    producer.mempool.add({ tx, txId: transactionId(tx), fee: built.fee, size: encodeTransaction(tx).length, attachments: built.attachments }, store.height! + 1n);
    return tx;
  }

  async function deployScripted(): Promise<Uint8Array> {
    const built = buildDeploy({ view: store.index, chainId: CHAIN_ID, from: alice.address, code: utf8Encode('any code: the scripted engine runs none') });
    await producer.submit(signBuilt(built, alice.privateKey), built.attachments);
    now += 1n;
    await producer.produce();
    return built.contract;
  }

  function callOf(contract: Uint8Array, method: string, payer: KeyPair): BuiltTransaction {
    return buildContractCall({ view: store.index, chainId: CHAIN_ID, payer: payer.address, call: { contract, method, payload: new Uint8Array(0), gasLimit: 100_000n } });
  }

  it('evicts one faulty transaction of each kind with its reason, and the honest ones land', async () => {
    const contract = await deployScripted();

    // 1. Encodes on its own but not inside a block: protobufjs throws an untyped "max depth exceeded".
    let depth = 30;
    const payment = (d: number): BuiltTransaction =>
      buildPayment({ view: store.index, chainId: CHAIN_ID, from: bob.address, outputs: [{ owner: bob.address, locks: [nestedLock(bob.address, d)], content: { type: 'asset', asset: { kind: 'native', amount: 5_000n } } }] });
    const fitsInBlock = (tx: Transaction): boolean => {
      try {
        encodeBlock(blockOf(store.index, [tx], now));
        return true;
      } catch {
        return false;
      }
    };
    while (fitsInBlock(payment(depth).tx)) depth++;
    const deep = payment(depth);
    expect(() => encodeTransaction(deep.tx)).not.toThrow(); // the transaction alone encodes
    const encodingPoison = inject(deep, bob);

    // 2. Re-execution throws an untyped error; 3. the call reports negative gas.
    const executionPoison = inject(callOf(contract, 'Throw', carol), carol);
    const negativeGas = inject(callOf(contract, 'NegativeGas', dave), dave);

    // 4. Verification itself throws an untyped error (a verifier bug).
    const buggy = buildTransfer({ view: store.index, chainId: CHAIN_ID, from: alice.address, to: carol.address, amount: 1_000n });
    const verificationPoison = inject(buggy, alice);
    verifier.poisoned.add(Buffer.from(transactionId(verificationPoison)).toString('hex'));

    // Honest transfers; the pool orders by fee rate, so they interleave with the poison ones.
    const honestSigned = [erin, frank, gina, hank].map((k, i) =>
      inject(buildTransfer({ view: store.index, chainId: CHAIN_ID, from: k.address, to: miner.address, amount: 10_000n * BigInt(i + 1) }), k));
    const poison = [encodingPoison, executionPoison, negativeGas, verificationPoison];
    const poisonIds = poison.map(transactionId);

    now += 1n;
    const info = await producer.produce();
    expect(info.height).toBe(2n);
    const block = await store.getBlock(2n);
    const landed = block!.transactions.map((t) => Buffer.from(transactionId(t)).toString('hex'));
    for (const t of honestSigned) expect(landed).toContain(Buffer.from(transactionId(t)).toString('hex'));
    for (const id of poisonIds) {
      expect(landed).not.toContain(Buffer.from(id).toString('hex'));
      expect(producer.mempool.has(id)).toBe(false);
    }
    const reasons = poisonIds.map((id) => producer.mempool.dropped(id));
    // The storability check refuses it with the codec's message (a verifier-side nesting bound, if
    // one refuses it earlier, would record its own TX_ code: either way it is evicted with a reason).
    expect(reasons[0]?.code).toMatch(/^TX_/);
    if (reasons[0]?.code === 'TX_NOT_STORABLE') expect(reasons[0].message).toMatch(/max depth exceeded/);
    expect(reasons[1]?.code).toBe('TX_BLOCK_ASSEMBLY_FAILED');
    expect(reasons[1]?.message).toMatch(/engine blew up/);
    expect(reasons[2]?.code).toBe('TX_NOT_STORABLE');
    expect(reasons[3]?.code).toBe('TX_BLOCK_ASSEMBLY_FAILED');
    expect(reasons[3]?.message).toMatch(/Cannot read properties/);
    for (const r of reasons) expect(r?.height).toBe(2n);
    // The node's transaction lookup reports the eviction and its reason (not a bare "not found").
    const engine = new ScriptedEngine(); // getTx never simulates: the simulator only has to exist
    const simulator = { call: (c: Omit<CallRequest, 'context'>) => engine.call(c as CallRequest), prepare: (code: Uint8Array) => engine.prepare(code) };
    const service = new DevnetService({ chainId: CHAIN_ID, store, producer, simulator, clock: () => now, produce: async () => undefined });
    await expect(service.getTx(Buffer.from(poisonIds[1]!).toString('hex'))).rejects.toMatchObject({ code: 'TX_DROPPED', details: { reason: 'TX_BLOCK_ASSEMBLY_FAILED', height: '2' } });
    expect(await service.getTx(Buffer.from(transactionId(honestSigned[0]!)).toString('hex'))).toMatchObject({ height: '2' });

    // Height keeps moving with fresh honest transactions from every sender.
    for (const k of [alice, bob, carol, dave, erin]) {
      const b = buildTransfer({ view: store.index, chainId: CHAIN_ID, from: k.address, to: miner.address, amount: 20_000n, nonce: 8n });
      await producer.submit(signBuilt(b, k.privateKey));
    }
    now += 1n;
    expect((await producer.produce()).height).toBe(3n);
    expect((await store.getBlock(3n))!.transactions).toHaveLength(6); // 5 transfers + coinbase
  });

  it('refuses the same faulty transactions at admission with typed errors', async () => {
    const contract = await deployScripted();
    const sign = (b: BuiltTransaction, k: KeyPair): Transaction => signBuilt(b, k.privateKey);
    await expect(producer.submit(sign(callOf(contract, 'Throw', carol), carol))).rejects.toMatchObject({ code: 'TX_ADMISSION_FAILED' });
    await expect(producer.submit(sign(callOf(contract, 'NegativeGas', dave), dave))).rejects.toMatchObject({ code: 'TX_NOT_STORABLE' });
    expect(producer.mempool.size).toBe(0);
    now += 1n;
    expect((await producer.produce()).height).toBe(2n);
  });
});
