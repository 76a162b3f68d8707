/**
 * Controlled external state (docs/external-state.md), the pure part: claim and evidence JSON as
 * the WES Go SDK sends them, the claim id, the digest an attestor signs, and the check of that
 * signature against the attestor keys of the chain configuration. Deterministic: the same claim,
 * evidence and configuration give the same answer on every node; nothing is fetched.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '../../../../pkg/hashes.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { bytesEqual, toHex, utf8Encode } from '../../../../pkg/encoding.js';
import type { ExternalEvidencePolicy } from '../../../../pkg/ports.js';
import { HostErrorCode } from '../../../../pkg/types.js';
import { fail } from './host-result.js';
import { bytesField, field, isRecord, onlyKeys } from './json-fields.js';

/** State ids under this prefix are written by the host only (DraftBuilder refuses contract writes). */
export const EXTERNAL_RECORD_PREFIX = 'wes.external/';
const CLAIM_DOMAIN = utf8Encode('WES-EXTERNAL-CLAIM-V1');
const EVIDENCE_DOMAIN = utf8Encode('WES-EXTERNAL-EVIDENCE-V1');
const MAX_CLAIM_TYPE = 64;
const MAX_SOURCE = 1024;
/** Without an `attestation` hint the host tries at most this many registered keys. */
export const MAX_ATTESTORS_TRIED = 4;

export interface Claim {
  readonly claimType: string;
  readonly source: string;
  /** The claim as canonical JSON (keys sorted): what the id commits to and what is recorded. */
  readonly canonical: string;
}

export interface Evidence {
  readonly responseHash: Uint8Array;
  readonly signature?: Uint8Array;
  readonly attestor?: Uint8Array;
  /** timestamp_proof, data_integrity: recorded as given, not checked (see the doc). */
  readonly unchecked: Readonly<Record<string, string>>;
}

/** JSON with object keys sorted at every level: one text per value. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (isRecord(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

function text(v: unknown, what: string, max: number): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > max) fail(HostErrorCode.InvalidParameter, `${what}: expected a non-empty string of at most ${max} characters`);
  return v;
}

/** `{claim_type, source, query_params?, timestamp?, expected_response?}` (Go SDK buildClaimJSON). */
export function parseClaim(json: unknown): Claim {
  if (!isRecord(json)) fail(HostErrorCode.InvalidParameter, 'external claim: expected a JSON object');
  onlyKeys(json, ['claim_type', 'source', 'query_params', 'timestamp', 'expected_response'], 'external claim');
  const claimType = text(field(json, 'claim_type'), 'external claim.claim_type', MAX_CLAIM_TYPE);
  const source = text(field(json, 'source'), 'external claim.source', MAX_SOURCE);
  const params = field(json, 'query_params');
  if (params !== undefined && !isRecord(params)) fail(HostErrorCode.InvalidParameter, 'external claim.query_params: expected an object');
  const ts = field(json, 'timestamp');
  if (ts !== undefined && !(typeof ts === 'number' && Number.isSafeInteger(ts) && ts >= 0)) fail(HostErrorCode.InvalidParameter, 'external claim.timestamp: expected a non-negative safe integer');
  return { claimType, source, canonical: canonicalJson(json) };
}

/** sha256(domain ‖ contract ‖ canonical claim): the same claim of the same contract has one id. */
export function claimIdOf(contract: Uint8Array, claim: Claim): Uint8Array {
  return sha256(concatBytes(CLAIM_DOMAIN, contract, utf8Encode(claim.canonical)));
}

/** What an attestor signs: sha256(domain ‖ u32be(len source) ‖ source ‖ response_hash). */
export function evidenceDigest(source: string, responseHash: Uint8Array): Uint8Array {
  const src = utf8Encode(source);
  const len = new Uint8Array(4);
  new DataView(len.buffer).setUint32(0, src.length);
  return sha256(concatBytes(EVIDENCE_DOMAIN, len, src, responseHash));
}

