/**
 * The client's check of an unsigned transaction against what its user asked for (the trust
 * model is in pkg/client-intent.ts). Pure except for fetching previous transactions, whose
 * bytes are accepted only when they hash to the outpoint's txid.
 */
import { sha256 } from '../../../pkg/hashes.js';
import type { IntentChecker, IntentVerdict, PreviousEffectsSource, PreviousTransactionSource, SigningLimits, TxIntent } from '../../../pkg/client-intent.js';
import { MAX_FEE_ABSOLUTE_CAP, MAX_FEE_DEFAULT_FLOOR, MAX_FEE_POLICY_FACTOR } from '../../../pkg/client-intent.js';
import { addressToBase58, bytesEqual, hash160, outPointKey, toHex, utf8Encode } from '../../../pkg/encoding.js';
import { TxError, isWesError } from '../../../pkg/errors.js';
import type { Transaction, TxOutput } from '../../../pkg/model.js';
import type { Address } from '../../../pkg/types.js';
import { decodeReceipt, decodeTransaction, encodeTxOutput } from '../wire/codec.js';
import { transactionId } from './hashing.js';
import { instanceAddress } from './instances.js';

/** More inputs than this and the client refuses before fetching anything. */
export const MAX_CHECKED_INPUTS = 256;

const notAsAsked = (what: string, details: Record<string, unknown> = {}): never => {
  throw new TxError('NOT_AS_ASKED', `refusing to sign: ${what}`, details);
};

function nativeOf(o: TxOutput): bigint {
  return o.content.type === 'asset' && o.content.asset.kind === 'native' ? o.content.asset.amount : 0n;
}

/** Owned by and locked only to `who`'s key: spendable by the user's signature alone. */
function isOnlyKeyOf(o: TxOutput, who: Address): boolean {
  const l = o.locks;
  return bytesEqual(o.owner, who) && l.length === 1 && l[0]!.kind === 'singleKey' && bytesEqual(l[0]!.addressHash, who);
}

function payTo(owner: Address, amount: bigint): TxOutput {
  return { owner, locks: [{ kind: 'singleKey', addressHash: owner }], content: { type: 'asset', asset: { kind: 'native', amount } } };
}

/**
 * Coin sent to a contract address arrives under its ContractLock (never singleKey(contract), which
 * no key can spend). The client cannot tell a contract address from a key's; validators refuse a
 * ContractLock naming an address without code, so accepting this form loses nothing.
 */
function payToContract(contract: Address, amount: bigint): TxOutput {
  return { owner: contract, locks: [{ kind: 'contract', contract }], content: { type: 'asset', asset: { kind: 'native', amount } } };
}

function sameOutput(a: TxOutput, b: TxOutput): boolean {
  const encoded = encodeTxOutput(b);
  if (bytesEqual(encodeTxOutput(a), encoded)) return true;
  // A transfer's payment may take the contract form (payToContract).
  const c = a.content;
  const single = a.locks.length === 1 && a.locks[0]!.kind === 'singleKey' && bytesEqual(a.locks[0]!.addressHash, a.owner);
  return single && c.type === 'asset' && c.asset.kind === 'native' && bytesEqual(encodeTxOutput(payToContract(a.owner, c.asset.amount)), encoded);
}

function tokenKey(o: TxOutput): string | undefined {
  return o.content.type === 'asset' && o.content.asset.kind === 'token' ? `${toHex(o.content.asset.contract)}/${toHex(o.content.asset.classId)}` : undefined;
}

/**
 * Effect output k of a call transaction (outpoint index = its outputs + k), from the call's
 * receipt. A receipt is bound to its transaction id but, unlike the transaction, not hash-checked
 * against anything the client holds: this is the one place the node's word on an amount is taken
 * (pkg/client-intent.ts, trust model).
 */
async function effectOutput(txId: Uint8Array, k: number, effects: PreviousEffectsSource | undefined): Promise<TxOutput | undefined> {
  if (effects === undefined) return undefined;
  const raw = await effects(txId);
  if (raw === undefined) return undefined;
  let receipt;
  try {
    receipt = decodeReceipt(raw);
  } catch {
    throw new TxError('PREVOUT_UNVERIFIED', `refusing to sign: the node's receipt of transaction ${toHex(txId)} does not decode`);
  }
  if (!bytesEqual(receipt.txId, txId)) throw new TxError('PREVOUT_UNVERIFIED', `refusing to sign: the node's receipt for ${toHex(txId)} belongs to another transaction`);
  return receipt.outputs?.[k];
}

