/**
 * A running node: the object graph from node-container.ts, started — block source (devnet
 * producer or CometBFT's ABCI connection) and the HTTP API on loopback. `wes node --devnet`
 * and `wes node --cometbft` both start one of these.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { DependencyContainer } from 'tsyringe';
import { InvalidRequestError } from '../../pkg/errors.js';
import type { WasmEngineManager } from '../core/engines/wasm/manager/engine-manager.js';
import type { ChainStore } from '../core/chain/chain-store.js';
import type { NodeMetrics } from '../api/metrics.js';
import type { NodeService } from '../api/node-service.js';
import { createApiServer } from '../api/server.js';
import type { BlockSource } from './block-source.js';
import type { SimulationPool } from './simulation/simulation-pool.js';
import type { SignaturePool } from '../core/tx/signature-pool.js';
import { createNodeContainer, NODE_VERSION, type NodeConfig } from './node-container.js';
import { NODE_TOKENS } from './node-tokens.js';

export interface ApiListen {
  /** Loopback only. */
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly logger?: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export class WesNode {
  private stopped = false;

  private constructor(
    readonly container: DependencyContainer,
    readonly store: ChainStore,
    readonly blocks: BlockSource,
    readonly service: NodeService,
    readonly metrics: NodeMetrics,
    private readonly server: FastifyInstance,
    readonly url: string,
  ) {}

  static async start(cfg: NodeConfig, api: ApiListen = {}): Promise<WesNode> {
    const host = api.host ?? '127.0.0.1';
    if (!LOOPBACK.has(host)) throw new InvalidRequestError('BAD_HOST', `--host ${host}: the node API listens on loopback only (127.0.0.1)`);
    const c = await createNodeContainer(cfg);
    const store = c.resolve<ChainStore>(NODE_TOKENS.ChainStore);
    const simulations = c.resolve<SimulationPool>(NODE_TOKENS.Simulations);
    const signatures = c.resolve<SignaturePool>(NODE_TOKENS.Signatures);
    try {
      const engine = c.resolve<WasmEngineManager>(NODE_TOKENS.Engine);
      const metrics = c.resolve<NodeMetrics>(NODE_TOKENS.Metrics);
      const blocks = c.resolve<BlockSource>(NODE_TOKENS.BlockSource);
      const service = c.resolve<NodeService>(NODE_TOKENS.NodeService);
      await blocks.start();
      const server = createApiServer(service, metrics, {
        version: NODE_VERSION,
        logger: api.logger ?? false,
        refreshMetrics: () => {
          const s = engine.cache.stats;
          metrics.cacheEvents.set({ tier: 'memory', result: 'hit' }, s.memoryHits);
          metrics.cacheEvents.set({ tier: 'disk', result: 'hit' }, s.diskHits);
          metrics.cacheEvents.set({ tier: 'any', result: 'miss' }, s.misses);
          metrics.mempoolSize.set(blocks.mempool.size);
          metrics.blockHeight.set(Number(store.height ?? -1n));
        },
      });
      try {
        await server.listen({ host, port: api.port ?? 0 });
      } catch (e) {
        await blocks.stop();
        throw e;
      }
      const addr = server.server.address() as AddressInfo;
      const shown = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      return new WesNode(c, store, blocks, service, metrics, server, `http://${shown}:${addr.port}`);
    } catch (e) {
      await simulations.close();
      await signatures.close();
      await store.close();
      throw e;
    }
  }

  get simulations(): SimulationPool {
    return this.container.resolve<SimulationPool>(NODE_TOKENS.Simulations);
  }

  /** Stops the block source (the block in progress is finished), the API and the worker pools, then closes the store. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.blocks.stop();
    await this.server.close();
    await this.simulations.close();
    await this.container.resolve<SignaturePool>(NODE_TOKENS.Signatures).close();
    await this.store.close();
  }
}
