/**
 * Worker-thread side of the scaling benchmark (scale.ts): its own engine and its own token
 * deployment; on {n} it runs n Transfers and answers {ms}. Loaded by node:worker_threads.
 */
import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { deployEngineToken } from './common.js';

interface Job {
  readonly n: number;
}

const port = parentPort;
if (port === null) throw new Error('scale-worker.js must run in a worker thread');
const token = deployEngineToken(workerData as Uint8Array);
port.on('message', (job: Job) => {
  const t0 = performance.now();
  token.transfer(job.n);
  port.postMessage({ ms: performance.now() - t0 });
});
port.postMessage({ ready: true });
