/**
 * Controlled external state (docs/external-state.md): declare a claim, provide an attestor's
 * signature over the response hash, read the verified record; the record lands in the draft
 * under a host-only state id and the receipt's events say whether it was verified.
 */
import { describe, expect, it } from 'vitest';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex } from '../../../pkg/encoding.js';
import { evidenceDigest } from '../../../internal/core/ispc/hostabi/external-evidence.js';
import { GAS_PER_SIGNATURE_CHECK } from '../../../internal/core/ispc/hostabi/external-state-functions.js';
import type { CallResult } from '../../../pkg/engine.js';
import { i32, rest, runWat, td, te } from './harness.js';

const IMPORTS = `(import "env" "host_declare_external_state" (func $decl (param i32 i32 i32 i32) (result i32)))
  (import "env" "host_provide_evidence" (func $prov (param i32 i32 i32 i32) (result i32)))
  (import "env" "host_query_controlled_state" (func $query (param i32 i32 i32 i32) (result i32)))
  (import "env" "state_set" (func $set (param i32 i32 i32 i32) (result i32)))`;
const str = (at: number, s: string): string => `(data (i32.const ${at}) "${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}")`;
const ATTESTOR = new Uint8Array(32).fill(0x11);
const OTHER = new Uint8Array(32).fill(0x22);
const pub = (k: Uint8Array) => secp256k1.getPublicKey(k, true);
const SOURCE = 'https://valuation.example/asset/42';
const RESPONSE = sha256(te('{"value":1000000}'));
const sign = (k: Uint8Array, source = SOURCE) => secp256k1.sign(evidenceDigest(source, RESPONSE), k, { prehash: false, lowS: true });
const claim = JSON.stringify({ claim_type: 'api_response', source: SOURCE, query_params: { asset: '42' }, timestamp: 1700000000 });
const evidence = (sig?: Uint8Array, extra: Record<string, string> = {}) => JSON.stringify({ response_hash: toHex(RESPONSE), ...(sig ? { api_signature: toHex(sig) } : {}), ...extra });
const STRICT = { externalEvidence: { attestors: [toHex(pub(ATTESTOR))], acceptUnverified: false } };
const DEVNET = { externalEvidence: { attestors: [toHex(pub(ATTESTOR))], acceptUnverified: true } };

/** declare (id at 8), provide, then report the provide result at 0 and the query result after it. */
function flow(ev: string, chain: unknown, claimJson = claim, gas = 500_000_000n) {
  return runWat({
    imports: IMPORTS, chain, gas, data: str(2000, claimJson) + str(3000, ev),
    body: `(drop (call $decl (i32.const 2000) (i32.const ${te(claimJson).length}) (i32.const 8) (i32.const 64)))
      (i32.store (i32.const 100) (call $prov (i32.const 8) (i32.const 64) (i32.const 3000) (i32.const ${te(ev).length})))
      (i32.store (i32.const 104) (call $query (i32.const 8) (i32.const 64) (i32.const 200) (i32.const 1500)))
      (call $outN (i32.const 0) (i32.const 1800)) (i32.const 0)`,
  });
}
const at = (r: CallResult, off: number) => new DataView(r.returnData.buffer, r.returnData.byteOffset).getInt32(off, true);
const idOf = (r: CallResult) => td(rest(r).slice(4, 68));
const recordOf = (r: CallResult) => JSON.parse(td(rest(r).slice(196, 196 + at(r, 104)))) as Record<string, unknown>;

