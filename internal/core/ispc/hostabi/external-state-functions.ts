/**
 * Controlled external state (docs/external-state.md): a contract declares a claim about external
 * data, provides evidence (an attestor's signature over the response hash), and reads back the
 * verified record. Verifiers never call out: they check the signature against the attestor keys
 * of the chain configuration (ChainView.externalEvidence), deterministically, when they re-run
 * the call. Accepted evidence is recorded on chain as a host-written StateOutput under the
 * reserved id `wes.external/<claim id>` (contracts cannot write that prefix) and announced by an
 * event in the receipt, both saying whether the evidence was verified.
 *
 * WES return conventions (the Go SDK's): declare -> claim id length (64) or an error code;
 * provide -> 0 or an error code; query -> record length, 0 on any failure.
 */
import { sha256 } from '../../../../pkg/hashes.js';
import { toHex, utf8Encode } from '../../../../pkg/encoding.js';
import { HostErrorCode } from '../../../../pkg/types.js';
import { type EnvFunction, type HostBinding, envFunction } from './declare.js';
import { MAX_ATTESTORS_TRIED, attestorOf, claimIdOf, EXTERNAL_RECORD_PREFIX, evidenceDigest, evidenceRecord, parseClaim, parseEvidence, type Claim } from './external-evidence.js';
import { parseJson, readBytes, writeBytes } from './guest-io.js';
import { fail, orCode, orValue } from './host-result.js';
import { MAX_CALL_STATE_BYTES, MAX_DRAFT_EVENTS, MAX_DRAFT_OUTPUTS } from './limits.js';
import { stateOutputBytes } from '../draft/draft-builder.js';

/** Claims one call may declare. */
export const MAX_EXTERNAL_CLAIMS = 64;
/** Claim and evidence JSON (a claim is held for the rest of the call: 64 x 16 KiB at most). */
export const MAX_EXTERNAL_JSON_BYTES = 16 * 1024;
/**
 * Gas per attestor key tried: one noble secp256k1 verification, measured at 1.5-7 ms on the
 * loaded 2-core dev machine, priced at the calibration's 0.04 ns/gas plain-loop rate for ~1 ms.
 * An estimate until bench/calibration has an evidence workload.
 */
export const GAS_PER_SIGNATURE_CHECK = 25_000_000;
const CLAIM_ID_TEXT = 64;

function claimIdArg(b: HostBinding, ptr: number, len: number): string {
  const text = new TextDecoder().decode(readBytes(b, ptr, len, CLAIM_ID_TEXT, 'claim id'));
  if (!/^[0-9a-f]{64}$/.test(text)) fail(HostErrorCode.InvalidParameter, 'claim id: expected the 64 hex characters host_declare_external_state returned');
  return text;
}

/** (claim_json, len, id_out, id_cap) -> 64 (claim id as hex text) or error code. */
function declare(b: HostBinding, claimPtr: number, claimLen: number, idPtr: number, idCap: number): number {
  return orCode(() => {
    const call = b.call();
    const bytes = readBytes(b, claimPtr, claimLen, MAX_EXTERNAL_JSON_BYTES, 'external claim');
    b.gas.chargeWork(GAS, 0, bytes.length, 'external claim');
    const claim = parseClaim(parseJson(bytes, 'external claim'));
    const id = toHex(claimIdOf(call.contract, claim));
    const claims = call.draft.externalClaims;
    if (!claims.has(id) && claims.size >= MAX_EXTERNAL_CLAIMS) fail(HostErrorCode.LimitExceeded, `a call may declare at most ${MAX_EXTERNAL_CLAIMS} external claims`);
    if (idCap >>> 0 < CLAIM_ID_TEXT) fail(HostErrorCode.BufferTooSmall, `the claim id needs ${CLAIM_ID_TEXT} bytes`);
    b.memory.check(idPtr, CLAIM_ID_TEXT, 'claim id');
    if (!claims.has(id)) claims.set(id, { claim });
    writeBytes(b, idPtr, utf8Encode(id), 'claim id');
    return CLAIM_ID_TEXT;
  });
}

