/**
 * The node's composition root: ONE tsyringe container per node, with the two real choices
 * bound here and nowhere else —
 *   store:        LevelDB on disk, or in memory;
 *   block source: the devnet's own producer, or CometBFT (this process as its ABCI app).
 * Everything else (engine, verifier, executor, the NodeService behind the HTTP API) is the
 * same object graph in every mode, so the API behaves the same on a devnet and on a validator.
 */
import type { ExternalEvidencePolicy } from '../../pkg/ports.js';
import 'reflect-metadata';
import { join } from 'node:path';
import { container as rootContainer, instanceCachingFactory, type DependencyContainer } from 'tsyringe';
import { engineConfig } from '../../pkg/config.js';
import type { WASMEngine } from '../../pkg/engine.js';
import type { Address } from '../../pkg/types.js';
import { createEngine } from '../core/engines/wasm/manager/container.js';
import type { WasmEngineManager } from '../core/engines/wasm/manager/engine-manager.js';
import { ChainStore } from '../core/chain/chain-store.js';
import { BlockExecutor } from '../core/chain/block-executor.js';
import { BlockProducer } from '../core/chain/block-producer.js';
import type { Allocation } from '../core/chain/genesis.js';
import { TxVerifier } from '../core/tx/verifier.js';
import { NodeMetrics } from '../api/metrics.js';
import type { NodeService } from '../api/node-service.js';
import { DevnetBlockSource, type BlockSource } from './block-source.js';
import { DevnetService } from './devnet-service.js';
import { MeteredEngine } from './metered-engine.js';
import { SimulationPool, type SimulationLimits } from './simulation/simulation-pool.js';
import { MeteredSimulator } from './simulation/metered-simulator.js';
import { SignaturePool } from '../core/tx/signature-pool.js';
import { NODE_TOKENS } from './node-tokens.js';
import { AbciCodec } from './abci/abci-codec.js';
import { abciRoot } from './abci/abci-proto.js';
import type { AbciListenAddress } from './abci/abci-server.js';
import type { AppGenesis } from './abci/app-genesis.js';
import { WesAbciApp } from './abci/wes-abci-app.js';
import { CometBftBlockSource } from './cometbft/cometbft-block-source.js';
import { CometBftRpc } from './cometbft/cometbft-rpc.js';

export const NODE_VERSION = '0.1.0';

export type StoreBinding = { readonly kind: 'leveldb'; readonly dir: string } | { readonly kind: 'memory' };

export type BlockSourceBinding =
  | {
      readonly kind: 'devnet';
      /** How often to check for waiting transactions, ms. */
      readonly intervalMs: number;
      /** Used only when the chain is empty. */
      readonly genesis: readonly Allocation[];
      /** Receives block fees. */
      readonly miner?: Address;
    }
  | {
      readonly kind: 'cometbft';
      /** Where this process listens for CometBFT's ABCI connections. */
      readonly abci: AbciListenAddress;
      /** The local CometBFT's RPC (loopback). */
      readonly rpc: URL;
      /** app_state of CometBFT's genesis.json. */
      readonly genesis: AppGenesis;
      /** Directory of the ABCI .proto files (default: the pinned module in the Go module cache). */
      readonly protoDir?: string;
    };

export interface NodeConfig {
  readonly chainId: string;
  readonly store: StoreBinding;
  readonly blocks: BlockSourceBinding;
  /** Disk tier of the compile cache; memory only when absent. */
  readonly compileCacheDir?: string;
  /** Byte budget of the disk compile cache (least recently used entries are evicted). */
  readonly compileCacheBytes?: number;
  /** API simulations: worker count, wall-clock deadline, queue and heap (defaults in simulation-pool.ts). */
  readonly simulation?: Partial<SimulationLimits>;
  /** Largest gas limit an API simulation may ask for (DEFAULT_SIMULATION_GAS_CAP). */
  readonly simulationGasCap?: bigint;
  /** Attestor keys for external-state evidence; devnets may accept unverified evidence (marked so). */
  readonly externalEvidence?: ExternalEvidencePolicy;
  /** Unix seconds, for simulations (and devnet block times); defaults to the wall clock. */
  readonly clock?: () => bigint;
  readonly log?: (line: string) => void;
}

async function openStore(cfg: NodeConfig): Promise<ChainStore> {
  return cfg.store.kind === 'leveldb'
    ? ChainStore.open(join(cfg.store.dir, 'chain'), { chainId: cfg.chainId })
    : ChainStore.inMemory({ chainId: cfg.chainId, sync: false });
}

