/**
 * The load generator's token half at tiny scale, against a real node process (LevelDB in a tmp
 * dir): it deploys the token, grants each load key a balance, pre-signs Transfer calls offline
 * and submits them in batches. Every call must be admitted and committed, and the node's state
 * must show each token moved from key k to key k+1. No timing is asserted (the inclusion timeout
 * is a hang detector).
 */
import { describe, expect, it } from 'vitest';
import { toHex, utf8Encode } from '../../../pkg/encoding.js';
import { runLoadTest, type LoadedChain, type LoadTestResult } from '../../../bench/loadgen/loadgen.js';
import { TOKEN_GRANT } from '../../../bench/loadgen/token-load.js';

const CALLS = 20;

/** Balance read straight from the node's state API (the template's "balance/<40 hex>" key). */
async function balanceOf(chain: LoadedChain, holder: Uint8Array): Promise<bigint> {
  const key = toHex(utf8Encode(`balance/${toHex(holder)}`));
  const res = await fetch(`${chain.url}/v1/contracts/${toHex(chain.token!.contract)}/state/${key}?encoding=hex`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { found: boolean; text?: string };
  return body.found ? BigInt(body.text!) : 0n;
}

describe('load generator: token Transfer calls', () => {
  it('commits every pre-signed call and moves one token from each caller to the next key', async () => {
    const balances: bigint[] = [];
    const result: LoadTestResult = await runLoadTest({
      kinds: ['token'], transfers: 0, calls: CALLS, warmup: 0, concurrency: 2, batch: 5, pacedRate: 0, callPacedRate: 0,
      blockIntervalMs: 100, inclusionTimeoutMs: 90_000, log: () => undefined,
      inspect: async (chain) => {
        expect(chain.token).toBeDefined();
        // Keys 0..CALLS: key k sent one token to key k+1, so only the ends of the chain moved.
        for (let k = 0; k <= CALLS + 1; k++) balances.push(await balanceOf(chain, chain.keys[k]!.address));
      },
    });
    expect(result.runs).toHaveLength(1);
    const run = result.runs[0]!;
    expect(run.kind).toBe('token');
    expect(run.txs).toBe(CALLS);
    expect(run.rejected).toBe(0);
    expect(run.firstRejection).toBeUndefined();
    expect(run.committed).toBe(CALLS);
    expect(result.tokenCheck).toEqual({ committed: CALLS, mismatchedKeys: 0 });
    expect(balances[0]).toBe(TOKEN_GRANT - 1n);
    for (let k = 1; k < CALLS; k++) expect(balances[k]).toBe(TOKEN_GRANT);
    expect(balances[CALLS]).toBe(TOKEN_GRANT + 1n);
    expect(balances[CALLS + 1]).toBe(TOKEN_GRANT); // not in the chain of calls: untouched
  }, 120_000);
});
