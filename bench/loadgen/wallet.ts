/**
 * The load generator's client-side wallet: it knows the UTXOs it created (it built them), so it
 * builds and signs transactions locally with the tx builder, exactly as the CLI does, without
 * asking the node. Each build sees only the coins handed to it, so no two pre-signed
 * transactions spend the same output.
 */
import type { LedgerView } from '../../internal/core/tx/ledger-view.js';
import type { AssetKey } from '../../pkg/ports.js';
import type { TxOutput, Utxo } from '../../pkg/model.js';
import type { Address } from '../../pkg/types.js';
import { bytesEqual } from '../../pkg/encoding.js';
import { buildContractCall, buildDeploy, buildPayment, buildTransfer, signBuilt, type BuiltTransaction, type CallRequestSpec } from '../../internal/core/tx/builder.js';
import type { KeyPair } from '../../internal/core/tx/signing.js';
import type { Transaction } from '../../pkg/model.js';

/** A ledger holding only `coins`: the builder selects from exactly these. */
export function coinsView(chainId: string, coins: readonly Utxo[]): LedgerView {
  return {
    chainId,
    blocks: { blockAt: () => undefined },
    state: { get: () => undefined },
    resources: { get: () => undefined },
    utxos: {
      get: (op) => coins.find((u) => bytesEqual(u.outPoint.txId, op.txId) && u.outPoint.index === op.index),
      listByOwner: (owner: Address, asset: AssetKey) => (asset.kind === 'native' ? coins.filter((u) => bytesEqual(u.output.owner, owner)) : []),
    },
    codeOf: () => undefined,
    codeByHash: () => undefined,
  };
}

export function payTo(owner: Address, amount: bigint): TxOutput {
  return { owner, locks: [{ kind: 'singleKey', addressHash: owner }], content: { type: 'asset', asset: { kind: 'native', amount } } };
}

/** The outputs of a built transaction that pay `owner`, as UTXOs (for the next build). */
export function outputsOf(built: BuiltTransaction, owner: Address): Utxo[] {
  return built.tx.outputs.flatMap((output, index) => (bytesEqual(output.owner, owner) ? [{ outPoint: { txId: built.txId, index }, output, blockHeight: 0n }] : []));
}

export interface Signed {
  readonly tx: Transaction;
  readonly built: BuiltTransaction;
}

export function signedPayment(chainId: string, key: KeyPair, coins: readonly Utxo[], outputs: readonly TxOutput[]): Signed {
  const built = buildPayment({ view: coinsView(chainId, coins), from: key.address, outputs, chainId });
  return { built, tx: signBuilt(built, key.privateKey) };
}

export function signedTransfer(chainId: string, key: KeyPair, coin: Utxo, to: Address, amount: bigint, nonce: bigint): Signed {
  const built = buildTransfer({ view: coinsView(chainId, [coin]), from: key.address, to, amount, chainId, nonce });
  return { built, tx: signBuilt(built, key.privateKey) };
}

/** Stores and instantiates `code`, paid from `coin` (the instance address depends on it). */
export function signedDeploy(chainId: string, key: KeyPair, coin: Utxo, code: Uint8Array): Signed & { readonly contract: Address } {
  const built = buildDeploy({ view: coinsView(chainId, [coin]), from: key.address, code, chainId });
  return { built, tx: signBuilt(built, key.privateKey), contract: built.contract };
}

/**
 * A contract call paid from `coin` alone, as `wes call` builds it: the intent only (its effects
 * are computed at inclusion); the fee covers the gas limit and `storedEffectBytes` of effects.
 */
export function signedCall(chainId: string, key: KeyPair, coin: Utxo, call: CallRequestSpec, storedEffectBytes: bigint, nonce: bigint): Signed {
  const built = buildContractCall({ view: coinsView(chainId, [coin]), payer: key.address, call, storedEffectBytes, chainId, nonce });
  return { built, tx: signBuilt(built, key.privateKey) };
}
