/**
 * Worker thread of the fuzz pool (compiled to dist/test/fuzz/fuzz-worker.js). It runs batches of
 * jobs and streams verdicts back; before each job it publishes the job's index in shared memory,
 * so the main thread's watchdog can name the mutant that hangs or kills this thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { judgeModule, fuzzEngine, type Verdict } from './engine-judge.js';
import { DECODER_TARGETS, judgeDecoder, mutateMessage, type DecoderVerdict } from './decoder-judge.js';
import { applyMutations } from './wasm-mutations.js';
import type { FuzzWorkerData, WorkerBatch } from './fuzz-protocol.js';

const data = workerData as FuzzWorkerData;
const progress = new Int32Array(data.progress);
const engine = fuzzEngine();
const decoderSeeds = new Map(Object.entries(DECODER_TARGETS).map(([name, t]) => [name, t.seeds()]));
const CHUNK = 64;

function runJob(batch: WorkerBatch, i: number): Verdict | Promise<DecoderVerdict> {
  if (batch.kind === 'engine') {
    const job = batch.jobs[i]!;
    return judgeModule(engine, applyMutations(data.corpus[job.base]!, job.mutations), { runAcceptedInvalid: data.runAcceptedInvalid });
  }
  const job = batch.jobs[i]!;
  const seeds = decoderSeeds.get(job.target)!;
  return judgeDecoder(job.target, mutateMessage(seeds[job.seedIndex % seeds.length]!, job.seed, DECODER_TARGETS[job.target]!.deepen));
}

parentPort!.on('message', async (batch: WorkerBatch) => {
  let chunk: (Verdict | DecoderVerdict)[] = [];
  for (let i = 0; i < batch.jobs.length; i++) {
    Atomics.store(progress, 0, i);
    chunk.push(await runJob(batch, i));
    if (chunk.length === CHUNK) {
      parentPort!.postMessage({ verdicts: chunk });
      chunk = [];
    }
  }
  parentPort!.postMessage({ verdicts: chunk, end: true });
});
parentPort!.postMessage({ ready: true });
