/**
 * Full validation of one transaction against a ledger view, in the order cheapest first:
 * structure and limits, inputs exist and are unspent, every lock, per-asset conservation and
 * the fee, deployments, then (for calls) execution at this position through the call pipeline.
 * The signed part of a call is the caller's intent only; the call's effects are computed here
 * (call-pipeline.ts) and a failed call is still a valid transaction: it pays its fee and its
 * receipt says why. The result lists exactly what applying the transaction changes, so the
 * chain applies what was verified and nothing else.
 */
import { sha256 } from '../../../pkg/hashes.js';
import { TxError } from '../../../pkg/errors.js';
import { bytesEqual, hash160, outPointKey, toHex, utf8Encode } from '../../../pkg/encoding.js';
import type { WASMEngine } from '../../../pkg/engine.js';
import type { OutPoint, Receipt, Transaction, Utxo } from '../../../pkg/model.js';
import type { StateWrite } from '../../../pkg/draft.js';
import type { Address, Hash } from '../../../pkg/types.js';
import { txBytesOf } from './tx-bytes.js';
import { balancesOf } from './conservation.js';
import { minimumFeeOf } from './fee-policy.js';
import type { LedgerView } from './ledger-view.js';
import { ownerLockMismatch } from '../../../pkg/ownership.js';
import { TX_LIMITS, type TxLimits } from './limits.js';
import { unlockFailure } from './lock-checker.js';
import { callerOf, type BlockPosition } from './reexecution.js';
import { callId } from './call-id.js';
import { instanceAddress } from './instances.js';
import { executeCall, fundsOf, type CallEffects } from './call-pipeline.js';

/** Where a transaction sits: ordinary, a genesis allocation, or a block's fee-collecting coinbase. */
export type TxRole = { readonly kind: 'regular' } | { readonly kind: 'genesis' } | { readonly kind: 'coinbase'; readonly maxAmount: bigint };

export interface VerifyRequest {
  readonly tx: Transaction;
  readonly view: LedgerView;
  readonly at: BlockPosition;
  readonly chainId: string;
  readonly role?: TxRole;
  /** Contract code travelling beside the transaction, by hex SHA-256 (deployments). */
  readonly attachments?: ReadonlyMap<string, Uint8Array>;
}

export interface Deployment {
  readonly contract: Address;
  readonly codeHash: Hash;
  readonly code: Uint8Array;
}

export interface VerifiedTx {
  readonly tx: Transaction;
  readonly txId: Hash;
  /** Bytes of the signed encoding (what the fee is charged on). */
  readonly size: number;
  readonly fee: bigint;
  readonly spent: readonly OutPoint[];
  readonly created: readonly Utxo[];
  /** State changes in the called contract's namespace, in output order. */
  readonly stateWrites: readonly { readonly contract: Address; readonly write: StateWrite }[];
  readonly deployments: readonly Deployment[];
  readonly receipt: Receipt | undefined;
  /** For a call: whether it failed at this position (it is still included and pays its fee). */
  readonly callFailed?: boolean;
}

const reject = (code: string, message: string, details: Record<string, unknown> = {}): never => {
  throw new TxError(code, message, details);
};


/** A node serves one chain or a few: their ids' bytes, encoded once. */
const chainIds = new Map<string, Uint8Array>();
function chainIdBytes(chainId: string): Uint8Array {
  let b = chainIds.get(chainId);
  if (b === undefined) {
    if (chainIds.size >= 16) chainIds.clear();
    chainIds.set(chainId, (b = utf8Encode(chainId)));
  }
  return b;
}

function checkStructure(tx: Transaction, size: number, chainId: string, at: BlockPosition, limits: TxLimits): void {
  if (tx.version !== limits.version) reject('BAD_VERSION', `transaction version must be ${limits.version}`);
  if (!bytesEqual(tx.chainId, chainIdBytes(chainId))) reject('WRONG_CHAIN', `the transaction is for another chain (this is ${chainId})`);
  if (size > limits.maxTxBytes) reject('TOO_LARGE', `the transaction has ${size} bytes, the limit is ${limits.maxTxBytes}`);
  if (tx.inputs.length > limits.maxInputs) reject('TOO_MANY_INPUTS', `at most ${limits.maxInputs} inputs`);
  if (tx.outputs.length > limits.maxOutputs) reject('TOO_MANY_OUTPUTS', `at most ${limits.maxOutputs} outputs`);
  if (tx.memo !== undefined && utf8Encode(tx.memo).length > limits.maxMemoBytes) reject('MEMO_TOO_LARGE', `memo over ${limits.maxMemoBytes} bytes`);
  if ((tx.resourceAttachmentHashes?.length ?? 0) > limits.maxAttachments) reject('TOO_MANY_ATTACHMENTS', `at most ${limits.maxAttachments}`);
  if (tx.contractCall) {
    if (tx.contractCall.payload.length > limits.maxContractPayloadBytes) reject('PAYLOAD_TOO_LARGE', `call payload over ${limits.maxContractPayloadBytes} bytes`);
    if (tx.contractCall.gasLimit <= 0n) reject('BAD_GAS_LIMIT', 'a contract call needs a positive gas limit');
  }
  if (tx.fee !== undefined && !(tx.fee.kind === 'minimum' && tx.fee.feeToken.kind === 'native')) {
    reject('UNSUPPORTED_FEE', 'only the implicit fee or a native MinimumFee is supported');
  }
  const seen = new Set<string>();
  for (const input of tx.inputs.length > 1 ? tx.inputs : []) {
    const k = outPointKey(input.outPoint);
    if (seen.has(k)) reject('DUPLICATE_INPUT', `outpoint ${k} appears twice in the transaction`);
    seen.add(k);
  }
  tx.outputs.forEach((o, i) => {
    if (o.content.type === 'asset' && o.content.asset.amount <= 0n) reject('ZERO_AMOUNT', `output ${i} has no value`);
    // State outputs are effects a call produces at inclusion, never part of a signed transaction.
    if (o.content.type === 'state') reject('STATE_WITHOUT_CALL', 'a signed transaction carries no state outputs: only a contract call\'s execution writes state');
  });
  const w = tx.validityWindow;
  if (w) {
    const now = w.kind === 'time' ? at.timestamp : at.height;
    if ((w.notBefore !== undefined && now < w.notBefore) || (w.notAfter !== undefined && now > w.notAfter)) {
      reject('OUTSIDE_VALIDITY_WINDOW', `the transaction is not valid at ${w.kind} ${now}`);
    }
  }
}

