/**
 * The chain configuration's external-evidence policy (docs/external-state.md) reaches every
 * place a contract runs on a node: the consensus path (the pending block over the index) and the
 * API's simulation workers — so a devnet started with --accept-unverified-evidence accepts
 * unsigned evidence (recorded as unverified) in both, and a node without it refuses it in both.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { engineConfig } from '../../pkg/config.js';
import { InvalidRequestError } from '../../pkg/errors.js';
import type { CallResult } from '../../pkg/engine.js';
import type { ExternalEvidencePolicy } from '../../pkg/ports.js';
import { ChainIndex } from '../../internal/core/chain/chain-index.js';
import { PendingBlock } from '../../internal/core/chain/pending-block.js';
import { SimulationPool } from '../../internal/node/simulation/simulation-pool.js';
import { evidencePolicy } from '../../internal/cli/commands/node.js';
import { testContext } from '../helpers/context.js';
import { wat } from '../helpers/wat.js';

const CLAIM = '{"claim_type":"api_response","source":"https://x.example/a","query_params":{},"timestamp":1700000000}';
const EVIDENCE = `{"response_hash":"${'ab'.repeat(32)}"}`;
// Declares a claim (id at 8), provides unsigned evidence, returns the provide result as 4 bytes.
const PROVIDER = `(module
  (import "env" "host_declare_external_state" (func $decl (param i32 i32 i32 i32) (result i32)))
  (import "env" "host_provide_evidence" (func $prov (param i32 i32 i32 i32) (result i32)))
  (import "env" "set_return_data" (func $ret (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 2000) "${CLAIM.replace(/"/g, '\\"')}")
  (data (i32.const 3000) "${EVIDENCE.replace(/"/g, '\\"')}")
  (func (export "run") (result i32)
    (drop (call $decl (i32.const 2000) (i32.const ${CLAIM.length}) (i32.const 8) (i32.const 64)))
    (i32.store (i32.const 100) (call $prov (i32.const 8) (i32.const 64) (i32.const 3000) (i32.const ${EVIDENCE.length})))
    (drop (call $ret (i32.const 100) (i32.const 4)))
    (i32.const 0)))`;

const pools: SimulationPool[] = [];
afterAll(() => Promise.all(pools.map((p) => p.close())));
const { chain: _chain, ...context } = testContext();

async function provideResult(policy: ExternalEvidencePolicy | undefined): Promise<number> {
  const index = new ChainIndex('wes-test');
  index.externalEvidence = policy;
  const p = new SimulationPool({ engineConfig: engineConfig(), chainId: 'wes-test', ...(policy && { externalEvidence: policy }), chain: () => index, limits: { workers: 1 } });
  pools.push(p);
  const r = (await p.call({ code: await wat(PROVIDER), method: 'run', payload: new Uint8Array(0), gasLimit: 100_000_000n, context, height: index.height })) as CallResult;
  expect(r.ok, r.error?.message).toBe(true);
  return new DataView(r.returnData.buffer, r.returnData.byteOffset).getInt32(0, true);
}

describe('external-evidence policy on a node', () => {
  it('the pending block (consensus path) sees the index\'s policy', () => {
    const index = new ChainIndex('wes-test');
    const policy = evidencePolicy([], true);
    index.externalEvidence = policy;
    expect(new PendingBlock(index).externalEvidence).toBe(policy);
  });

  it('simulation workers apply it: unsigned evidence accepted on a devnet that allows it, refused (2004) otherwise', async () => {
    expect(await provideResult(evidencePolicy([], true))).toBe(0);
    expect(await provideResult(evidencePolicy([], false))).toBe(2004);
    expect(await provideResult(undefined)).toBe(2004);
  });

  it('parses --attestor keys strictly', () => {
    const key = '02' + '11'.repeat(32);
    expect(evidencePolicy([key, `0x03${'22'.repeat(32)}`], false).attestors.map((k) => k.length)).toEqual([33, 33]);
    for (const bad of ['04' + '11'.repeat(32), '02' + '11'.repeat(31), 'zz']) expect(() => evidencePolicy([bad], false)).toThrow(InvalidRequestError);
  });
});