describe('controlled external state', () => {
  it('evidence signed by a registered attestor: 0, a verified record in the draft (host-only state id) and in the events', async () => {
    const r = await flow(evidence(sign(ATTESTOR)), STRICT);
    expect(at(r, 100)).toBe(0);
    const id = idOf(r);
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    const record = recordOf(r);
    expect(record).toMatchObject({ claim_id: id, verified: true, attestor: toHex(pub(ATTESTOR)), response_hash: toHex(RESPONSE), claim: { source: SOURCE, claim_type: 'api_response' } });
    const out = r.draft?.outputs[0];
    expect(out?.content.type === 'state' && td(out.content.state.stateId)).toBe(`wes.external/${id}`);
    expect(out?.content.type === 'state' && JSON.parse(td(out.content.state.value!))).toEqual(record);
    expect(out?.locks).toEqual([{ kind: 'contract', contract: r.contract }]);
    expect(JSON.parse(td(r.events[0]!.data))).toEqual({ event: 'wes.external_evidence', claim_id: id, verified: true, attestor: toHex(pub(ATTESTOR)) });
  });
  it('unverifiable evidence is refused with 2004 (wrong key, signature over another source, no signature, no attestors configured); nothing recorded, query 0', async () => {
    for (const [ev, chain] of [[evidence(sign(OTHER)), STRICT], [evidence(sign(ATTESTOR, 'https://evil.example')), STRICT], [evidence(), STRICT], [evidence(sign(ATTESTOR)), {}]] as const) {
      const r = await flow(ev, chain);
      expect(at(r, 100)).toBe(2004);
      expect(at(r, 104)).toBe(0);
      expect(r.draft?.outputs).toHaveLength(0);
      expect(r.events).toHaveLength(0);
    }
  });
  it('devnet setting: unverified evidence is accepted but marked verified:false (record and event)', async () => {
    const r = await flow(evidence(undefined, { data_integrity: 'merkle:abc' }), DEVNET);
    expect(at(r, 100)).toBe(0);
    expect(recordOf(r)).toMatchObject({ verified: false, attestor: null, unchecked: { data_integrity: 'merkle:abc' } });
    expect(JSON.parse(td(r.events[0]!.data))).toMatchObject({ verified: false, attestor: null });
    // A good signature is still recorded as verified on devnet.
    expect(recordOf(await flow(evidence(sign(ATTESTOR)), DEVNET))).toMatchObject({ verified: true });
  });
  it('refuses unknown claim/evidence fields (1001), a claim id that does not match (1001), an undeclared claim (2002), a short id buffer (1005)', async () => {
    const ev = evidence(sign(ATTESTOR));
    const undeclared = await runWat({ imports: IMPORTS, chain: STRICT, data: str(8, 'ab'.repeat(32)) + str(3000, ev), body: `(call $out (call $prov (i32.const 8) (i32.const 64) (i32.const 3000) (i32.const ${te(ev).length}))) (i32.const 0)` });
    expect(i32(undeclared)).toBe(2002);
    expect(at(await flow(evidence(sign(ATTESTOR), { fee: '1' }), STRICT), 100)).toBe(1001);
    expect(at(await flow(evidence(sign(ATTESTOR), { claim_id: '00'.repeat(32) }), STRICT), 100)).toBe(1001);
    const d = await runWat({ imports: IMPORTS, data: str(2000, claim), body: `(call $out (call $decl (i32.const 2000) (i32.const ${te(claim).length}) (i32.const 8) (i32.const 63))) (i32.const 0)` });
    expect(i32(d)).toBe(1005);
    const bad = JSON.stringify({ claim_type: 'x', source: 's', oracle: 1 });
    expect(i32(await runWat({ imports: IMPORTS, data: str(2000, bad), body: `(call $out (call $decl (i32.const 2000) (i32.const ${te(bad).length}) (i32.const 8) (i32.const 64))) (i32.const 0)` }))).toBe(1001);
  });
  it('each attestor key tried is paid for before the curve check: a 10M-gas call runs out of gas', async () => {
    const r = await flow(evidence(sign(ATTESTOR)), STRICT);
    expect(r.gasUsed).toBeGreaterThan(GAS_PER_SIGNATURE_CHECK);
    const poor = await flow(evidence(sign(ATTESTOR)), STRICT, claim, 10_000_000n);
    expect(poor.error?.trap).toBe('OUT_OF_GAS');
    expect(poor.draft).toBeUndefined();
  });
  it('a claim over 16 KiB is refused with LimitExceeded (6002) before it is parsed', async () => {
    const big = JSON.stringify({ claim_type: 'x', source: 's', query_params: { pad: 'a'.repeat(16 * 1024) } });
    const r = await runWat({ imports: IMPORTS, data: str(2000, big), body: `(call $out (call $decl (i32.const 2000) (i32.const ${te(big).length}) (i32.const 8) (i32.const 64))) (i32.const 0)` });
    expect(i32(r)).toBe(6002);
  });
  it('the same claim has the same id (deterministic); a contract cannot write the reserved state ids itself', async () => {
    const [a, b] = [await flow(evidence(sign(ATTESTOR)), STRICT), await flow(evidence(sign(ATTESTOR)), STRICT)];
    expect(idOf(a)).toBe(idOf(b));
    expect(a.draft?.encode()).toEqual(b.draft?.encode());
    // The id commits to the contract too: another contract's identical claim is another claim.
    expect(idOf(await flow(evidence(), STRICT))).not.toBe(idOf(a));
    const key = 'wes.external/forged';
    const r = await runWat({ imports: IMPORTS, data: str(2000, key) + str(2100, '{"verified":true}'), body: `(call $out (call $set (i32.const 2000) (i32.const ${key.length}) (i32.const 2100) (i32.const 17))) (i32.const 0)` });
    expect(i32(r)).toBe(1);
    expect(r.draft?.stateWrites).toHaveLength(0);
  });
});
