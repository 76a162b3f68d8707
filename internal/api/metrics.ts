/** Prometheus metrics of a node (prom-client), on a registry of its own per node instance. */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export class NodeMetrics {
  readonly registry = new Registry();
  readonly calls: Counter<'contract' | 'method' | 'status'>;
  readonly gasUsed: Histogram<'method'>;
  readonly callLatency: Histogram<'method'>;
  readonly cacheEvents: Gauge<'tier' | 'result'>;
  readonly mempoolSize: Gauge;
  readonly blockHeight: Gauge;
  readonly blockApply: Histogram;
  readonly httpRequests: Counter<'route' | 'code'>;
  readonly simulations: Counter<'kind' | 'outcome'>;

  constructor() {
    const registers = [this.registry];
    this.calls = new Counter({ name: 'wes_contract_calls_total', help: 'Contract calls by contract, method and status', labelNames: ['contract', 'method', 'status'], registers });
    this.gasUsed = new Histogram({
      name: 'wes_contract_gas_used',
      help: 'Gas used per contract call',
      labelNames: ['method'],
      buckets: [1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9],
      registers,
    });
    this.callLatency = new Histogram({
      name: 'wes_contract_call_seconds',
      help: 'Contract call latency (engine only)',
      labelNames: ['method'],
      buckets: [1e-5, 5e-5, 1e-4, 5e-4, 1e-3, 5e-3, 1e-2, 5e-2, 0.1, 0.5, 1],
      registers,
    });
    this.cacheEvents = new Gauge({ name: 'wes_compile_cache_events', help: 'Compile cache hits and misses since start', labelNames: ['tier', 'result'], registers });
    this.mempoolSize = new Gauge({ name: 'wes_mempool_transactions', help: 'Transactions waiting in the mempool', registers });
    this.blockHeight = new Gauge({ name: 'wes_block_height', help: 'Height of the chain tip', registers });
    this.blockApply = new Histogram({ name: 'wes_block_apply_seconds', help: 'Time to build, verify and commit a block', buckets: [1e-3, 5e-3, 1e-2, 5e-2, 0.1, 0.5, 1, 5], registers });
    this.simulations = new Counter({
      name: 'wes_simulations_total',
      help: 'API simulations (worker pool) by kind (call, deploy) and outcome (status name or error code)',
      labelNames: ['kind', 'outcome'],
      registers,
    });
    this.httpRequests = new Counter({ name: 'wes_http_requests_total', help: 'HTTP requests by route and status code', labelNames: ['route', 'code'], registers });
  }
}
