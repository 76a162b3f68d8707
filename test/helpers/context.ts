/** Execution contexts and an empty chain view for engine tests. */
import type { ExecutionContext } from '../../pkg/engine.js';
import type { ChainView } from '../../pkg/ports.js';

export const EMPTY_CHAIN: ChainView = {
  blocks: { blockAt: () => undefined },
  state: { get: () => undefined },
  utxos: { get: () => undefined, listByOwner: () => [] },
  resources: { get: () => undefined },
  chainId: 'wes-test',
};

export function address(fill: number): Uint8Array {
  return new Uint8Array(20).fill(fill);
}

export function testContext(overrides: Partial<ExecutionContext> = {}): ExecutionContext {
  return {
    caller: address(0xaa),
    blockHeight: 100n,
    blockTimestamp: 1_700_000_000n,
    txHash: new Uint8Array(32).fill(7),
    txIndex: 0,
    callIndex: 0,
    chain: EMPTY_CHAIN,
    ...overrides,
  };
}
