/** The devnet's first block: one input-less transaction allocating native coin. */
import { utf8Encode } from '../../../pkg/encoding.js';
import type { Transaction, TxOutput } from '../../../pkg/model.js';
import type { Address } from '../../../pkg/types.js';

export interface Allocation {
  readonly address: Address;
  readonly amount: bigint;
}

export function genesisTransaction(chainId: string, allocations: readonly Allocation[], timestamp: bigint): Transaction {
  const outputs: TxOutput[] = allocations.map((a) => ({
    owner: a.address,
    locks: [{ kind: 'singleKey', addressHash: a.address }],
    content: { type: 'asset', asset: { kind: 'native', amount: a.amount } },
  }));
  return { version: 1, inputs: [], outputs, nonce: 0n, creationTimestamp: timestamp, chainId: utf8Encode(chainId) };
}
