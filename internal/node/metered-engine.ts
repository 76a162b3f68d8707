/** A WASMEngine decorator that records call metrics; the engine itself stays metric-free. */
import { addressToBase58 } from '../../pkg/encoding.js';
import type { CallRequest, CallResult, ModuleSummary, PrepareOptions, WASMEngine } from '../../pkg/engine.js';
import type { NodeMetrics } from '../api/metrics.js';
import { hash160 } from '../../pkg/encoding.js';
import { createHash } from 'node:crypto';

export class MeteredEngine implements WASMEngine {
  constructor(
    private readonly inner: WASMEngine,
    private readonly metrics: NodeMetrics,
  ) {}

  prepare(code: Uint8Array, opts?: PrepareOptions): Promise<ModuleSummary> {
    return this.inner.prepare(code, opts);
  }

  async call(request: CallRequest): Promise<CallResult> {
    const t0 = process.hrtime.bigint();
    const result = await this.inner.call(request);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    // The instance's address when the caller names it; else the code's own address.
    const address = request.contract ?? hash160(createHash('sha256').update(request.code).digest());
    const contract = this.metrics.contractLabel.of(addressToBase58(address));
    const method = this.metrics.methodLabel.of(request.method);
    this.metrics.calls.inc({ contract, method, status: result.error ? result.error.code : result.statusName });
    this.metrics.gasUsed.observe({ method }, Number(result.gasUsed));
    this.metrics.callLatency.observe({ method }, seconds);
    return result;
  }
}