/** (claim_id, len, evidence_json, len) -> 0 or error code (2004 when no registered attestor signed it). */
function provide(b: HostBinding, idPtr: number, idLen: number, evPtr: number, evLen: number): number {
  return orCode(() => {
    const call = b.call();
    const id = claimIdArg(b, idPtr, idLen);
    const entry = call.draft.externalClaims.get(id);
    if (entry === undefined) fail(HostErrorCode.NotFound, `no claim ${id} was declared in this call`);
    if (entry.record !== undefined) fail(HostErrorCode.InvalidParameter, `claim ${id} already has evidence`);
    const claim = entry.claim as Claim;
    const bytes = readBytes(b, evPtr, evLen, MAX_EXTERNAL_JSON_BYTES, 'evidence');
    b.gas.chargeWork(GAS, 0, bytes.length, 'evidence');
    const ev = parseEvidence(parseJson(bytes, 'evidence'), id);
    const policy = call.context.chain.externalEvidence;
    const attestor = attestorOf(policy, ev, evidenceDigest(claim.source, ev.responseHash), () => b.gas.charge(GAS_PER_SIGNATURE_CHECK, 'evidence signature check'));
    if (attestor === undefined && policy?.acceptUnverified !== true) {
      fail(HostErrorCode.PermissionDenied, `evidence for claim ${id}: no registered attestor key verifies the signature over the response hash`);
    }
    const record = utf8Encode(evidenceRecord(id, claim, ev, attestor));
    b.gas.chargeWork(GAS, 0, record.length, 'external evidence record');
    const output = {
      owner: call.contract,
      locks: [{ kind: 'contract' as const, contract: call.contract }],
      content: { type: 'state' as const, state: { stateId: utf8Encode(EXTERNAL_RECORD_PREFIX + id), version: 1n, executionResultHash: sha256(record), publicInputs: [], value: record } },
    };
    const d = call.draft;
    if (d.outputs.length >= MAX_DRAFT_OUTPUTS || d.events.length >= MAX_DRAFT_EVENTS) fail(HostErrorCode.LimitExceeded, 'the call has no room left for the evidence record');
    if (d.stateBytes + stateOutputBytes(output) > MAX_CALL_STATE_BYTES) fail(HostErrorCode.LimitExceeded, `a call may record at most ${MAX_CALL_STATE_BYTES} bytes of state`);
    d.addHostRecord(output);
    d.emitEvent(utf8Encode(JSON.stringify({ event: 'wes.external_evidence', claim_id: id, verified: attestor !== undefined, attestor: attestor === undefined ? null : toHex(attestor) })));
    entry.record = record;
    return 0;
  });
}

/** (claim_id, len, out, cap) -> length of the recorded evidence JSON, or 0 (no evidence yet, bad id, too small). */
function query(b: HostBinding, idPtr: number, idLen: number, outPtr: number, cap: number): number {
  return orValue(0, () => {
    const record = b.call().draft.externalClaims.get(claimIdArg(b, idPtr, idLen))?.record;
    if (record === undefined || record.length > cap >>> 0) return 0;
    writeBytes(b, outPtr, record, 'controlled state');
    return record.length;
  });
}

/**
 * perByte: per byte of claim/evidence JSON parsed and canonicalised, and of the record built;
 * each attestor key tried costs GAS_PER_SIGNATURE_CHECK (25M) on top (charged before the check).
 */
const GAS = { base: 2_000, perByte: 16 };
const LIMITS = { jsonBytes: MAX_EXTERNAL_JSON_BYTES, claimsPerCall: MAX_EXTERNAL_CLAIMS };

export const EXTERNAL_STATE_FUNCTIONS: readonly EnvFunction[] = [
  envFunction({ name: 'host_declare_external_state', signatures: ['iiii->i'], gas: GAS, limits: LIMITS, impl: declare }),
  envFunction({ name: 'host_provide_evidence', signatures: ['iiii->i'], gas: GAS, limits: { ...LIMITS, attestorsTried: MAX_ATTESTORS_TRIED }, impl: provide }),
  envFunction({ name: 'host_query_controlled_state', signatures: ['iiii->i'], gas: { base: 200 }, impl: query }),
];