/**
 * `{claim_id, response_hash, api_signature?, attestation?, timestamp_proof?, data_integrity?}`
 * (Go SDK buildEvidenceJSON). Bytes are hex or base64 text: the SDK writes Go strings of raw bytes,
 * which JSON cannot carry losslessly, so binary must be passed as text.
 */
export function parseEvidence(json: unknown, claimIdHex: string): Evidence {
  if (!isRecord(json)) fail(HostErrorCode.InvalidParameter, 'evidence: expected a JSON object');
  onlyKeys(json, ['claim_id', 'response_hash', 'api_signature', 'attestation', 'timestamp_proof', 'data_integrity'], 'evidence');
  const id = field(json, 'claim_id');
  if (id !== undefined && id !== claimIdHex) fail(HostErrorCode.InvalidParameter, 'evidence.claim_id does not match the claim id argument');
  const responseHash = bytesField(field(json, 'response_hash'), 'evidence.response_hash', 32);
  if (responseHash.length !== 32) fail(HostErrorCode.InvalidHash, 'evidence.response_hash: expected 32 bytes (hex or base64)');
  const sig = bytesField(field(json, 'api_signature'), 'evidence.api_signature', 64);
  if (sig.length !== 0 && sig.length !== 64) fail(HostErrorCode.InvalidParameter, 'evidence.api_signature: expected a 64-byte compact secp256k1 signature (hex or base64)');
  const att = bytesField(field(json, 'attestation'), 'evidence.attestation', 33);
  if (att.length !== 0 && att.length !== 33) fail(HostErrorCode.InvalidParameter, 'evidence.attestation: expected the attestor\'s 33-byte compressed public key');
  const unchecked: Record<string, string> = {};
  for (const k of ['timestamp_proof', 'data_integrity']) {
    const v = field(json, k);
    if (v === undefined) continue;
    if (typeof v !== 'string' || v.length > 4096) fail(HostErrorCode.InvalidParameter, `evidence.${k}: expected a string of at most 4096 characters`);
    unchecked[k] = v;
  }
  return { responseHash, ...(sig.length ? { signature: sig } : {}), ...(att.length ? { attestor: att } : {}), unchecked };
}

function verifies(signature: Uint8Array, digest: Uint8Array, key: Uint8Array): boolean {
  try {
    return secp256k1.verify(signature, digest, key, { prehash: false, lowS: true, format: 'compact' });
  } catch {
    return false;
  }
}

/**
 * The registered attestor whose key verifies `signature` over `digest`, or undefined. `charge`
 * is called once per key tried (each is one curve verification). A hint names one key; without
 * it at most MAX_ATTESTORS_TRIED keys are tried, in configuration order.
 */
export function attestorOf(policy: ExternalEvidencePolicy | undefined, ev: Evidence, digest: Uint8Array, charge: () => void): Uint8Array | undefined {
  const keys = policy?.attestors ?? [];
  if (ev.signature === undefined || keys.length === 0) return undefined;
  const candidates = ev.attestor === undefined ? keys.slice(0, MAX_ATTESTORS_TRIED) : keys.filter((k) => bytesEqual(k, ev.attestor as Uint8Array));
  for (const k of candidates) {
    charge();
    if (verifies(ev.signature, digest, k)) return k;
  }
  return undefined;
}

/** The record the host stores on chain (canonical JSON; value of the reserved state output). */
export function evidenceRecord(claimIdHex: string, claim: Claim, ev: Evidence, attestor: Uint8Array | undefined): string {
  return canonicalJson({
    claim_id: claimIdHex,
    claim: JSON.parse(claim.canonical) as unknown,
    response_hash: toHex(ev.responseHash),
    ...(ev.signature ? { api_signature: toHex(ev.signature) } : {}),
    attestor: attestor === undefined ? null : toHex(attestor),
    verified: attestor !== undefined,
    ...(Object.keys(ev.unchecked).length ? { unchecked: ev.unchecked } : {}),
  });
}
