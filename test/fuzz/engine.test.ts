/**
 * Mutation fuzzing of the contract loader and engine (issue 10, item 2): a seeded run of a few
 * thousand mutants of the built templates and the TinyGo fixtures. For every mutant: either a
 * typed load rejection (LOAD_<rule>), or a call to a typed result with 0 ≤ gasUsed ≤ gasLimit;
 * and nothing WebAssembly.validate rejects is ever accepted. Runs in a worker thread under a
 * watchdog, so a metering escape is a reported hang naming the mutant, not a stuck suite.
 *
 * Needs `make build` and `make contracts` (make test does both): the worker runs compiled code.
 * `make fuzz` is the long version of this run.
 */
import { describe, expect, it } from 'vitest';
import { wasmCorpus } from './corpus.js';
import { formatCounts } from './fuzz-report.js';
import { runEngineFuzz } from './fuzz-runs.js';
import { FUZZ_GAS_LIMIT } from './engine-judge.js';

const MUTANTS = 3_000;
/** A hang detector, not a timing assertion: a call under 200,000 gas takes milliseconds. */
const HANG_MS = 15_000;

describe('engine fuzz', () => {
  it(`${MUTANTS} seeded mutants: each rejected with a typed LOAD_ error or run to a typed result within ${FUZZ_GAS_LIMIT} gas`, async () => {
    const corpus = wasmCorpus();
    // Every AssemblyScript template and both TinyGo fixtures are in the corpus.
    expect(corpus.filter((m) => m.name.startsWith('as/')).length).toBeGreaterThanOrEqual(5);
    expect(corpus.filter((m) => m.name.startsWith('tinygo/')).map((m) => m.name)).toEqual(['tinygo/hello-world', 'tinygo/simple-token']);

    const counts = await runEngineFuzz(corpus, { seed: 1, mutants: MUTANTS, hangMs: HANG_MS, batch: MUTANTS });
    console.log(formatCounts('engine fuzz (seed 1)', counts));

    expect(counts.total).toBe(MUTANTS);
    // The run exercised both sides: many mutants rejected by rule, many ran.
    expect(counts.outcomes['rejected'] ?? 0).toBeGreaterThan(MUTANTS / 10);
    expect(counts.outcomes['ran'] ?? 0).toBeGreaterThan(MUTANTS / 10);
    // Each violation is printed above with the mutant's index, seed and edits (replay them with
    // applyMutations, or add them to regressions.ts).
    const { 'accepted-v8-invalid': acceptedInvalid, hang, 'gas-out-of-range': gasRange, ...others } = counts.violations;
    // PENDING H1 (issue 10 item 1, loader/: validate the original module first, range-check every
    // index): current main accepts mutants V8 rejects (an index one past the declared locals or
    // globals lands on the engine's gas counter) and some of those escape metering.
    expect({ acceptedInvalid, hang, gasRange }, 'loader/metering classes fixed by H1').toEqual({ acceptedInvalid: undefined, hang: undefined, gasRange: undefined });
    // Everything else (untyped exceptions at load or call, HOST_ERROR from a JS exception, native stack) never happens.
    expect(others).toEqual({});
  });
});
