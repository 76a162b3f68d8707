/**
 * Builds unsigned transactions: a native transfer, a contract deployment, or a contract call
 * from the TransactionDraft its execution produced. The builder selects the payer's native
 * UTXOs deterministically (utxo-selector.ts), adds change and pays the fee policy's minimum
 * (fee-policy.ts). It never sees a key: the client signs the returned `signerInputs` with its
 * own key (signBuilt / signing.ts) and submits.
 */
import { sha256 } from '../../../pkg/hashes.js';
import { TxError } from '../../../pkg/errors.js';
import { bytesEqual, hash160, toHex, utf8Encode } from '../../../pkg/encoding.js';
import type { ExecutionContext, WASMEngine, CallResult } from '../../../pkg/engine.js';
import {
  SIGHASH_ALL,
  type ContractCall,
  type SingleKeyProof,
  type Transaction,
  type TxInput,
  type TxOutput,
  type Utxo,
} from '../../../pkg/model.js';
import type { Address, Hash } from '../../../pkg/types.js';
import { encodeTransaction } from '../wire/codec.js';
import { executeCall, storageAllowance, type CallEffects, type CallRunner } from './call-pipeline.js';
import { instanceAddress } from './instances.js';
import { transactionId, unsignedBytes } from './hashing.js';
import { minimumFee } from './fee-policy.js';
import type { LedgerView } from './ledger-view.js';
import { callContext, type BlockPosition } from './reexecution.js';
import { signInput } from './signing.js';
import { selectUtxos } from './utxo-selector.js';

export interface TxHeaderOptions {
  readonly chainId: string;
  readonly nonce?: bigint;
  /** Unix seconds; 0 unless the client sets it (nothing here reads a clock). */
  readonly creationTimestamp?: bigint;
  readonly memo?: string;
}

export interface BuiltTransaction {
  readonly tx: Transaction;
  readonly txId: Hash;
  readonly fee: bigint;
  /** Inputs the payer must sign (single-key locked to the payer). */
  readonly signerInputs: readonly number[];
  /** Code travelling beside a deployment, by hex SHA-256. */
  readonly attachments: ReadonlyMap<string, Uint8Array>;
}

/** A placeholder of the exact encoded size of a real SingleKeyProof, to price the signed size. */
const PLACEHOLDER_PROOF: SingleKeyProof = {
  kind: 'singleKey',
  signature: new Uint8Array(64).fill(1),
  publicKey: new Uint8Array(33).fill(2),
  sighashType: SIGHASH_ALL,
};

const MAX_FEE_ROUNDS = 8;

function payTo(owner: Address, amount: bigint): TxOutput {
  return { owner, locks: [{ kind: 'singleKey', addressHash: owner }], content: { type: 'asset', asset: { kind: 'native', amount } } };
}

function lockedTo(u: Utxo, owner: Address): boolean {
  const l = u.output.locks;
  return l.length === 1 && l[0]!.kind === 'singleKey' && bytesEqual(l[0]!.addressHash, owner);
}

function nativeOf(o: TxOutput): bigint {
  return o.content.type === 'asset' && o.content.asset.kind === 'native' ? o.content.asset.amount : 0n;
}

interface Plan {
  readonly view: LedgerView;
  readonly payer: Address;
  readonly header: TxHeaderOptions;
  /** Inputs fixed before selection (a draft's), appended after the payer's. */
  readonly fixedInputs: readonly TxInput[];
  /** Outputs fixed before change (a draft's outputs and state outputs, or the transfer). */
  readonly fixedOutputs: readonly TxOutput[];
  readonly contractCall?: ContractCall;
  readonly attachments?: ReadonlyMap<string, Uint8Array>;
  readonly resourceAttachmentHashes?: readonly Hash[];
  /** Native coin leaving the payer beside the outputs (a call's attached funds). */
  readonly extraNativeOut?: bigint;
  /** Bytes the call's receipt will make the store keep (fee-policy.ts receiptStorageBytes). */
  readonly storedReceiptBytes?: bigint;
}

/**
 * Selects payer coins and sizes the fee: the fee depends on the signed size, which depends on
 * the inputs and the change amount, so iterate until the fee paid covers the fee required.
 */
