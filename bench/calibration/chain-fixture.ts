/**
 * The chain the calibration workloads read: a rich owner (many UTXOs), a poor one (one UTXO),
 * state under a short key and a 1 MiB value, a resource, blocks. UTXOs live in the node's own
 * ChainIndex, so listByOwner costs what it costs on a node; state ignores the contract (every
 * workload module has its own address).
 */
import { ChainIndex } from '../../internal/core/chain/chain-index.js';
import { encodeResource } from '../../internal/core/wire/codec.js';
import { addressToBase58 } from '../../pkg/encoding.js';
import type { Utxo } from '../../pkg/model.js';
import type { ChainView, StateEntry } from '../../pkg/ports.js';

export const RICH = new Uint8Array(20).fill(0x11);
export const POOR = new Uint8Array(20).fill(0x22);
export const CALLER = new Uint8Array(20).fill(0xaa);
export const RESOURCE_HASH = new Uint8Array(32).fill(0x55);
export const BIG_VALUE_BYTES = 1024 * 1024;

export const txId = (n: number): Uint8Array => {
  const t = new Uint8Array(32);
  new DataView(t.buffer).setUint32(0, n + 1);
  return t;
};

function utxo(owner: Uint8Array, n: number, amount: bigint): Utxo {
  return {
    outPoint: { txId: txId(n), index: 0 },
    output: { owner, locks: [{ kind: 'singleKey', addressHash: owner }], content: { type: 'asset', asset: { kind: 'native', amount } } },
    blockHeight: 1n,
  } as Utxo;
}

export function calibrationChain(richUtxos: number): ChainView {
  const index = new ChainIndex('wes-bench');
  index.addUtxo(utxo(POOR, 0, 1_000n));
  for (let i = 0; i < 300; i++) index.addUtxo(utxo(CALLER, 1_000_000 + i, 1_000n + BigInt(i)));
  for (let i = 1; i <= richUtxos; i++) index.addUtxo(utxo(RICH, i, 1_000n + BigInt(i)));
  for (let h = 0; h < 8; h++) {
    index.addBlockInfo({ height: BigInt(h), hash: new Uint8Array(32).fill(h + 1), merkleRoot: new Uint8Array(32).fill(2), stateRoot: new Uint8Array(32).fill(3), timestamp: 1_700_000_000n, miner: POOR } as never);
  }
  const resource = { contentHash: RESOURCE_HASH, category: 'static', mimeType: 'text/plain', size: 1000n, creationTimestamp: 1n } as never;
  index.addResource({ contentHash: RESOURCE_HASH, encoded: encodeResource(resource), json: JSON.stringify({ content_hash: addressToBase58(RICH), category: 'RESOURCE_CATEGORY_STATIC', note: 'x'.repeat(2000) }) });
  const state = new Map<string, StateEntry>([
    ['k', { value: new Uint8Array(32).fill(9), version: 3n }],
    ['big', { value: new Uint8Array(BIG_VALUE_BYTES).fill(7), version: 1n }],
  ]);
  return {
    blocks: index.blocks,
    utxos: index.utxos,
    resources: index.resources,
    chainId: index.chainId,
    state: { get: (_contract, key) => state.get(Buffer.from(key).toString('latin1')) },
  };
}
