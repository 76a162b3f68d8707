/**
 * A single-node devnet: LevelDB chain store, engine (with a disk compile cache under the data
 * dir), verifier, block producer (a block whenever transactions wait, checked every interval,
 * or on demand), and the HTTP API. Restarting on the same data dir continues the same chain.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { engineConfig } from '../../pkg/config.js';
import type { Address } from '../../pkg/types.js';
import { createEngine } from '../core/engines/wasm/manager/container.js';
import type { WasmEngineManager } from '../core/engines/wasm/manager/engine-manager.js';
import { ChainStore } from '../core/chain/chain-store.js';
import { BlockExecutor } from '../core/chain/block-executor.js';
import { BlockProducer } from '../core/chain/block-producer.js';
import type { Allocation } from '../core/chain/genesis.js';
import { TxVerifier } from '../core/tx/verifier.js';
import { NodeMetrics } from '../api/metrics.js';
import { createApiServer } from '../api/server.js';
import { DevnetService } from './devnet-service.js';
import { MeteredEngine } from './metered-engine.js';
import { SignaturePool } from '../core/tx/signature-pool.js';
import { SimulationPool, type SimulationLimits } from './simulation/simulation-pool.js';
import { MeteredSimulator } from './simulation/metered-simulator.js';

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
}

export const DEVNET_CHAIN_ID = 'wes-devnet';
export const NODE_VERSION = '0.1.0';

export class DevnetNode {
  private timer: NodeJS.Timeout | undefined;
  private producing: Promise<void> = Promise.resolve();
  private stopped = false;

  private constructor(
    readonly store: ChainStore,
    readonly producer: BlockProducer,
    readonly engine: WasmEngineManager,
    readonly service: DevnetService,
    readonly metrics: NodeMetrics,
    private readonly server: FastifyInstance,
    readonly simulations: SimulationPool,
    private readonly signatures: SignaturePool,
    readonly url: string,
  ) {}

  static async start(opts: DevnetOptions): Promise<DevnetNode> {
    const chainId = opts.chainId ?? DEVNET_CHAIN_ID;
    mkdirSync(opts.dataDir, { recursive: true });
    const clock = opts.clock ?? ((): bigint => BigInt(Math.floor(Date.now() / 1000)));
    const store = await ChainStore.open(join(opts.dataDir, 'chain'), { chainId });
    const metrics = new NodeMetrics();
    const config = engineConfig({
      cache: { diskDir: join(opts.dataDir, 'compile-cache'), ...(opts.compileCacheBytes !== undefined && { diskBudgetBytes: opts.compileCacheBytes }) },
    });
    const engine = createEngine({ config });
    let simulations: SimulationPool;
    try {
      simulations = new SimulationPool({ engineConfig: config, chainId, chain: () => store.index, ...(opts.simulation !== undefined && { limits: opts.simulation }) });
    } catch (e) {
      await store.close();
      throw e;
    }
    const metered = new MeteredEngine(engine, metrics);
    const producer = new BlockProducer({
      store,
      executor: new BlockExecutor(new TxVerifier(metered), chainId),
      clock,
      ...(opts.miner !== undefined && { miner: opts.miner }),
    });
    await producer.genesis(opts.genesis);

    let node: DevnetNode | undefined;
    const produce = (): Promise<void> => (node as DevnetNode).produceNow();
    const signatures = new SignaturePool();
    const service = new DevnetService({
      chainId,
      store,
      producer,
      signatures,
      simulator: new MeteredSimulator(simulations, metrics),
      clock,
      produce,
      ...(opts.simulationGasCap !== undefined && { simulationGasCap: opts.simulationGasCap }),
    });
    const server = createApiServer(service, metrics, {
      version: NODE_VERSION,
      logger: opts.logger ?? false,
      refreshMetrics: () => {
        const s = engine.cache.stats;
        metrics.cacheEvents.set({ tier: 'memory', result: 'hit' }, s.memoryHits);
        metrics.cacheEvents.set({ tier: 'disk', result: 'hit' }, s.diskHits);
        metrics.cacheEvents.set({ tier: 'any', result: 'miss' }, s.misses);
        metrics.mempoolSize.set(producer.mempool.size);
        metrics.blockHeight.set(Number(store.height ?? -1n));
      },
    });
    try {
      await server.listen({ host: opts.host ?? '127.0.0.1', port: opts.port ?? 0 });
    } catch (e) {
      await simulations.close();
      await signatures.close();
      await store.close();
      throw e;
    }
    const addr = server.server.address() as AddressInfo;
    node = new DevnetNode(store, producer, engine, service, metrics, server, simulations, signatures, `http://${addr.address}:${addr.port}`);
    node.metrics.blockHeight.set(Number(store.height ?? -1n));
    node.startInterval(opts.blockIntervalMs ?? 1000);
    return node;
  }

  /**
   * Produces one block (serialised with the interval), timing it for metrics. With
   * `onlyIfPending`, the mempool is checked when the job runs, not when it is queued: an interval
   * tick queued behind a block that empties the mempool must not add an empty block.
   */
  produceNow(opts: { onlyIfPending?: boolean } = {}): Promise<void> {
    const run = this.producing.then(async () => {
      if (opts.onlyIfPending && this.producer.mempool.size === 0) return;
      const end = this.metrics.blockApply.startTimer();
      try {
        await this.producer.produce();
      } finally {
        end();
        this.metrics.blockHeight.set(Number(this.store.height ?? -1n));
        this.metrics.mempoolSize.set(this.producer.mempool.size);
      }
    });
    this.producing = run.catch(() => undefined);
    return run;
  }

  private startInterval(ms: number): void {
    this.timer = setInterval(() => {
      if (this.stopped || this.producer.mempool.size === 0) return;
      this.produceNow({ onlyIfPending: true }).catch((e: unknown) => process.stderr.write(`block production failed: ${String(e)}\n`));
    }, ms);
  }

  /** Stops producing, finishes the block in progress, closes the API and the store. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.producing;
    await this.server.close();
    await this.simulations.close();
    await this.signatures.close();
    await this.store.close();
  }
}