/** The output each (non-reference) input spends, from previous transactions that hash to their ids. */
export async function verifiedPreviousOutputs(tx: Transaction, source: PreviousTransactionSource, effects?: PreviousEffectsSource): Promise<Map<string, TxOutput>> {
  if (tx.inputs.length > MAX_CHECKED_INPUTS) notAsAsked(`the transaction has ${tx.inputs.length} inputs (at most ${MAX_CHECKED_INPUTS} are checked)`);
  const byTx = new Map<string, Transaction>();
  const out = new Map<string, TxOutput>();
  for (const input of tx.inputs) {
    if (input.referenceOnly) continue;
    const id = toHex(input.outPoint.txId);
    let prev = byTx.get(id);
    if (prev === undefined) {
      const raw = await source(input.outPoint.txId);
      if (raw === undefined) throw new TxError('PREVOUT_UNVERIFIED', `refusing to sign: the node does not show transaction ${id}, which an input spends`);
      try {
        prev = decodeTransaction(raw);
      } catch (e) {
        throw new TxError('PREVOUT_UNVERIFIED', `refusing to sign: the node's copy of transaction ${id} does not decode (${isWesError(e) ? e.code : 'error'})`);
      }
      if (toHex(transactionId(prev)) !== id) {
        throw new TxError('PREVOUT_UNVERIFIED', `refusing to sign: the node's copy of transaction ${id} hashes to ${toHex(transactionId(prev))}; it lies about what an input holds`);
      }
      byTx.set(id, prev);
    }
    const index = input.outPoint.index;
    const o = index < prev.outputs.length ? prev.outputs[index] : await effectOutput(input.outPoint.txId, index - prev.outputs.length, effects);
    if (o === undefined) throw new TxError('PREVOUT_UNVERIFIED', `refusing to sign: transaction ${id} has no output ${index}`);
    out.set(outPointKey(input.outPoint), o);
  }
  return out;
}

function checkHeader(tx: Transaction, intent: TxIntent, limits: SigningLimits): void {
  if (tx.version !== 1) notAsAsked(`unexpected transaction version ${tx.version}`);
  if (limits.chainId !== undefined && !bytesEqual(tx.chainId, utf8Encode(limits.chainId))) notAsAsked(`the transaction is for another chain than ${limits.chainId}`);
  if (tx.fee !== undefined) notAsAsked('the transaction carries an explicit fee mechanism nobody asked for');
  const attachments = tx.resourceAttachmentHashes ?? [];
  if (intent.kind === 'deploy') {
    const codeHash = sha256(intent.code);
    if (attachments.length !== 1 || !bytesEqual(attachments[0]!, codeHash)) notAsAsked('the deployment does not name exactly your code\'s hash');
  } else if (attachments.length > 0) {
    notAsAsked('the transaction lists attachments you did not send');
  }
  const call = tx.contractCall;
  if (intent.kind !== 'call') {
    if (call !== undefined) notAsAsked(`the transaction calls ${addressToBase58(call.contract)}.${call.method}, which you did not ask for`);
    return;
  }
  if (call === undefined) return notAsAsked('the transaction carries no contract call');
  if (!bytesEqual(call.contract, intent.contract)) notAsAsked(`the call goes to ${addressToBase58(call.contract)}, you asked for ${addressToBase58(intent.contract)}`);
  if (call.method !== intent.method) notAsAsked(`the call is to method "${call.method}", you asked for "${intent.method}"`);
  if (!bytesEqual(call.payload, intent.payload)) notAsAsked('the call\'s parameters are not the ones you gave');
  if (call.gasLimit !== intent.gasLimit) notAsAsked(`the call's gas limit is ${call.gasLimit}, you asked for ${intent.gasLimit}`);
  if ((call.funds ?? 0n) !== (intent.funds ?? 0n)) notAsAsked(`the call attaches ${call.funds ?? 0n} base units, you asked for ${intent.funds ?? 0n}`);
}

/** Which inputs are the user's (to sign), refusing any that are neither the user's nor the call's. */
function classifyInputs(tx: Transaction, intent: TxIntent, signer: Address, prev: ReadonlyMap<string, TxOutput>): number[] {
  const seen = new Set<string>();
  const mine: number[] = [];
  tx.inputs.forEach((input, i) => {
    const key = outPointKey(input.outPoint);
    if (seen.has(key)) notAsAsked(`input ${i} spends ${key} twice`);
    seen.add(key);
    const o = input.referenceOnly ? undefined : prev.get(key);
    if (o !== undefined && isOnlyKeyOf(o, signer) && input.proof === undefined) {
      if (o.content.type !== 'asset') throw new TxError('FOREIGN_INPUT', `refusing to sign: input ${i} spends your ${o.content.type} output, not coins`, { input: i });
      mine.push(i);
      return;
    }
    // A call's contract inputs are effects computed at inclusion, never part of what is signed.
    throw new TxError('FOREIGN_INPUT', `refusing to sign: input ${i} (${key}) is not yours`, { input: i });
  });
  if (mine.length === 0) notAsAsked('the transaction spends none of your coins, so it cannot pay its fee from you');
  return mine;
}

