// What the host tells a call about itself. All values are fixed for the whole call (ABI.md §4).

import {
  get_abi_version, get_block_hash, get_block_height, get_caller, get_chain_id,
  get_contract_address, get_timestamp, get_tx_hash, get_tx_index,
} from "./env";
import { ADDRESS_LENGTH } from "./address";
import { ptr } from "./bytes";

export class Context {
  /** The 20-byte address that signed the call. */
  static caller(): Uint8Array {
    const out = new Uint8Array(ADDRESS_LENGTH);
    assert(get_caller(ptr(out)) == ADDRESS_LENGTH, "get_caller failed");
    return out;
  }

  /** This contract's 20-byte address. */
  static contractAddress(): Uint8Array {
    const out = new Uint8Array(ADDRESS_LENGTH);
    assert(get_contract_address(ptr(out)) == ADDRESS_LENGTH, "get_contract_address failed");
    return out;
  }

  /** Height of the block being built. */
  static blockHeight(): u64 {
    return <u64>get_block_height();
  }

  /** That block's timestamp, unix seconds. */
  static timestamp(): u64 {
    return <u64>get_timestamp();
  }

  /** (major << 16) | (minor << 8) | patch of the host ABI. */
  static abiVersion(): u32 {
    return <u32>get_abi_version();
  }

  static chainId(): string {
    const out = new Uint8Array(64); // get_chain_id has no capacity argument; ABI.md caps it at 64 B
    const n = get_chain_id(ptr(out));
    assert(n >= 0 && n <= 64, "get_chain_id failed");
    return String.UTF8.decodeUnsafe(out.dataStart, <usize>n);
  }

  /** Id of the transaction carrying this call (32 bytes). */
  static txHash(): Uint8Array {
    const out = new Uint8Array(32);
    assert(get_tx_hash(ptr(out)) == 32, "get_tx_hash failed");
    return out;
  }

  static txIndex(): u32 {
    return <u32>get_tx_index();
  }

  /** Hash of the block at `height`, or null if the host has none. */
  static blockHash(height: u64): Uint8Array | null {
    const out = new Uint8Array(32);
    return get_block_hash(<i64>height, ptr(out)) == 32 ? out : null;
  }
}
