/** A throw-away single-node devnet for tests: LevelDB in a temp dir, real engine, fixed clock. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8Encode } from '../../../pkg/encoding.js';
import { createEngine } from '../../../internal/core/engines/wasm/manager/container.js';
import type { WasmEngineManager } from '../../../internal/core/engines/wasm/manager/engine-manager.js';
import { ChainStore } from '../../../internal/core/chain/chain-store.js';
import { BlockExecutor } from '../../../internal/core/chain/block-executor.js';
import { BlockProducer } from '../../../internal/core/chain/block-producer.js';
import { TxVerifier } from '../../../internal/core/tx/verifier.js';
import { keyPairOf, type KeyPair } from '../../../internal/core/tx/signing.js';
import { buildDeploy, signBuilt } from '../../../internal/core/tx/builder.js';
import type { Address } from '../../../pkg/types.js';

export const CHAIN_ID = 'wes-devnet-test';
export const GENESIS_TIME = 1_700_000_000n;
/** Each key gets these genesis UTXOs (base units). */
export const GENESIS_SPLIT = [5_000_000n, 20_000_000n, 100_000_000n, 100_000_000n];

export function testKey(name: string): KeyPair {
  return keyPairOf(sha256(utf8Encode(`wes-test-key/${name}`)));
}

export interface Devnet {
  readonly dir: string;
  readonly store: ChainStore;
  readonly engine: WasmEngineManager;
  readonly verifier: TxVerifier;
  readonly executor: BlockExecutor;
  readonly producer: BlockProducer;
  readonly alice: KeyPair;
  readonly bob: KeyPair;
  readonly carol: KeyPair;
  readonly miner: KeyPair;
  /** Moves the producer's clock. */
  advance(seconds: bigint): void;
  now(): bigint;
  close(): Promise<void>;
}

export async function devnet(options: { withMiner?: boolean; dir?: string } = {}): Promise<Devnet> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'wes-chain-'));
  const store = await ChainStore.open(dir, { chainId: CHAIN_ID, sync: false });
  const engine = createEngine();
  const verifier = new TxVerifier(engine);
  const executor = new BlockExecutor(verifier, CHAIN_ID);
  let now = GENESIS_TIME;
  const [alice, bob, carol, miner] = ['alice', 'bob', 'carol', 'miner'].map(testKey) as [KeyPair, KeyPair, KeyPair, KeyPair];
  const producer = new BlockProducer({ store, executor, clock: () => now, ...(options.withMiner && { miner: miner.address }) });
  await producer.genesis([alice, bob, carol].flatMap((k) => GENESIS_SPLIT.map((amount) => ({ address: k.address, amount }))));
  return {
    dir, store, engine, verifier, executor, producer, alice, bob, carol, miner,
    advance: (s) => void (now += s),
    now: () => now,
    close: async () => {
      await producer.stop();
      await store.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Native balance of `address` in the chain index. */
export function balanceOf(net: Devnet, address: Uint8Array): bigint {
  return net.store.index.utxos
    .listByOwner(address, { kind: 'native' })
    .reduce((s, u) => s + (u.output.content.type === 'asset' ? u.output.content.asset.amount : 0n), 0n);
}

/** Deploys `code` from alice and commits it in a block; returns the contract's address. */
export async function deployAndCommit(net: Devnet, code: Uint8Array): Promise<Address> {
  const deploy = buildDeploy({ view: net.store.index, chainId: CHAIN_ID, from: net.alice.address, code });
  await net.producer.submit(signBuilt(deploy, net.alice.privateKey), deploy.attachments);
  await net.producer.produce();
  return deploy.contract;
}