function assemble(plan: Plan): BuiltTransaction {
  const { view, payer } = plan;
  const fixedKeys = new Set(plan.fixedInputs.map((i) => `${toHex(i.outPoint.txId)}:${i.outPoint.index}`));
  const fixedUtxos = plan.fixedInputs.map((i) => (i.referenceOnly ? undefined : view.utxos.get(i.outPoint)));
  const fixedNativeIn = fixedUtxos.reduce((s, u) => s + (u ? nativeOf(u.output) : 0n), 0n);
  const nativeOut = plan.fixedOutputs.reduce((s, o) => s + nativeOf(o), 0n) + (plan.extraNativeOut ?? 0n);
  const candidates = view.utxos
    .listByOwner(payer, { kind: 'native' })
    .filter((u) => lockedTo(u, payer) && !fixedKeys.has(`${toHex(u.outPoint.txId)}:${u.outPoint.index}`));
  const gasLimit = plan.contractCall?.gasLimit ?? 0n;

  const stored = plan.storedReceiptBytes ?? 0n;
  let fee = minimumFee(0, gasLimit, stored);
  for (let round = 0; round < MAX_FEE_ROUNDS; round++) {
    const payerNeed = nativeOut + fee > fixedNativeIn ? nativeOut + fee - fixedNativeIn : 0n;
    // At least one payer input even when the draft funds itself: input 0 names the caller.
    const { selected, total } = selectUtxos(candidates, payerNeed > 0n ? payerNeed : 1n);
    const change = total - payerNeed;
    const inputs: TxInput[] = [...selected.map((u) => ({ outPoint: u.outPoint, referenceOnly: false })), ...plan.fixedInputs];
    const outputs = change > 0n ? [...plan.fixedOutputs, payTo(payer, change)] : [...plan.fixedOutputs];
    const tx: Transaction = {
      version: 1,
      inputs,
      outputs,
      nonce: plan.header.nonce ?? 0n,
      creationTimestamp: plan.header.creationTimestamp ?? 0n,
      chainId: utf8Encode(plan.header.chainId),
      ...(plan.header.memo !== undefined && { memo: plan.header.memo }),
      ...(plan.resourceAttachmentHashes && { resourceAttachmentHashes: plan.resourceAttachmentHashes }),
      ...(plan.contractCall && { contractCall: plan.contractCall }),
    };
    const signerInputs = inputs.flatMap((input, i) => {
      const u = i < selected.length ? selected[i] : fixedUtxos[i - selected.length];
      return !input.referenceOnly && input.proof === undefined && u !== undefined && lockedTo(u, payer) ? [i] : [];
    });
    const priced: Transaction = {
      ...tx,
      inputs: inputs.map((input, i) => (signerInputs.includes(i) ? { ...input, proof: PLACEHOLDER_PROOF } : input)),
    };
    const required = minimumFee(encodeTransaction(priced).length, gasLimit, stored);
    if (required <= fee) {
      const paid = total + fixedNativeIn - nativeOut - change;
      return { tx, txId: transactionId(tx), fee: paid, signerInputs, attachments: plan.attachments ?? new Map() };
    }
    fee = required;
  }
  throw new TxError('FEE_NOT_CONVERGED', 'could not settle the fee; this is a bug in the builder');
}

export interface TransferRequest extends TxHeaderOptions {
  readonly view: LedgerView;
  readonly from: Address;
  readonly to: Address;
  readonly amount: bigint;
}

export function buildTransfer(req: TransferRequest): BuiltTransaction {
  if (req.amount <= 0n) throw new TxError('ZERO_AMOUNT', 'a transfer needs a positive amount');
  return assemble({ view: req.view, payer: req.from, header: req, fixedInputs: [], fixedOutputs: [payTo(req.to, req.amount)] });
}

export interface PaymentRequest extends TxHeaderOptions {
  readonly view: LedgerView;
  readonly from: Address;
  /** Native outputs with any locks (time-, height-, multi-key-, contract-locked...). */
  readonly outputs: readonly TxOutput[];
}

/** Pays arbitrary native outputs from `from`'s coins (change back to `from`). */
export function buildPayment(req: PaymentRequest): BuiltTransaction {
  if (req.outputs.some((o) => nativeOf(o) <= 0n)) throw new TxError('ZERO_AMOUNT', 'a payment creates positive native-coin outputs only');
  return assemble({ view: req.view, payer: req.from, header: req, fixedInputs: [], fixedOutputs: req.outputs });
}

export interface DeployRequest extends TxHeaderOptions {
  readonly view: LedgerView;
  readonly from: Address;
  readonly code: Uint8Array;
}

/**
 * Stores the code (once per code hash; the node keeps it content-addressed) and instantiates it:
 * a ResourceOutput naming the code whose owner is the new instance's address (instances.ts),
 * derived from the creator, the deployment's input 0 and the output index. The code travels
 * beside the transaction.
 */
