/**
 * UTXO reads and inputs (ABI.md §4): balances (this call's pending spends and outputs included),
 * lookups by outpoint as protobuf or proto3 JSON, existence, and append_tx_input (proof kept).
 */
import { utf8Encode } from '../../../../pkg/encoding.js';
import type { Utxo } from '../../../../pkg/model.js';
import { HostErrorCode } from '../../../../pkg/types.js';
import { assetKeyFor, pendingBalance } from './assets.js';
import { readAddress, readOptional, readTxId, writeBytes } from './guest-io.js';
import { fail, orAllOnes, orCode, orValue } from './host-result.js';
import { MAX_DRAFT_INPUTS, MAX_TOKEN_ID_BYTES } from './limits.js';
import { encodeTxOutput, txOutputJson } from './wire-values.js';
import { type EnvFunction, type HostBinding, type HostFn, envFunction } from './declare.js';

const MAX_PROOF_BYTES = 64 * 1024;
/** Per proof byte beyond the copy: the proof is kept in the draft and encoded with it (bench/calibration). */
const PROOF_BYTE_GAS = 24;

function findUtxo(b: HostBinding, txPtr: number, txLen: number, index: number, what: string): Utxo | undefined {
  const txId = readTxId(b, txPtr, txLen, what);
  return b.call().context.chain.utxos.get({ txId, index: index >>> 0 });
}

/** (txid, 32, idx, out, cap) -> length, or 2002 / 1005 / 1011 (WES convention). */
function lookup(encode: (u: Utxo) => Uint8Array, what: string): HostFn {
  return (b: HostBinding, txPtr: number, txLen: number, index: number, out: number, cap: number): number =>
    orCode(() => {
      const utxo = findUtxo(b, txPtr, txLen, index, what);
      if (utxo === undefined) fail(HostErrorCode.NotFound, `${what}: no such UTXO`);
      const bytes = encode(utxo);
      if (bytes.length > cap >>> 0) fail(HostErrorCode.BufferTooSmall, `${what}: needs ${bytes.length} bytes`);
      writeBytes(b, out, bytes, what);
      return bytes.length;
    });
}

/** Balance of an owner in this contract's token (or the native coin): work grows with the owner's UTXOs. */
const QUERY_UTXO_BALANCE: EnvFunction = envFunction({
  name: 'query_utxo_balance',
  signatures: ['iii->I'],
  gas: { base: 41_000, perItem: 8_000 },
  limits: { tokenIdBytes: MAX_TOKEN_ID_BYTES },
  impl: (b: HostBinding, addrPtr: number, tokPtr: number, tokLen: number): bigint =>
    orValue(0n, () => {
      const owner = readAddress(b, addrPtr, 'query_utxo_balance address');
      const token = readOptional(b, tokPtr, tokLen, MAX_TOKEN_ID_BYTES, 'query_utxo_balance token');
      return pendingBalance(b, owner, assetKeyFor(b.call().contract, token), QUERY_UTXO_BALANCE.gas);
    }),
});

export const UTXO_FUNCTIONS: readonly EnvFunction[] = [
  QUERY_UTXO_BALANCE,
  envFunction({
    name: 'utxo_lookup',
    signatures: ['iiiii->i'],
    gas: { base: 110_000 },
    impl: lookup((u) => encodeTxOutput(u.output), 'utxo_lookup'),
  }),
  envFunction({
    name: 'utxo_lookup_json',
    signatures: ['iiiii->i'],
    gas: { base: 280_000 },
    impl: lookup((u) => utf8Encode(txOutputJson(u.output)), 'utxo_lookup_json'),
  }),
  envFunction({
    name: 'utxo_exists',
    signatures: ['iii->i'],
    gas: { base: 37_000 },
    impl: (b: HostBinding, txPtr: number, txLen: number, index: number): number =>
      orValue(0, () => {
        const utxo = findUtxo(b, txPtr, txLen, index, 'utxo_exists');
        return utxo !== undefined && !b.call().draft.spends(utxo.outPoint) ? 1 : 0;
      }),
  }),

  /** -> input index, or 0xFFFFFFFF (unknown or already spent UTXO, limits). */
  envFunction({
    name: 'append_tx_input',
    signatures: ['iiiiii->i'],
    gas: { base: 28_000, perByte: PROOF_BYTE_GAS },
    limits: { proofBytes: MAX_PROOF_BYTES, draftInputs: MAX_DRAFT_INPUTS },
    impl: (b: HostBinding, txPtr: number, txLen: number, index: number, isRef: number, proofPtr: number, proofLen: number): number =>
      orAllOnes(() => {
        const utxo = findUtxo(b, txPtr, txLen, index, 'append_tx_input');
        if (utxo === undefined) fail(HostErrorCode.NotFound, 'append_tx_input: no such UTXO');
        const proof = readOptional(b, proofPtr, proofLen, MAX_PROOF_BYTES, 'append_tx_input proof');
        b.gas.charge(proof.length * PROOF_BYTE_GAS, 'append_tx_input proof');
        const draft = b.call().draft;
        if (draft.inputs.length >= MAX_DRAFT_INPUTS) fail(HostErrorCode.LimitExceeded, 'too many inputs');
        const referenceOnly = isRef >>> 0 !== 0;
        if (!referenceOnly && draft.spends(utxo.outPoint)) fail(HostErrorCode.InvalidParameter, 'append_tx_input: UTXO already spent by this call');
        return draft.addInput({ outPoint: utxo.outPoint, referenceOnly, ...(proof.length > 0 ? { proof } : {}) });
      }),
  }),
];

