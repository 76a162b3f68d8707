/**
 * The token Transfer along the whole path of a devnet: the client simulates the call on the
 * engine and builds and signs the transaction (secp256k1), the producer verifies it (signatures,
 * locks, conservation, re-execution of the call) into the mempool, and each block is committed
 * to LevelDB as one batch (internal/core/chain ChainStore, fsync per block). K distinct payers
 * send one Transfer each per block, so the transactions of a block never conflict.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex, utf8Encode } from '../../pkg/encoding.js';
import { createEngine } from '../../internal/core/engines/wasm/manager/container.js';
import { ChainStore } from '../../internal/core/chain/chain-store.js';
import { BlockExecutor } from '../../internal/core/chain/block-executor.js';
import { BlockProducer } from '../../internal/core/chain/block-producer.js';
import { TxVerifier } from '../../internal/core/tx/verifier.js';
import { keyPairOf, type KeyPair } from '../../internal/core/tx/signing.js';
import { buildDeploy, signBuilt, simulateAndBuildCall } from '../../internal/core/tx/builder.js';
import type { Address } from '../../pkg/types.js';
import { TOKEN_GAS, address, transferPayload } from './common.js';

const CHAIN_ID = 'wes-bench';

export interface FullPathChain {
  /** Payers per block (one Transfer each). */
  readonly payers: number;
  /** Runs `blocks` blocks of `payers` Transfers each (submit all, then produce). */
  run(blocks: number): Promise<void>;
  /** Token balance of payer i as committed on the chain. */
  balanceOf(i: number): bigint;
  close(): Promise<void>;
}

export async function fullPathChain(code: Uint8Array, payers = 16, sync = true): Promise<FullPathChain> {
  const dir = mkdtempSync(join(tmpdir(), 'wes-bench-chain-'));
  const store = await ChainStore.open(dir, { chainId: CHAIN_ID, sync });
  try {
    const engine = createEngine();
    const executor = new BlockExecutor(new TxVerifier(engine), CHAIN_ID);
    let now = 1_700_000_000n;
    const producer = new BlockProducer({ store, executor, clock: () => (now += 1n) });
    const keys: KeyPair[] = Array.from({ length: payers }, (_, i) => keyPairOf(sha256(utf8Encode(`wes-bench-key/${i}`))));
    const owner = keys[0]!;
    await producer.genesis(keys.map((k) => ({ address: k.address, amount: 10n ** 15n })));
    const deploy = buildDeploy({ view: store.index, chainId: CHAIN_ID, from: owner.address, code });
    await producer.submit(signBuilt(deploy, owner.privateKey), deploy.attachments);
    await producer.produce();
    const contract: Address = deploy.contract;
    const submit = async (key: KeyPair, method: string, payload: Uint8Array, txIndex: number): Promise<void> => {
      const at = { height: (store.height ?? 0n) + 1n, timestamp: now, txIndex };
      const built = await simulateAndBuildCall(engine, { view: store.index, chainId: CHAIN_ID, payer: key.address, call: { contract, method, payload, gasLimit: TOKEN_GAS } }, at);
      await producer.submit(signBuilt(built, key.privateKey));
    };
    await submit(owner, 'Initialize', utf8Encode('{"supply":"1000000000000"}'), 0);
    await producer.produce();
    for (const k of keys.slice(1)) {
      await submit(owner, 'Transfer', transferPayload(k.address, 1_000_000_000n), 0);
      await producer.produce();
    }
    const recipients = keys.map((_, i) => transferPayload(address(1000 + i)));
    return {
      payers,
      async run(blocks) {
        for (let b = 0; b < blocks; b++) {
          for (let i = 0; i < payers; i++) await submit(keys[i]!, 'Transfer', recipients[i]!, i);
          const height = (await producer.produce()).height;
          const block = await store.getBlock(height);
          if (block?.transactions.length !== payers) throw new Error(`block ${height} holds ${block?.transactions.length ?? 0} transactions, expected ${payers}`);
        }
      },
      balanceOf(i) {
        const e = store.index.state.get(contract, utf8Encode(`balance/${toHex(keys[i]!.address)}`));
        return e === undefined ? 0n : BigInt(new TextDecoder().decode(e.value));
      },
      async close() {
        await producer.stop();
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