function checkMint(tx: Transaction, role: TxRole, at: BlockPosition): void {
  if (tx.contractCall) reject('BAD_MINT', 'a mint transaction cannot carry a contract call');
  let total = 0n;
  for (const o of tx.outputs) {
    if (o.content.type !== 'asset' || o.content.asset.kind !== 'native') reject('BAD_MINT', 'a mint creates native coin only');
    else total += o.content.asset.amount;
  }
  if (role.kind === 'coinbase') {
    if (tx.nonce !== at.height) reject('BAD_COINBASE', 'a coinbase carries its block height as nonce (unique id)');
    if (total > role.maxAmount) reject('BAD_COINBASE', `the coinbase claims ${total}, the block's fees are ${role.maxAmount}`);
  }
}

/** Owner is the lock (pkg/ownership.ts): what balances and selection credit to an owner, the owner can spend. */
function checkOwners(tx: Transaction, view: LedgerView): void {
  tx.outputs.forEach((o, i) => {
    // A ContractLock naming an address with no code could never be satisfied: the value would be lost.
    const dead = o.locks.find((l) => l.kind === 'contract' && view.codeOf(l.contract) === undefined);
    if (dead !== undefined && dead.kind === 'contract') reject('OWNER_LOCK_MISMATCH', `output ${i} is locked to contract ${toHex(dead.contract)}, where no contract is deployed`, { output: i });
    const why = ownerLockMismatch(o, view.codeOf(o.owner) !== undefined);
    if (why !== undefined) reject('OWNER_LOCK_MISMATCH', `output ${i}: ${why}`, { output: i });
  });
}

export class TxVerifier {
  constructor(
    private readonly engine: WASMEngine,
    private readonly limits: TxLimits = TX_LIMITS,
  ) {}

  async verify(req: VerifyRequest): Promise<VerifiedTx> {
    const { tx, view, at } = req;
    const role = req.role ?? { kind: 'regular' };
    // Encoded once per transaction object: the size, and without proofs the id and every input's signature hash.
    const { size, unsigned, txId } = txBytesOf(tx);
    checkStructure(tx, size, req.chainId, at, this.limits);

    if (tx.inputs.length === 0 && role.kind === 'regular') reject('NO_INPUTS', 'a transaction must spend at least one UTXO (it pays the fee)');
    if (tx.inputs.length > 0 && role.kind !== 'regular') reject('BAD_MINT', `a ${role.kind} transaction has no inputs`);
    if (role.kind !== 'regular') checkMint(tx, role, at);
    checkOwners(tx, view);

    const utxos = tx.inputs.map((input, i) => {
      const u = view.utxos.get(input.outPoint);
      if (!u) {
        return reject('INPUT_MISSING', `input ${i} (${outPointKey(input.outPoint)}) does not exist or is already spent`, { input: i });
      }
      return u;
    });

    const caller = tx.contractCall ? callerOf(tx, utxos[0]) : undefined;
    if (tx.contractCall && view.codeOf(tx.contractCall.contract) === undefined) {
      reject('UNKNOWN_CONTRACT', 'no contract is deployed at the called address; deploy it first', { contract: toHex(tx.contractCall.contract) });
    }

    tx.inputs.forEach((input, i) => {
      if (input.referenceOnly) return; // read, not spent: nothing to unlock
      const why = unlockFailure(input.proof, {
        tx, unsigned, inputIndex: i, utxo: utxos[i]!, blockHeight: at.height, blockTimestamp: at.timestamp,
        spentByCall: false, // every input of a signed transaction is unlocked by its own proof
      });
      if (why !== undefined) reject('UNLOCK_FAILED', `input ${i} cannot be spent: ${why}`, { input: i });
    });

    const spentUtxos = utxos.filter((_, i) => !tx.inputs[i]!.referenceOnly);
    const fee = this.checkConservation(tx, spentUtxos, size, role);
    const deployments = this.checkDeployments(tx, view, req.attachments, utxos[0]);
    for (const d of deployments) await this.prepare(d);

    const spent = spentUtxos.map((u) => u.outPoint);
    const created: Utxo[] = tx.outputs.map((output, index) => ({ outPoint: { txId, index }, output, blockHeight: at.height }));
    let effects: CallEffects | undefined;
    if (tx.contractCall && caller) {
      effects = await executeCall(this.engine, {
        call: tx.contractCall, caller, callId: callId(tx, caller), txId, firstEffectIndex: tx.outputs.length,
        signedSpent: spent, signedCreated: created,
        // What the fee pays beyond the signed bytes and the gas limit is the budget for storing the effects.
        storageBudget: fee - minimumFeeOf(tx, size),
      }, view, at);
    }
    const contract = tx.contractCall?.contract;
    return {
      tx, txId, size, fee,
      spent: [...spent, ...(effects?.spent ?? [])],
      created: [...created, ...(effects?.created ?? [])],
      stateWrites: contract ? (effects?.stateWrites ?? []).map((write) => ({ contract, write })) : [],
      deployments,
      receipt: effects?.receipt,
      ...(effects && { callFailed: effects.failed }),
    };
  }

