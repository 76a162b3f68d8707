/**
 * The application's part of CometBFT's genesis.json (`app_state`), identical on every
 * validator: who holds coin at height 0 and who receives block fees.
 *
 *   { "allocations": [{ "address": "<Base58Check or hex>", "amount": "<base units>" }],
 *     "feeCollector": "<address>" }          // optional: without it fees are burned
 */
import { parseAddress, utf8Encode } from '../../../pkg/encoding.js';
import { ChainError } from '../../../pkg/errors.js';
import type { Address } from '../../../pkg/types.js';
import type { Allocation } from '../../core/chain/genesis.js';

export interface AppGenesis {
  readonly allocations: readonly Allocation[];
  readonly feeCollector?: Address;
}

const MAX_ALLOCATIONS = 10_000;

const bad = (message: string): never => {
  throw new ChainError('BAD_APP_STATE', `genesis app_state: ${message}`);
};

function addressAt(v: unknown, where: string): Address {
  if (typeof v !== 'string') return bad(`${where} must be an address string`);
  try {
    return parseAddress(v);
  } catch {
    return bad(`${where} "${v}" is not a WES address`);
  }
}

export function parseAppGenesis(bytes: Uint8Array): AppGenesis {
  if (bytes.length === 0) return { allocations: [] };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    return bad(`not JSON: ${(e as Error).message}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return bad('expected an object');
  const o = json as Record<string, unknown>;
  const list = o['allocations'] ?? [];
  if (!Array.isArray(list) || list.length > MAX_ALLOCATIONS) return bad(`allocations must be an array of at most ${MAX_ALLOCATIONS}`);
  const allocations = list.map((a: unknown, i): Allocation => {
    const e = (typeof a === 'object' && a !== null ? a : {}) as Record<string, unknown>;
    const amount = e['amount'];
    if (typeof amount !== 'string' || !/^[1-9][0-9]{0,30}$/.test(amount)) return bad(`allocations[${i}].amount must be a positive decimal string`);
    return { address: addressAt(e['address'], `allocations[${i}].address`), amount: BigInt(amount) };
  });
  const fc = o['feeCollector'];
  return { allocations, ...(fc !== undefined && { feeCollector: addressAt(fc, 'feeCollector') }) };
}

/** The app_state JSON for `allocations` (what the testnet generator writes). */
export function appGenesisJson(g: { allocations: readonly { address: string; amount: bigint }[]; feeCollector?: string }): Record<string, unknown> {
  return {
    allocations: g.allocations.map((a) => ({ address: a.address, amount: a.amount.toString() })),
    ...(g.feeCollector !== undefined && { feeCollector: g.feeCollector }),
  };
}

export const encodeAppState = (v: Record<string, unknown>): Uint8Array => utf8Encode(JSON.stringify(v));
