/** A CallSimulator decorator that counts simulations by outcome; the pool itself stays metric-free. */
import type { CallResult, ModuleSummary } from '../../../pkg/engine.js';
import { isWesError } from '../../../pkg/errors.js';
import type { NodeMetrics } from '../../api/metrics.js';
import type { CallSimulator } from '../devnet-service.js';
import { STALE, type SimulatedCall } from './simulation-pool.js';

export class MeteredSimulator implements CallSimulator {
  constructor(
    private readonly inner: CallSimulator,
    private readonly metrics: NodeMetrics,
  ) {}

  private async count<T>(kind: 'call' | 'deploy', run: Promise<T>, outcome: (t: T) => string): Promise<T> {
    try {
      const r = await run;
      this.metrics.simulations.inc({ kind, outcome: outcome(r) });
      return r;
    } catch (e) {
      this.metrics.simulations.inc({ kind, outcome: isWesError(e) ? e.code : 'INTERNAL' });
      throw e;
    }
  }

  call(c: SimulatedCall): Promise<CallResult | typeof STALE> {
    return this.count('call', this.inner.call(c), (r) => (r === STALE ? 'STALE' : (r.error?.code ?? r.statusName)));
  }

  prepare(code: Uint8Array): Promise<ModuleSummary> {
    return this.count('deploy', this.inner.prepare(code), () => 'OK');
  }
}
