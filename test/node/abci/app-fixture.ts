/** A WesAbciApp over an in-memory store and its own engine: what one validator's app process holds. */
import { sha256 } from '@noble/hashes/sha2.js';
import { addressToBase58, utf8Encode } from '../../../pkg/encoding.js';
import { createEngine } from '../../../internal/core/engines/wasm/manager/container.js';
import type { WasmEngineManager } from '../../../internal/core/engines/wasm/manager/engine-manager.js';
import { ChainStore } from '../../../internal/core/chain/chain-store.js';
import { BlockExecutor } from '../../../internal/core/chain/block-executor.js';
import { TxVerifier } from '../../../internal/core/tx/verifier.js';
import { keyPairOf, type KeyPair } from '../../../internal/core/tx/signing.js';
import { appGenesisJson, encodeAppState, parseAppGenesis } from '../../../internal/node/abci/app-genesis.js';
import { WesAbciApp } from '../../../internal/node/abci/wes-abci-app.js';
import type { AbciRequest, AbciResponse, ResponseFor } from '../../../internal/node/abci/abci-messages.js';

export const CHAIN_ID = 'wes-abci-test';
export const GENESIS_TIME = 1_700_000_000n;

export function testKey(name: string): KeyPair {
  return keyPairOf(sha256(utf8Encode(`wes-abci-test-key/${name}`)));
}

export const KEYS = { alice: testKey('alice'), bob: testKey('bob'), collector: testKey('collector') };

export const APP_STATE = encodeAppState(
  appGenesisJson({
    allocations: [KEYS.alice, KEYS.alice, KEYS.bob].map((k, i) => ({ address: addressToBase58(k.address), amount: 50_000_000n + BigInt(i) })),
    feeCollector: addressToBase58(KEYS.collector.address),
  }),
);

export interface AppUnderTest {
  readonly app: WesAbciApp;
  readonly store: ChainStore;
  readonly engine: WasmEngineManager;
  call<K extends AbciRequest['kind']>(req: Extract<AbciRequest, { kind: K }>): Promise<ResponseFor<K>>;
  close(): Promise<void>;
}

export async function appUnderTest(): Promise<AppUnderTest> {
  const store = await ChainStore.inMemory({ chainId: CHAIN_ID, sync: false });
  const engine = createEngine();
  const app = new WesAbciApp({ store, executor: new BlockExecutor(new TxVerifier(engine), CHAIN_ID), chainId: CHAIN_ID, version: 'test', genesis: parseAppGenesis(APP_STATE) });
  return {
    app, store, engine,
    call: async <K extends AbciRequest['kind']>(req: Extract<AbciRequest, { kind: K }>): Promise<ResponseFor<K>> => {
      const r: AbciResponse = await app.handle(req);
      if (r.kind !== req.kind) throw new Error(`expected a ${req.kind} response, got ${JSON.stringify(r)}`);
      return r as ResponseFor<K>;
    },
    close: () => store.close(),
  };
}

export function initChain(t: AppUnderTest): Promise<ResponseFor<'initChain'>> {
  return t.call({ kind: 'initChain', time: GENESIS_TIME, chainId: CHAIN_ID, appStateBytes: APP_STATE, initialHeight: 1n });
}
