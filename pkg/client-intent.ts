/**
 * What a client asked for, checked against the unsigned transaction a node built, before the
 * client signs anything. Implemented in internal/core/tx/intent-check.ts; the CLI's send, call
 * and deploy use it, and so can any other wallet or tool.
 *
 * Trust model. The node (or a relay in front of it) is not trusted with value. The client trusts
 * only its key, what the user typed, and hashes it computes itself:
 *  - The transaction is decoded and hashed locally; the node's id and sighashes are ignored.
 *  - A signature commits to the spent outpoints (txid, index) but not to their amounts or locks,
 *    so the client fetches each spent output's whole previous transaction and accepts it only if
 *    it hashes to the outpoint's txid. Amounts and locks of every input are then known exactly,
 *    and so is the fee (native in − native out). A node can still hand out an output that is
 *    already spent or not on this chain; the transaction is then invalid and nothing is lost.
 *    Exception: an output a contract call created at inclusion (an effect: outpoint index ≥ the
 *    call transaction's own outputs) is not in the signed transaction; it is read from the call's
 *    receipt (PreviousEffectsSource), bound to the tx id but not hash-checked: a node lying about
 *    such an amount can make the fee larger than the client computes.
 *  - The client signs exactly the inputs whose verified output is an asset owned by, and locked
 *    only by, the user's key; the indices the node lists are ignored.
 *  - Outputs back to the user count as the user's only when owned by and locked only to the
 *    user's key (no time/height lock, no other key).
 *  - transfer: one output pays exactly `amount` to `to` (owner and single-key lock), every other
 *    output is change to the user, every input is the user's.
 *  - deploy: the one resource output names sha256(code) (owner hash160 of it, locked to the
 *    user), the attachment list is exactly that hash, every other output is change.
 *  - call: contract, method, payload, gas limit and attached funds are exactly the user's. A
 *    call transaction signs the caller's intent only (docs/execution-at-inclusion.md): every
 *    input is the user's and every output is change back to the user; the contract's effects
 *    are computed when it is included, never signed. The value leaving the user beyond the fee
 *    and the funds is bounded by `maxSpend` (default 0).
 *  - Always: fee ≤ `maxFee`, no explicit fee mechanism, the chain id when the client knows it.
 * What is not protected: liveness (a node can refuse or drop the transaction), and what a call
 * does with the contract's own funds (that is the validators' re-execution check).
 */
import type { Address, Amount, Hash } from './types.js';

export type TxIntent =
  | { readonly kind: 'transfer'; readonly to: Address; readonly amount: Amount }
  | { readonly kind: 'deploy'; readonly code: Uint8Array }
  | {
      readonly kind: 'call';
      readonly contract: Address;
      readonly method: string;
      readonly payload: Uint8Array;
      readonly gasLimit: bigint;
      /** Native coin the call may move from the user to others, beyond the fee and funds. Default 0. */
      readonly maxSpend?: Amount;
      /** Native coin the user attaches to the call (ContractCall.funds); must match exactly. Default 0. */
      readonly funds?: Amount;
    };

export interface SigningLimits {
  /** The user's address: the only key the client signs with. */
  readonly signer: Address;
  /** The most the user accepts to pay in fees, in native base units. */
  readonly maxFee: Amount;
  /** When known from a trusted source, the chain id the transaction must carry. */
  readonly chainId?: string;
}

/** Raw (protobuf) bytes of a previous transaction by id, from any source: they are hash-checked. */
export type PreviousTransactionSource = (txId: Hash) => Promise<Uint8Array | undefined>;

/**
 * Raw (protobuf) bytes of a call transaction's receipt by tx id: the source of its effect outputs
 * (outpoint index ≥ the transaction's own outputs). Bound to the tx id, but its amounts are the
 * node's word: a client that cannot afford that trust spends no effect outputs.
 */
export type PreviousEffectsSource = (txId: Hash) => Promise<Uint8Array | undefined>;

export interface IntentVerdict {
  /** Input indices the client signs: exactly the user's own inputs. */
  readonly signInputs: readonly number[];
  /** Native inputs − native outputs, from hash-verified previous outputs. */
  readonly fee: Amount;
  /** Native coin leaving the user, fee included (user inputs − outputs back to the user). */
  readonly userSpend: bigint;
}

/** Checks unsigned transaction bytes against an intent; throws TxError (TX_NOT_AS_ASKED, TX_FOREIGN_INPUT, TX_PREVOUT_UNVERIFIED, TX_FEE_ABOVE_MAX, TX_SPEND_ABOVE_MAX) if they differ. */
export type IntentChecker = (
  unsignedTx: Uint8Array,
  intent: TxIntent,
  limits: SigningLimits,
  previous: PreviousTransactionSource,
) => Promise<IntentVerdict>;

/** Refused without a flag: 0.1 WES, whatever fee policy a node claims. */
export const MAX_FEE_ABSOLUTE_CAP = 10_000_000n;
/** The default maximum fee is this many times the policy's estimate of the minimum. */
export const MAX_FEE_POLICY_FACTOR = 10n;
/** The default maximum fee is at least this (0.0001 WES), for a node that states no fee policy. */
export const MAX_FEE_DEFAULT_FLOOR = 10_000n;