/** The outputs a transfer or deploy must contain besides change; each is matched once. */
function expectedOutputs(tx: Transaction, intent: TxIntent, signer: Address): TxOutput[] {
  if (intent.kind === 'transfer') return [payTo(intent.to, intent.amount)];
  if (intent.kind === 'deploy') {
    const codeHash = sha256(intent.code);
    const first = tx.inputs[0];
    if (first === undefined) return notAsAsked('the deployment spends nothing');
    return [{
      // A new instance of the code, at the address the deployment's input 0 derives (instances.ts).
      owner: instanceAddress(signer, first.outPoint, 0, codeHash),
      locks: [{ kind: 'singleKey', addressHash: signer }],
      content: { type: 'resource', resource: { contentHash: codeHash, category: 'executable', executableType: 'contract', mimeType: 'application/wasm', size: BigInt(intent.code.length) } },
    }];
  }
  return [];
}

/** Change: an asset back to the user's key alone (coin, or tokens the user spent and gets back). */
function isChange(o: TxOutput, signer: Address): boolean {
  return isOnlyKeyOf(o, signer) && o.content.type === 'asset';
}

function checkOutputs(tx: Transaction, intent: TxIntent, signer: Address): void {
  // A call's outputs are change only: what the contract creates is an effect, computed at inclusion.
  const wanted = expectedOutputs(tx, intent, signer);
  const matched = new Set<number>();
  tx.outputs.forEach((o, i) => {
    const w = wanted.findIndex((x, j) => !matched.has(j) && sameOutput(x, o));
    if (w >= 0) {
      matched.add(w);
      return;
    }
    if (isChange(o, signer)) return;
    const a = o.content.type === 'asset' ? `${o.content.asset.amount} ${o.content.asset.kind === 'native' ? 'base units' : 'tokens'}` : `a ${o.content.type} output`;
    notAsAsked(`output ${i} gives ${a} to ${addressToBase58(o.owner)}${isOnlyKeyOf(o, o.owner) ? '' : ' (under a lock that is not its owner\'s key alone)'}, which you did not ask for`, { output: i });
  });
  if (matched.size !== wanted.length) {
    const what = intent.kind === 'transfer' ? `no output pays exactly ${intent.amount} to ${addressToBase58(intent.to)} under its own key` : 'no output deploys exactly your code under your key';
    notAsAsked(what);
  }
}

interface Flows {
  readonly fee: bigint;
  readonly userSpend: bigint;
  readonly toOthers: bigint;
  readonly tokensOut: ReadonlyMap<string, bigint>;
}

function valueFlows(tx: Transaction, prev: ReadonlyMap<string, TxOutput>, mine: readonly number[], signer: Address): Flows {
  let nativeIn = 0n;
  let userIn = 0n;
  const tokensOut = new Map<string, bigint>();
  tx.inputs.forEach((input, i) => {
    const o = input.referenceOnly ? undefined : prev.get(outPointKey(input.outPoint));
    if (o === undefined) return;
    nativeIn += nativeOf(o);
    if (!mine.includes(i)) return;
    userIn += nativeOf(o);
    const t = tokenKey(o);
    if (t !== undefined && o.content.type === 'asset') tokensOut.set(t, (tokensOut.get(t) ?? 0n) + o.content.asset.amount);
  });
  let nativeOut = 0n;
  let userOut = 0n;
  for (const o of tx.outputs) {
    nativeOut += nativeOf(o);
    if (!isOnlyKeyOf(o, signer)) continue;
    userOut += nativeOf(o);
    const t = tokenKey(o);
    if (t !== undefined && o.content.type === 'asset') tokensOut.set(t, (tokensOut.get(t) ?? 0n) - o.content.asset.amount);
  }
  const funds = tx.contractCall?.funds ?? 0n;
  const fee = nativeIn - nativeOut - funds;
  const userSpend = userIn - userOut;
  return { fee, userSpend, toOthers: userSpend - fee - funds, tokensOut };
}

