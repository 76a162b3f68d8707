/**
 * Per-asset value conservation. The native coin and every contract-token class (contract
 * address, class id) are balanced separately — WES keyed tokens by contract only, so one
 * class could pay for another. Inputs count only when spent (reference inputs move nothing).
 */
import { toHex } from '../../../pkg/encoding.js';
import type { TxOutput, Utxo } from '../../../pkg/model.js';
import type { Address } from '../../../pkg/types.js';

export interface AssetBalance {
  readonly contract: Address | undefined;
  readonly classId: Uint8Array | undefined;
  input: bigint;
  output: bigint;
}

export interface Balances {
  readonly native: AssetBalance;
  /** Token classes keyed "contractHex:classHex", in first-seen order. */
  readonly tokens: Map<string, AssetBalance>;
}

function add(b: Balances, o: TxOutput, side: 'input' | 'output'): void {
  if (o.content.type !== 'asset') return;
  const a = o.content.asset;
  if (a.kind === 'native') {
    b.native[side] += a.amount;
    return;
  }
  const key = `${toHex(a.contract)}:${toHex(a.classId)}`;
  let entry = b.tokens.get(key);
  if (!entry) {
    entry = { contract: a.contract, classId: a.classId, input: 0n, output: 0n };
    b.tokens.set(key, entry);
  }
  entry[side] += a.amount;
}

export function balancesOf(spent: readonly Utxo[], outputs: readonly TxOutput[]): Balances {
  const b: Balances = { native: { contract: undefined, classId: undefined, input: 0n, output: 0n }, tokens: new Map() };
  for (const u of spent) add(b, u.output, 'input');
  for (const o of outputs) add(b, o, 'output');
  return b;
}
