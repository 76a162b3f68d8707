/**
 * Entry point of a simulation worker thread (node:worker_threads): its own engine with a
 * memory-only compile cache, chain reads over the channel (chain-read-channel.ts), one job at a
 * time. The main thread enforces the wall-clock deadline by terminating the worker.
 */
import type { ExternalEvidencePolicy } from '../../../pkg/ports.js';
import 'reflect-metadata';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { EngineConfig } from '../../../pkg/config.js';
import { createEngine } from '../../core/engines/wasm/manager/container.js';
import { RemoteChainView } from './chain-read-channel.js';
import { SimulationAbortedError } from '../../../pkg/errors.js';
import { errorToWire, resultBytes, resultToWire } from './call-result-wire.js';
import type { WorkerJob, WorkerReply } from './worker-protocol.js';

interface SimulationWorkerData {
  readonly config: EngineConfig;
  readonly chainId: string;
  readonly externalEvidence?: ExternalEvidencePolicy;
  readonly port: MessagePort;
  readonly flag: SharedArrayBuffer;
  readonly maxResultBytes: number;
}

const data = workerData as SimulationWorkerData;
const flag = new Int32Array(data.flag);
// Memory only: code that is not on chain never reaches the disk tier. Calls run deployed code
// (the node checks), so their memory cache holds chain code; deploy dry-runs compile anyone's
// code, so theirs keeps a single entry and a stream of distinct modules cannot pile up here.
const engine = createEngine({ config: { ...data.config, cache: { ...data.config.cache, diskDir: undefined } } });
const dryRuns = createEngine({ config: { ...data.config, cache: { ...data.config.cache, diskDir: undefined, memoryEntries: 1, poolPerModule: 0 } } });

function run(job: WorkerJob): WorkerReply {
  const chain = new RemoteChainView(data.port, flag, data.chainId, data.externalEvidence);
  try {
    if (job.kind === 'prepare') return { id: job.id, kind: 'summary', summary: dryRuns.prepareSync(job.code, { persist: false }) };
    const result = engine.callSync({ code: job.code, ...(job.contract !== undefined && { contract: job.contract }), method: job.method, payload: job.payload, gasLimit: job.gasLimit, context: { ...job.context, chain } });
    if (chain.abandoned !== undefined) return { id: job.id, kind: chain.abandoned };
    const bytes = resultBytes(result);
    if (bytes > data.maxResultBytes) {
      const e = new SimulationAbortedError('EXEC_SIMULATION_RESULT_TOO_LARGE', `the simulation produced about ${bytes} bytes of effects; the node replies with at most ${data.maxResultBytes}`, { bytes, maxResultBytes: data.maxResultBytes });
      return { id: job.id, kind: 'error', error: errorToWire(e) };
    }
    return { id: job.id, kind: 'result', result: resultToWire(result) };
  } catch (e) {
    // An abandoned read surfaces from the engine as whatever it makes of a host exception.
    if (chain.abandoned !== undefined) return { id: job.id, kind: chain.abandoned };
    return { id: job.id, kind: 'error', error: errorToWire(e) };
  }
}

const port = parentPort;
if (port === null) throw new Error('simulation-worker.js runs only as a worker thread');
port.on('message', (job: WorkerJob) => port.postMessage(run(job)));
port.postMessage({ kind: 'ready' } satisfies WorkerReply);
