/**
 * Mutation fuzzing of every decoder that reads untrusted bytes (issue 10 item 2, issue 11 item 1):
 * transactions, outputs, locks and proofs from contracts, blocks, receipts, headers, resources and
 * their proto3 JSON. Each mutant either decodes — and then re-encodes canonically and inside a
 * block — or fails with a typed WesError. Never an untyped exception, never a hang.
 */
import { describe, expect, it } from 'vitest';
import type { LockingCondition } from '../../pkg/model.js';
import { DECODER_TARGETS, DECODER_TARGET_NAMES, judgeDecoder, mutateMessage } from './decoder-judge.js';
import { formatCounts } from './fuzz-report.js';
import { runDecoderFuzz } from './fuzz-runs.js';

const MUTANTS = 20_000;

describe('decoder fuzz', () => {
  it(`${MUTANTS} seeded protobuf mutants across every decoder: decoded and re-encodable in a block, or a typed error`, async () => {
    const counts = await runDecoderFuzz({ seed: 1, mutants: MUTANTS, hangMs: 15_000 });
    console.log(formatCounts('decoder fuzz (seed 1)', counts));
    expect(counts.total).toBe(MUTANTS);
    expect(counts.outcomes['decoded'] ?? 0).toBeGreaterThan(MUTANTS / 50);
    expect(counts.rejected['TX_TOO_DEEP'] ?? 0).toBeGreaterThan(0);
    expect(counts.violations).toEqual({});
  });

  it('the mutator is deterministic and every target starts from seeds that decode', async () => {
    for (const name of DECODER_TARGET_NAMES) {
      const t = DECODER_TARGETS[name]!;
      const seeds = t.seeds();
      expect(seeds.length).toBeGreaterThan(0);
      for (const seed of seeds) {
        const verdict = await judgeDecoder(name, seed);
        // The submit path verifies too: unsigned seeds are refused there, with a typed error.
        expect(verdict.outcome === 'decoded' || (name === 'submit' && verdict.outcome === 'rejected')).toBe(true);
        expect(mutateMessage(seed, 42, t.deepen)).toEqual(mutateMessage(seed, 42, t.deepen));
      }
    }
  });

  it('the oracle flags a decoded value that cannot be stored in a block', async () => {
    // A lock nested 48 deep, as the decoder would have returned it before the depth bound:
    // the target's check (not the decoder) must call it a violation.
    const lock = DECODER_TARGETS['lock']!;
    let deep: LockingCondition = { kind: 'singleKey', addressHash: new Uint8Array(20) };
    for (let i = 0; i < 48; i++) deep = { kind: 'timeLock', unlockTimestamp: 1n, base: deep };
    expect(() => lock.check(deep as never, new Uint8Array(0))).toThrow(/max depth/);
    expect(await judgeDecoder('lock', lock.deepen!(lock.seeds()[0]!, 48))).toEqual({ outcome: 'rejected', code: 'TX_TOO_DEEP' });
  });
});
