/**
 * Full validation of one transaction against a ledger view, in the order cheapest first:
 * structure and limits, inputs exist and are unspent, (for calls) re-execution, every lock,
 * per-asset conservation and the fee, then deployments. The result lists exactly what applying
 * the transaction changes, so the chain applies what was verified and nothing else.
 */
import { sha256 } from '@noble/hashes/sha2.js';
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
import { reexecuteCall, type BlockPosition } from './reexecution.js';
import { stateChangeOf } from './state-outputs.js';

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
}

const reject = (code: string, message: string, details: Record<string, unknown> = {}): never => {
  throw new TxError(code, message, details);
};


function checkStructure(tx: Transaction, size: number, chainId: string, at: BlockPosition, limits: TxLimits): void {
  if (tx.version !== limits.version) reject('BAD_VERSION', `transaction version must be ${limits.version}`);
  if (!bytesEqual(tx.chainId, utf8Encode(chainId))) reject('WRONG_CHAIN', `the transaction is for another chain (this is ${chainId})`);
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
  for (const input of tx.inputs) {
    const k = outPointKey(input.outPoint);
    if (seen.has(k)) reject('DUPLICATE_INPUT', `outpoint ${k} appears twice in the transaction`);
    seen.add(k);
  }
  tx.outputs.forEach((o, i) => {
    if (o.content.type === 'asset' && o.content.asset.amount <= 0n) reject('ZERO_AMOUNT', `output ${i} has no value`);
    if (o.content.type === 'state' && !tx.contractCall) reject('STATE_WITHOUT_CALL', 'only a contract call may write state');
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

    const call = tx.contractCall
      ? await reexecuteCall(this.engine, tx, txId, utxos[0], view, at)
      : undefined;

    tx.inputs.forEach((input, i) => {
      if (input.referenceOnly) return; // read, not spent: nothing to unlock
      const why = unlockFailure(input.proof, {
        tx, unsigned, inputIndex: i, utxo: utxos[i]!, blockHeight: at.height, blockTimestamp: at.timestamp,
        spentByCall: call !== undefined && i >= call.draftInputStart,
      });
      if (why !== undefined) reject('UNLOCK_FAILED', `input ${i} cannot be spent: ${why}`, { input: i });
    });

    const spentUtxos = utxos.filter((_, i) => !tx.inputs[i]!.referenceOnly);
    const fee = this.checkConservation(tx, spentUtxos, size, role, call?.receipt);
    const deployments = this.checkDeployments(tx, view, req.attachments);
    for (const d of deployments) await this.prepare(d);

    const contract = tx.contractCall?.contract;
    const stateWrites = contract
      ? tx.outputs.flatMap((o) => (o.content.type === 'state' ? [{ contract, write: stateChangeOf(o.content.state) }] : []))
      : [];
    return {
      tx, txId, size, fee,
      spent: spentUtxos.map((u) => u.outPoint),
      // State outputs are state changes, not spendable UTXOs.
      created: tx.outputs.flatMap((output, index) =>
        output.content.type === 'state' ? [] : [{ outPoint: { txId, index }, output, blockHeight: at.height }]),
      stateWrites,
      deployments,
      receipt: call?.receipt,
    };
  }

  private checkConservation(tx: Transaction, spent: readonly Utxo[], size: number, role: TxRole, receipt: Receipt | undefined): bigint {
    const b = balancesOf(spent, tx.outputs);
    const caller = tx.contractCall?.contract;
    for (const t of b.tokens.values()) {
      // Only the token's own contract, re-executed above, may create (or destroy) its tokens.
      const minter = caller !== undefined && t.contract !== undefined && bytesEqual(t.contract, caller);
      if (!minter && t.output > t.input) {
        reject('TOKEN_NOT_CONSERVED', `token ${toHex(t.contract!)}/${toHex(t.classId!)}: outputs ${t.output} exceed inputs ${t.input} and no call of that contract minted them`);
      }
    }
    if (role.kind !== 'regular') return 0n;
    const fee = b.native.input - b.native.output;
    if (fee < 0n) reject('NATIVE_NOT_CONSERVED', `native outputs ${b.native.output} exceed inputs ${b.native.input}`);
    // The receipt (events, return data) is stored too: the re-execution's, never the client's claim.
    const min = minimumFeeOf(tx, size, receipt);
    if (fee < min) reject('FEE_TOO_LOW', `the fee is ${fee}, the minimum for ${size} bytes${receipt ? ' and this call\'s receipt' : ''} is ${min}`, { fee: fee.toString(), minimum: min.toString() });
    if (tx.fee?.kind === 'minimum' && fee < tx.fee.minimumAmount) reject('FEE_TOO_LOW', `the fee is below the declared minimum ${tx.fee.minimumAmount}`);
    return fee;
  }

  private checkDeployments(tx: Transaction, view: LedgerView, attachments: ReadonlyMap<string, Uint8Array> | undefined): Deployment[] {
    const out: Deployment[] = [];
    for (const o of tx.outputs) {
      if (o.content.type !== 'resource') continue;
      const r = o.content.resource;
      if (r.category !== 'executable' || r.executableType !== 'contract') continue;
      if (!(tx.resourceAttachmentHashes ?? []).some((h) => bytesEqual(h, r.contentHash))) {
        reject('MISSING_ATTACHMENT', 'a deployed contract\'s code hash must be listed in resource_attachment_hashes');
      }
      const code = attachments?.get(toHex(r.contentHash)) ?? view.codeByHash(r.contentHash);
      if (!code) reject('MISSING_CODE', `the code of ${toHex(r.contentHash)} was not supplied with the transaction`);
      else if (!bytesEqual(sha256(code), r.contentHash)) reject('CODE_HASH_MISMATCH', 'the supplied code does not hash to the declared content hash');
      else out.push({ contract: hash160(r.contentHash), codeHash: r.contentHash, code });
    }
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
