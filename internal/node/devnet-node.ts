/**
 * A single-node devnet: LevelDB chain store, engine (with a disk compile cache under the data
 * dir), verifier, block producer (a block whenever transactions wait, checked every interval,
 * or on demand), API simulations in a worker pool, and the HTTP API. Restarting on the same data dir continues the same chain.
 *
 * Assembled by the node's composition root (node-container.ts) with the devnet bindings —
 * the same object graph as a CometBFT validator's app, with the devnet producer as block source.
 */
import type { ExternalEvidencePolicy } from '../../pkg/ports.js';
import 'reflect-metadata';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Address } from '../../pkg/types.js';
import type { WasmEngineManager } from '../core/engines/wasm/manager/engine-manager.js';
import type { ChainStore } from '../core/chain/chain-store.js';
import type { BlockProducer } from '../core/chain/block-producer.js';
import type { Allocation } from '../core/chain/genesis.js';
import type { NodeMetrics } from '../api/metrics.js';
import type { NodeService } from '../api/node-service.js';
import type { DevnetBlockSource } from './block-source.js';
import { NODE_TOKENS } from './node-tokens.js';
import { WesNode } from './wes-node.js';
import type { SimulationPool, SimulationLimits } from './simulation/simulation-pool.js';

export interface DevnetOptions {
  readonly dataDir: string;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly chainId?: string;
  /** How often to check for waiting transactions, ms. */
  readonly blockIntervalMs?: number;
  /** Used only when the chain is empty. */
  readonly genesis: readonly Allocation[];
  /** Receives block fees. */
  readonly miner?: Address;
  readonly logger?: boolean;
  /** Unix seconds; defaults to the wall clock (the only clock that reaches a block). */
  readonly clock?: () => bigint;
  /** API simulations: worker count, wall-clock deadline, queue and heap (defaults in simulation-pool.ts). */
  readonly simulation?: Partial<SimulationLimits>;
  /** Largest gas limit an API simulation may ask for (DEFAULT_SIMULATION_GAS_CAP). */
  readonly simulationGasCap?: bigint;
  /** Byte budget of the disk compile cache (least recently used entries are evicted). */
  readonly compileCacheBytes?: number;
  /** Attestor keys for external-state evidence, and whether unverified evidence is accepted (marked so). */
  readonly externalEvidence?: ExternalEvidencePolicy;
}

export const DEVNET_CHAIN_ID = 'wes-devnet';
export { NODE_VERSION } from './node-container.js';

export class DevnetNode {
  private constructor(private readonly node: WesNode) {}

  static async start(opts: DevnetOptions): Promise<DevnetNode> {
    mkdirSync(opts.dataDir, { recursive: true });
    const node = await WesNode.start(
      {
        chainId: opts.chainId ?? DEVNET_CHAIN_ID,
        store: { kind: 'leveldb', dir: opts.dataDir },
        compileCacheDir: join(opts.dataDir, 'compile-cache'),
        blocks: { kind: 'devnet', intervalMs: opts.blockIntervalMs ?? 1000, genesis: opts.genesis, ...(opts.miner !== undefined && { miner: opts.miner }) },
        ...(opts.clock !== undefined && { clock: opts.clock }),
        ...(opts.simulation !== undefined && { simulation: opts.simulation }),
        ...(opts.simulationGasCap !== undefined && { simulationGasCap: opts.simulationGasCap }),
        ...(opts.externalEvidence !== undefined && { externalEvidence: opts.externalEvidence }),
        ...(opts.compileCacheBytes !== undefined && { compileCacheBytes: opts.compileCacheBytes }),
      },
      { ...(opts.host !== undefined && { host: opts.host }), port: opts.port ?? 0, logger: opts.logger ?? false },
    );
    return new DevnetNode(node);
  }

  get url(): string {
    return this.node.url;
  }

  get store(): ChainStore {
    return this.node.store;
  }

  get service(): NodeService {
    return this.node.service;
  }

  /** The worker pool API simulations run in. */
  get simulations(): SimulationPool {
    return this.node.simulations;
  }

  get metrics(): NodeMetrics {
    return this.node.metrics;
  }

  get engine(): WasmEngineManager {
    return this.node.container.resolve<WasmEngineManager>(NODE_TOKENS.Engine);
  }

  private get blocks(): DevnetBlockSource {
    return this.node.blocks as DevnetBlockSource;
  }

  get producer(): BlockProducer {
    return this.blocks.producer;
  }

  /** Produces one block (serialised with the interval), timing it for metrics. */
  produceNow(opts: { onlyIfPending?: boolean } = {}): Promise<void> {
    return this.blocks.produceNow(opts);
  }

  /** Stops producing, finishes the block in progress, closes the API and the store. */
  stop(): Promise<void> {
    return this.node.stop();
  }
}