  private checkConservation(tx: Transaction, spent: readonly Utxo[], size: number, role: TxRole): bigint {
    const b = balancesOf(spent, tx.outputs);
    for (const t of b.tokens.values()) {
      // Tokens are minted only by their contract's execution (an effect), never by a signed output.
      if (t.output > t.input) {
        reject('TOKEN_NOT_CONSERVED', `token ${toHex(t.contract!)}/${toHex(t.classId!)}: outputs ${t.output} exceed inputs ${t.input}; only a call of that contract mints its tokens`);
      }
    }
    if (role.kind !== 'regular') return 0n;
    // The funds attached to a call leave the payer's inputs like an output.
    const funds = tx.contractCall ? fundsOf(tx.contractCall) : 0n;
    const fee = b.native.input - b.native.output - funds;
    if (fee < 0n) reject('NATIVE_NOT_CONSERVED', `native outputs ${b.native.output}${funds > 0n ? ` and attached funds ${funds}` : ''} exceed inputs ${b.native.input}`);
    const min = minimumFeeOf(tx, size);
    if (fee < min) reject('FEE_TOO_LOW', `the fee is ${fee}, the minimum for ${size} bytes is ${min}`, { fee: fee.toString(), minimum: min.toString() });
    if (tx.fee?.kind === 'minimum' && fee < tx.fee.minimumAmount) reject('FEE_TOO_LOW', `the fee is below the declared minimum ${tx.fee.minimumAmount}`);
    return fee;
  }

  private checkDeployments(tx: Transaction, view: LedgerView, attachments: ReadonlyMap<string, Uint8Array> | undefined, first: Utxo | undefined): Deployment[] {
    const out: Deployment[] = [];
    tx.outputs.forEach((o, index) => {
      if (o.content.type !== 'resource') return;
      const r = o.content.resource;
      if (r.category !== 'executable' || r.executableType !== 'contract') return;
      if (!(tx.resourceAttachmentHashes ?? []).some((h) => bytesEqual(h, r.contentHash))) {
        reject('MISSING_ATTACHMENT', 'a deployed contract\'s code hash must be listed in resource_attachment_hashes');
      }
      // The instance address is derived, never chosen (instances.ts): no deployment lands on another's.
      const creator = callerOf(tx, first);
      const instance = instanceAddress(creator, tx.inputs[0]!.outPoint, index, r.contentHash);
      if (!bytesEqual(o.owner, instance)) {
        reject('BAD_INSTANCE_ADDRESS', `output ${index} names instance ${toHex(o.owner)}; a deployment by ${toHex(creator)} spending that input 0 instantiates at ${toHex(instance)}`, { output: index });
      }
      if (view.codeOf(instance) !== undefined) reject('INSTANCE_EXISTS', `a contract is already deployed at ${toHex(instance)}`);
      const code = attachments?.get(toHex(r.contentHash)) ?? view.codeByHash(r.contentHash);
      if (!code) reject('MISSING_CODE', `the code of ${toHex(r.contentHash)} was not supplied with the transaction`);
      else if (!bytesEqual(sha256(code), r.contentHash)) reject('CODE_HASH_MISMATCH', 'the supplied code does not hash to the declared content hash');
      else out.push({ contract: instance, codeHash: r.contentHash, code });
    });
    return out;
  }

  private async prepare(d: Deployment): Promise<void> {
    try {
      // Checked, not yet on chain: compiled in memory only; its first call (on chain) persists it.
      await this.engine.prepare(d.code, { persist: false });
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      reject('BAD_CONTRACT', `the deployed code is rejected by the engine: ${msg}`);
    }
  }
}
