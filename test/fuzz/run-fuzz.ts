/**
 * `make fuzz`: the long run. Engine mutants of every corpus module and protobuf mutants for
 * every decoder, with counts printed as it goes and a summary at the end. Exit code 1 when any
 * violation was found.
 *
 *   FUZZ_MUTANTS          engine mutants (default 100000)
 *   FUZZ_DECODER_MUTANTS  decoder mutants (default 200000)
 *   FUZZ_SEED             master seed (default 1); a finding's index + this seed reproduce it
 *   FUZZ_HANG_MS          hang detector per job (default 20000)
 */
import { wasmCorpus } from './corpus.js';
import { formatCounts, type FuzzCounts } from './fuzz-report.js';
import { runDecoderFuzz, runEngineFuzz } from './fuzz-runs.js';

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got ${JSON.stringify(raw)}`);
  return n;
}

const seed = envInt('FUZZ_SEED', 1);
const hangMs = envInt('FUZZ_HANG_MS', 20_000);
const engineMutants = envInt('FUZZ_MUTANTS', 100_000);
const decoderMutants = envInt('FUZZ_DECODER_MUTANTS', 200_000);

// Elapsed time is reported for the operator only; no verdict depends on it.
const started = performance.now();
const progress = (what: string, total: number) => (done: number, c: FuzzCounts): void => {
  const bad = Object.values(c.violations).reduce((a, b) => a + b, 0);
  const s = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`${what}: ${done}/${total} mutants, ${bad} violations (${s} s)\n`);
};

const corpus = wasmCorpus();
console.log(`fuzz: seed ${seed}; engine corpus ${corpus.map((m) => `${m.name} (${m.bytes.length} B ×${m.weight})`).join(', ')}`);
const engine = await runEngineFuzz(corpus, {
  seed,
  mutants: engineMutants,
  hangMs,
  batch: 2_000,
  runAcceptedInvalid: true,
  onProgress: progress('engine', engineMutants),
});
const decoders = await runDecoderFuzz({ seed, mutants: decoderMutants, hangMs, batch: 20_000, onProgress: progress('decoders', decoderMutants) });
console.log(`\n${formatCounts('engine', engine)}\n\n${formatCounts('decoders', decoders)}`);
const violations = [engine, decoders].reduce((n, c) => n + Object.values(c.violations).reduce((a, b) => a + b, 0), 0);
console.log(violations === 0 ? '\nfuzz: no violations' : `\nfuzz: ${violations} violations`);
process.exitCode = violations === 0 ? 0 : 1;