export function buildDeploy(req: DeployRequest): BuiltTransaction & { readonly contract: Address } {
  const codeHash = sha256(req.code);
  const resource = (owner: Address): TxOutput => ({
    owner,
    locks: [{ kind: 'singleKey', addressHash: req.from }],
    content: {
      type: 'resource',
      resource: { contentHash: codeHash, category: 'executable', executableType: 'contract', mimeType: 'application/wasm', size: BigInt(req.code.length) },
    },
  });
  // The address depends on the coin selected as input 0: select with a same-size placeholder
  // owner, then name the instance (the encoded size, hence the fee, does not change).
  const draft = assemble({
    view: req.view, payer: req.from, header: req, fixedInputs: [], fixedOutputs: [resource(new Uint8Array(20))],
    attachments: new Map([[toHex(codeHash), req.code]]), resourceAttachmentHashes: [codeHash],
  });
  const contract = instanceAddress(req.from, draft.tx.inputs[0]!.outPoint, 0, codeHash);
  const tx: Transaction = { ...draft.tx, outputs: draft.tx.outputs.map((o, i) => (i === 0 ? resource(contract) : o)) };
  return { ...draft, tx, txId: transactionId(tx), contract };
}

export interface CallRequestSpec {
  readonly contract: Address;
  readonly method: string;
  readonly payload: Uint8Array;
  readonly gasLimit: bigint;
  /** Native coin sent to the contract with the call (base units; absent or 0 = none). */
  readonly funds?: bigint;
}

export interface CallBuildRequest extends TxHeaderOptions {
  readonly view: LedgerView;
  /** The caller, who pays the fee (and the funds) and signs. */
  readonly payer: Address;
  readonly call: CallRequestSpec;
  /** Bytes of effects the fee must pay to store (call-pipeline.ts storageAllowance of a simulation). */
  readonly storedEffectBytes?: bigint;
}

function contractCallOf(call: CallRequestSpec): ContractCall {
  if (call.funds !== undefined && call.funds < 0n) throw new TxError('ZERO_AMOUNT', 'attached funds cannot be negative');
  return {
    contract: call.contract, method: call.method, payload: call.payload, gasLimit: call.gasLimit,
    ...(call.funds !== undefined && call.funds > 0n && { funds: call.funds }),
  };
}

/**
 * A call transaction is the caller's signed intent only: payer inputs (the fee and the attached
 * funds, with change), the call, and the change output. Its effects are computed when it is
 * included (call-pipeline.ts), so the same signed bytes stay valid wherever it lands in a block.
 */
export function buildContractCall(req: CallBuildRequest): BuiltTransaction {
  const contractCall = contractCallOf(req.call);
  return assemble({
    view: req.view, payer: req.payer, header: req, fixedInputs: [], fixedOutputs: [],
    contractCall, extraNativeOut: contractCall.funds ?? 0n,
    ...(req.storedEffectBytes !== undefined && { storedReceiptBytes: req.storedEffectBytes }),
  });
}

/** The execution context a call is simulated with (the verifier's, for a transaction at `at`). */
export function callContextFor(req: CallBuildRequest, at: BlockPosition): ExecutionContext {
  const skeleton: Transaction = {
    version: 1, inputs: [], outputs: [], nonce: req.nonce ?? 0n, creationTimestamp: req.creationTimestamp ?? 0n,
    chainId: utf8Encode(req.chainId), contractCall: contractCallOf(req.call),
  };
  return callContext(skeleton, req.payer, at, req.view);
}

/**
 * Simulates the call at `at` through the call pipeline (the effects a block would record there)
 * and builds its transaction. Throws CALL_FAILED if the call fails in simulation.
 */
export async function simulateAndBuildCall(
  engine: WASMEngine,
  req: CallBuildRequest,
  at: BlockPosition,
): Promise<BuiltTransaction & { readonly result: CallResult; readonly effects: CallEffects }> {
  if (!req.view.codeOf(req.call.contract)) throw new TxError('UNKNOWN_CONTRACT', 'no contract is deployed at that address');
  const effects = await simulateCall(engine, req, at);
  if (effects.failed || !effects.result) {
    throw new TxError('CALL_FAILED', `the call failed (${effects.receipt.reason ?? 'unknown reason'}); nothing to submit`);
  }
  return { ...buildContractCall({ ...req, storedEffectBytes: storageAllowance(effects.receipt) }), result: effects.result, effects };
}

/** The effects of the call if it were included at `at` (the transaction id is not known yet: the call id stands in). */
export function simulateCall(engine: WASMEngine | CallRunner, req: CallBuildRequest, at: BlockPosition): Promise<CallEffects> {
  const context = callContextFor(req, at);
  return executeCall(engine, {
    call: contractCallOf(req.call), caller: req.payer, callId: context.txHash, txId: context.txHash, firstEffectIndex: 1,
  }, req.view, at);
}

/** Client side: signs the payer's inputs with the payer's key. */
export function signBuilt(built: BuiltTransaction, privateKey: Uint8Array): Transaction {
  const unsigned = unsignedBytes(built.tx);
  return {
    ...built.tx,
    inputs: built.tx.inputs.map((input, i) =>
      built.signerInputs.includes(i) ? { ...input, proof: signInput(built.tx, i, privateKey, SIGHASH_ALL, unsigned) } : input),
  };
}
