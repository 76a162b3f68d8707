/**
 * Read-only facts about the chain and the carrying transaction (ABI.md §4): committed block
 * headers by height, the chain id, and the id/index of the transaction that carries this call.
 * WES conventions are kept: block hash/roots return 32 or 0, the miner 20 or an error code.
 */
import { utf8Encode } from '../../../../pkg/encoding.js';
import type { BlockInfo } from '../../../../pkg/ports.js';
import { ADDRESS_LENGTH, HASH_LENGTH, HostErrorCode } from '../../../../pkg/types.js';
import { writeBytes } from './guest-io.js';
import { fail, orCode, orValue } from './host-result.js';
import { type EnvFunction, type HostBinding, type HostFn, envFunction } from './declare.js';

/** Longest chain id written by get_chain_id (the SDKs pass a 64-byte buffer, no capacity). */
export const MAX_CHAIN_ID_BYTES = 64;

function block(b: HostBinding, height: bigint): BlockInfo {
  const h = BigInt.asUintN(64, height);
  const info = b.call().context.chain.blocks.blockAt(h);
  if (info === undefined) fail(HostErrorCode.NotFound, `no committed block at height ${h}`);
  return info;
}

/** (i64 height, p out32) -> 32, or 0 when there is no such block. */
function blockHash32(pick: (info: BlockInfo) => Uint8Array, what: string): HostFn {
  return (b: HostBinding, height: bigint, out: number): number =>
    orValue(0, () => {
      const bytes = pick(block(b, height));
      if (bytes.length !== HASH_LENGTH) fail(HostErrorCode.Internal, `${what} is not 32 bytes`);
      writeBytes(b, out, bytes, what);
      return HASH_LENGTH;
    });
}

function txHash(what: string): HostFn {
  return (b: HostBinding, out: number): number => {
    writeBytes(b, out, b.call().context.txHash, what);
    return HASH_LENGTH;
  };
}

export const CHAIN_FUNCTIONS: readonly EnvFunction[] = [
  envFunction({
    name: 'get_block_hash',
    signatures: ['Ii->i'],
    gas: { base: 4_500 },
    impl: blockHash32((i) => i.hash, 'get_block_hash'),
  }),
  envFunction({
    name: 'get_merkle_root',
    signatures: ['Ii->i'],
    gas: { base: 4_500 },
    impl: blockHash32((i) => i.merkleRoot, 'get_merkle_root'),
  }),
  envFunction({
    name: 'get_state_root',
    signatures: ['Ii->i'],
    gas: { base: 4_500 },
    impl: blockHash32((i) => i.stateRoot, 'get_state_root'),
  }),
  envFunction({
    name: 'get_miner_address',
    signatures: ['Ii->i'],
    gas: { base: 5_500 },
    impl: (b: HostBinding, height: bigint, out: number): number =>
      orCode(() => {
        writeBytes(b, out, block(b, height).miner, 'get_miner_address');
        return ADDRESS_LENGTH;
      }),
  }),
  envFunction({
    name: 'get_chain_id',
    signatures: ['i->i'],
    gas: { base: 15_000 },
    limits: { chainIdBytes: MAX_CHAIN_ID_BYTES },
    impl: (b: HostBinding, out: number): number => {
      const id = utf8Encode(b.call().context.chain.chainId).slice(0, MAX_CHAIN_ID_BYTES);
      writeBytes(b, out, id, 'get_chain_id');
      return id.length;
    },
  }),
  envFunction({
    name: 'get_tx_hash',
    signatures: ['i->i'],
    gas: { base: 6_000 },
    impl: txHash('get_tx_hash'),
  }),
  // WES computed this from a draft id that was never registered, so it always failed; the id
  // of the carrying transaction is what both names mean.
  envFunction({
    name: 'get_transaction_id',
    signatures: ['i->i'],
    gas: { base: 6_000 },
    impl: txHash('get_transaction_id'),
  }),
  envFunction({
    name: 'get_tx_index',
    signatures: ['->i'],
    gas: { base: 400, neutral: true },
    impl: (b: HostBinding): number => b.call().context.txIndex,
  }),
];