function blockSourceFactory(cfg: NodeConfig): (c: DependencyContainer) => BlockSource {
  const b = cfg.blocks;
  if (b.kind === 'devnet') {
    return (c) => {
      const store = c.resolve<ChainStore>(NODE_TOKENS.ChainStore);
      const producer = new BlockProducer({
        store,
        executor: c.resolve<BlockExecutor>(NODE_TOKENS.BlockExecutor),
        clock: c.resolve<() => bigint>(NODE_TOKENS.Clock),
        ...(b.miner !== undefined && { miner: b.miner }),
      });
      return new DevnetBlockSource({ producer, store, metrics: c.resolve<NodeMetrics>(NODE_TOKENS.Metrics), intervalMs: b.intervalMs, genesis: b.genesis });
    };
  }
  return (c) => {
    const app = new WesAbciApp({
      store: c.resolve<ChainStore>(NODE_TOKENS.ChainStore),
      executor: c.resolve<BlockExecutor>(NODE_TOKENS.BlockExecutor),
      chainId: cfg.chainId,
      version: NODE_VERSION,
      genesis: b.genesis,
    });
    return new CometBftBlockSource({ app, codec: new AbciCodec(abciRoot(b.protoDir)), abci: b.abci, rpc: new CometBftRpc(b.rpc), ...(cfg.log && { log: cfg.log }) });
  };
}

/** Opens the store and assembles the node's object graph (nothing is started yet). */
export async function createNodeContainer(cfg: NodeConfig): Promise<DependencyContainer> {
  const c = rootContainer.createChildContainer();
  const store = await openStore(cfg);
  store.index.externalEvidence = cfg.externalEvidence;
  const metrics = new NodeMetrics();
  const config = engineConfig({
    cache: {
      ...(cfg.compileCacheDir !== undefined && { diskDir: cfg.compileCacheDir }),
      ...(cfg.compileCacheBytes !== undefined && { diskBudgetBytes: cfg.compileCacheBytes }),
    },
  });
  const engine = createEngine({ config });
  let simulations: SimulationPool;
  try {
    // API simulations run in worker threads over the committed chain, in every mode.
    simulations = new SimulationPool({ engineConfig: config, chainId: cfg.chainId, ...(cfg.externalEvidence && { externalEvidence: cfg.externalEvidence }), chain: () => store.index, ...(cfg.simulation !== undefined && { limits: cfg.simulation }) });
  } catch (e) {
    await store.close();
    throw e;
  }
  c.register(NODE_TOKENS.Simulations, { useValue: simulations });
  // Submissions' signatures are pre-checked on worker threads (the verifier's verdict does not depend on it).
  const signatures = new SignaturePool();
  c.register(NODE_TOKENS.Signatures, { useValue: signatures });
  c.register(NODE_TOKENS.Config, { useValue: cfg });
  c.register(NODE_TOKENS.Clock, { useValue: cfg.clock ?? ((): bigint => BigInt(Math.floor(Date.now() / 1000))) });
  c.register(NODE_TOKENS.ChainStore, { useValue: store });
  c.register(NODE_TOKENS.Metrics, { useValue: metrics });
  c.register(NODE_TOKENS.Engine, { useValue: engine });
  c.register(NODE_TOKENS.MeteredEngine, { useValue: new MeteredEngine(engine, metrics) });
  c.register(NODE_TOKENS.BlockExecutor, {
    useFactory: instanceCachingFactory((d) => new BlockExecutor(new TxVerifier(d.resolve<WASMEngine>(NODE_TOKENS.MeteredEngine)), cfg.chainId)),
  });
  c.register(NODE_TOKENS.BlockSource, { useFactory: instanceCachingFactory(blockSourceFactory(cfg)) });
  c.register(NODE_TOKENS.NodeService, {
    useFactory: instanceCachingFactory((d): NodeService => {
      const blocks = d.resolve<BlockSource>(NODE_TOKENS.BlockSource);
      return new DevnetService({
        chainId: cfg.chainId,
        store,
        producer: blocks,
        signatures,
        simulator: new MeteredSimulator(simulations, metrics),
        clock: d.resolve<() => bigint>(NODE_TOKENS.Clock),
        produce: () => blocks.produceNow(),
        ...(cfg.simulationGasCap !== undefined && { simulationGasCap: cfg.simulationGasCap }),
      });
    }),
  });
  return c;
}

export type { WasmEngineManager };
