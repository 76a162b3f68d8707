/**
 * One measured run: submits pre-signed transactions with bounded concurrency (saturating, in
 * batches) or at a fixed rate (paced, a request per tick), then reads from the node's blocks when
 * each was committed. Transaction-kind agnostic: native transfers and token calls run alike.
 */
import type { NodeProcess } from './node-process.js';
import { http, sleep, type ApiError, type InclusionWatcher } from './node-client.js';

/** What the load generator sends. */
export type LoadKind = 'native' | 'token';

export interface RunResult {
  readonly name: string;
  readonly kind: LoadKind;
  /** Transactions in the run (pre-signed). */
  readonly txs: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly committed: number;
  readonly submittedPerSec: number;
  readonly committedPerSec: number;
  readonly submitP50Ms: number;
  readonly submitP99Ms: number;
  readonly inclusionP50Ms: number;
  readonly inclusionP99Ms: number;
  readonly nodeCpuSeconds: number;
  readonly nodeCpuCores: number;
  /** CPU seconds of the node's main thread (admission, block building, HTTP): the serial part. */
  readonly nodeMainThreadCpuSeconds: number;
  readonly nodePeakRssMiB: number;
  /** CPU seconds the load generator itself used (it shares the machine with the node). */
  readonly clientCpuSeconds: number;
  readonly firstRejection?: string;
  /** Refusals at submit by error code. */
  readonly rejectionCodes?: Readonly<Record<string, number>>;
}

/** A signed transaction ready to post: its id (hex) and the request body. */
export interface Presigned {
  readonly id: string;
  readonly body: { tx: string };
}

export interface RunSettings {
  /** Requests in flight at once (the paced run keeps at least 64). */
  readonly concurrency: number;
  /** Give up waiting for inclusion after this long (a hang detector, not a measurement). */
  readonly inclusionTimeoutMs: number;
  readonly log: (line: string) => void;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface SubmitOutcome {
  readonly ok: boolean;
  readonly code?: string;
  readonly error?: string;
}

function refused(status: number, error: ApiError | undefined): SubmitOutcome {
  return { ok: false, code: error?.code ?? `HTTP_${status}`, error: `${status} ${error?.code}: ${error?.message}` };
}

async function submitMany(url: string, txs: readonly Presigned[]): Promise<SubmitOutcome[]> {
  if (txs.length === 1) {
    const r = await http<{ error?: ApiError }>('POST', `${url}/v1/transactions`, txs[0]!.body);
    return [r.status === 200 ? { ok: true } : refused(r.status, r.json.error)];
  }
  const r = await http<{ results?: { txId?: string; error?: ApiError }[]; error?: ApiError }>('POST', `${url}/v1/transactions/batch`, { txs: txs.map((t) => t.body.tx) });
  if (r.status !== 200 || !r.json.results) return txs.map(() => refused(r.status, r.json.error));
  return r.json.results.map((x) => (x.error ? { ok: false, code: x.error.code, error: `${x.error.code}: ${x.error.message}` } : { ok: true }));
}

/**
 * Submits `txs` (rate 0: as fast as `concurrency` requests of `batch` allow; else `ratePerSec`,
 * one per request) and waits for their inclusion.
 */
export async function runLoad(name: string, kind: LoadKind, node: NodeProcess, txs: readonly Presigned[], ratePerSec: number, batch: number, watcher: InclusionWatcher, opts: RunSettings): Promise<RunResult> {
  await watcher.poll();
  const submitMs: number[] = [];
  const sentAt = new Map<string, number>();
  const codes = new Map<string, number>();
  let rejected = 0;
  let firstRejection: string | undefined;
  let next = 0;
  let peakRss = node.rssMiB();
  const cpu0 = node.cpuSeconds();
  const main0 = node.mainThreadCpuSeconds();
  const threads0 = node.threadCpuSeconds();
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  let lastSubmitEnd = t0;
  const worker = async (): Promise<void> => {
    while (next < txs.length) {
      const i = next;
      const chunk = txs.slice(i, i + batch);
      next += chunk.length;
      if (ratePerSec > 0) {
        const due = t0 + (i * 1000) / ratePerSec;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
      }
      const start = performance.now();
      const outcomes = await submitMany(node.url, chunk);
      const end = performance.now();
      lastSubmitEnd = Math.max(lastSubmitEnd, end);
      outcomes.forEach((o, k) => {
        submitMs.push(end - start);
        if (o.ok) sentAt.set(chunk[k]!.id, start);
        else {
          rejected++;
          firstRejection ??= o.error;
          codes.set(o.code ?? '?', (codes.get(o.code ?? '?') ?? 0) + 1);
        }
      });
    }
  };
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, node.rssMiB());
    void watcher.poll().catch(() => undefined);
  }, 100);
  // Paced: enough requests in flight that the rate, not the round trip, sets the pace.
  const inFlight = ratePerSec > 0 ? Math.max(opts.concurrency, 64) : opts.concurrency;
  await Promise.all(Array.from({ length: inFlight }, worker));
  const accepted = [...sentAt.keys()];
  await watcher.waitFor(accepted, opts.inclusionTimeoutMs);
  clearInterval(sampler);
  const cpu = node.cpuSeconds() - cpu0;
  const mainCpu = node.mainThreadCpuSeconds() - main0;
  const threads = [...node.threadCpuSeconds()].map(([n, t]) => [n, t - (threads0.get(n) ?? 0)] as const).filter(([, t]) => t > 0).sort((a, b) => b[1] - a[1]);
  opts.log(`${name}: node CPU by thread: ${threads.map(([n, t]) => `${n} ${t.toFixed(2)} s`).join(', ')}`);
  const client = process.cpuUsage(client0);
  const included = accepted.filter((id) => watcher.seenAt.has(id));
  const lastCommit = Math.max(t0, ...included.map((id) => watcher.seenAt.get(id)!));
  const inclusion = included.map((id) => watcher.seenAt.get(id)! - sentAt.get(id)!).sort((a, b) => a - b);
  submitMs.sort((a, b) => a - b);
  const wall = (lastCommit - t0) / 1000;
  const result: RunResult = {
    name,
    kind,
    txs: txs.length,
    accepted: accepted.length,
    rejected,
    committed: included.length,
    submittedPerSec: accepted.length / ((lastSubmitEnd - t0) / 1000),
    committedPerSec: included.length / wall,
    submitP50Ms: percentile(submitMs, 50),
    submitP99Ms: percentile(submitMs, 99),
    inclusionP50Ms: percentile(inclusion, 50),
    inclusionP99Ms: percentile(inclusion, 99),
    nodeCpuSeconds: cpu,
    nodeCpuCores: cpu / wall,
    nodeMainThreadCpuSeconds: mainCpu,
    nodePeakRssMiB: peakRss,
    clientCpuSeconds: (client.user + client.system) / 1e6,
    ...(firstRejection !== undefined && { firstRejection }),
    ...(codes.size > 0 && { rejectionCodes: Object.fromEntries([...codes].sort(([a], [b]) => (a < b ? -1 : 1))) }),
  };
  opts.log(`${name}: ${JSON.stringify(result)}`);
  return result;
}
