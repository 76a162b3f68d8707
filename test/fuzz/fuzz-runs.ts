/**
 * The two fuzz campaigns, shared by the test suite (a few thousand mutants) and `make fuzz`
 * (a long run): engine mutants of the corpus modules, and protobuf mutants for every decoder.
 * Mutant i of a run is fully determined by (master seed, i).
 */
import { DECODER_TARGET_NAMES, type DecoderVerdict } from './decoder-judge.js';
import type { Verdict } from './engine-judge.js';
import { scheduleOf, type CorpusModule } from './corpus.js';
import { FuzzPool, type Failure } from './fuzz-pool.js';
import type { DecoderJob, EngineJob } from './fuzz-protocol.js';
import { emptyCounts, record, type FuzzCounts } from './fuzz-report.js';
import { mutantSeed } from './prng.js';
import { mutate } from './wasm-mutations.js';

export interface RunOptions {
  readonly seed: number;
  readonly mutants: number;
  /** Hang detector: a job silent this long is reported as a hang (generous: the machine may be loaded). */
  readonly hangMs: number;
  /** Jobs per worker batch; also how often `onProgress` is called. */
  readonly batch?: number;
  readonly onProgress?: (done: number, counts: FuzzCounts) => void;
  /** Engine runs: call accepted modules V8 rejects too (see JudgeOptions.runAcceptedInvalid). */
  readonly runAcceptedInvalid?: boolean;
}

export async function runEngineFuzz(corpus: readonly CorpusModule[], o: RunOptions): Promise<FuzzCounts> {
  const schedule = scheduleOf(corpus);
  const pool = new FuzzPool(corpus.map((m) => m.bytes), o.hangMs, o.runAcceptedInvalid ?? false);
  const counts = emptyCounts();
  const step = o.batch ?? 500;
  try {
    for (let from = 0; from < o.mutants; from += step) {
      const jobs: (EngineJob & { seed: number; index: number })[] = [];
      for (let index = from; index < Math.min(o.mutants, from + step); index++) {
        const base = schedule[index % schedule.length]!;
        const seed = mutantSeed(o.seed, index);
        jobs.push({ base, mutations: mutate(corpus[base]!.bytes, seed).mutations, seed, index });
      }
      const verdicts = await pool.run<Verdict>('engine', jobs);
      verdicts.forEach((v: Verdict | Failure, i) => {
        const j = jobs[i]!;
        record(counts, v, { subject: corpus[j.base]!.name, index: j.index, seed: j.seed, mutations: j.mutations });
      });
      o.onProgress?.(Math.min(o.mutants, from + step), counts);
    }
  } finally {
    await pool.close();
  }
  return counts;
}

export async function runDecoderFuzz(o: RunOptions): Promise<FuzzCounts> {
  const pool = new FuzzPool([], o.hangMs);
  const counts = emptyCounts();
  const step = o.batch ?? 5_000;
  try {
    for (let from = 0; from < o.mutants; from += step) {
      const jobs: (DecoderJob & { index: number })[] = [];
      for (let index = from; index < Math.min(o.mutants, from + step); index++) {
        const seed = mutantSeed(o.seed ^ 0x5eed_dec0, index);
        jobs.push({ target: DECODER_TARGET_NAMES[index % DECODER_TARGET_NAMES.length]!, seedIndex: seed >>> 24, seed, index });
      }
      const verdicts = await pool.run<DecoderVerdict>('decoder', jobs);
      verdicts.forEach((v: DecoderVerdict | Failure, i) => {
        const j = jobs[i]!;
        record(counts, v, { subject: `${j.target}[${j.seedIndex}]`, index: j.index, seed: j.seed });
      });
      o.onProgress?.(Math.min(o.mutants, from + step), counts);
    }
  } finally {
    await pool.close();
  }
  return counts;
}