/** The check itself on a decoded transaction and its verified previous outputs (pure). */
export function checkAgainstIntent(tx: Transaction, intent: TxIntent, limits: SigningLimits, prev: ReadonlyMap<string, TxOutput>): IntentVerdict {
  checkHeader(tx, intent, limits);
  const mine = classifyInputs(tx, intent, limits.signer, prev);
  checkOutputs(tx, intent, limits.signer);
  const flows = valueFlows(tx, prev, mine, limits.signer);
  if (flows.fee < 0n) notAsAsked(`the outputs exceed the inputs by ${-flows.fee}`);
  if (flows.fee > limits.maxFee) {
    throw new TxError('FEE_ABOVE_MAX', `refusing to sign: the fee would be ${flows.fee}, above your maximum ${limits.maxFee} (raise it with --max-fee if you mean it)`, {
      fee: flows.fee.toString(), maxFee: limits.maxFee.toString(),
    });
  }
  const allowed = intent.kind === 'transfer' ? intent.amount : intent.kind === 'call' ? (intent.maxSpend ?? 0n) : 0n;
  if (flows.toOthers > allowed) {
    throw new TxError('SPEND_ABOVE_MAX', `refusing to sign: ${flows.toOthers} base units would leave you besides the fee, you allowed ${allowed}${intent.kind === 'call' ? ' (allow it with --spend)' : ''}`, {
      spend: flows.toOthers.toString(), allowed: allowed.toString(),
    });
  }
  for (const [token, out] of flows.tokensOut) {
    if (out > 0n) notAsAsked(`${out} of your tokens ${token} would leave you`);
  }
  return { signInputs: mine, fee: flows.fee, userSpend: flows.userSpend };
}

/** pkg/client-intent's IntentChecker: decode, fetch and verify previous outputs, check. */
export const checkUnsignedTransaction: IntentChecker = async (unsignedTx, intent, limits, previous) => {
  const tx = decodeTransaction(unsignedTx);
  return checkAgainstIntent(tx, intent, limits, await verifiedPreviousOutputs(tx, previous));
};

export interface FeePolicyView {
  readonly minimumFee: bigint;
  readonly feePerByte: bigint;
  readonly gasPerFeeUnit?: bigint;
}

/**
 * The fee policy a node claims in /v1/status (untrusted: defaultMaxFee caps what it yields).
 * Any `…PerByte` price listed (a storage price, say) counts, the highest one, so a policy that
 * grows new per-byte parts still gets a default maximum that covers them.
 */
export function feePolicyFromStatus(feePolicy: unknown): FeePolicyView {
  const fields = typeof feePolicy === 'object' && feePolicy !== null ? (feePolicy as Record<string, unknown>) : {};
  const num = (v: unknown): bigint | undefined =>
    typeof v === 'string' && /^[0-9]{1,30}$/.test(v) ? BigInt(v) : typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? BigInt(v) : undefined;
  let perByte = 0n;
  for (const [k, v] of Object.entries(fields)) {
    const n = /PerByte$/i.test(k) ? num(v) : undefined;
    if (n !== undefined && n > perByte) perByte = n;
  }
  const gasPerFeeUnit = num(fields['gasPerFeeUnit']);
  return { minimumFee: num(fields['minimumFee']) ?? 0n, feePerByte: perByte, ...(gasPerFeeUnit !== undefined && { gasPerFeeUnit }) };
}

/**
 * The default --max-fee: MAX_FEE_POLICY_FACTOR × the policy's minimum for this transaction
 * (signed size estimated, attachment bytes counted in case storage is priced per byte), at
 * least MAX_FEE_DEFAULT_FLOOR and never above MAX_FEE_ABSOLUTE_CAP, since the policy comes
 * from the node the client does not trust.
 */
export function defaultMaxFee(policy: FeePolicyView, tx: Transaction, unsignedSize: number, attachmentBytes: number): bigint {
  const proofBytes = 110 * tx.inputs.length;
  const gas = tx.contractCall?.gasLimit ?? 0n;
  const perFeeUnit = policy.gasPerFeeUnit && policy.gasPerFeeUnit > 0n ? policy.gasPerFeeUnit : 1000n;
  const estimate = policy.minimumFee + policy.feePerByte * BigInt(unsignedSize + proofBytes + attachmentBytes) + (gas + perFeeUnit - 1n) / perFeeUnit;
  const fee = estimate * MAX_FEE_POLICY_FACTOR;
  return fee > MAX_FEE_ABSOLUTE_CAP ? MAX_FEE_ABSOLUTE_CAP : fee < MAX_FEE_DEFAULT_FLOOR ? MAX_FEE_DEFAULT_FLOOR : fee;
}
