/**
 * Child process of crash.test.ts: opens the chain store in argv[2] and commits blocks of signed
 * native transfers as fast as it can, printing "committed <height>" after each batch is
 * written, until it is killed. Transpiled to plain JS by the test (no TS loader in the child).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8Encode } from '../../../pkg/encoding.js';
import type { CallResult, ModuleSummary, WASMEngine } from '../../../pkg/engine.js';
import { ChainStore } from '../../../internal/core/chain/chain-store.js';
import { BlockExecutor, nextBlockOf, sealBlock } from '../../../internal/core/chain/block-executor.js';
import { PendingBlock } from '../../../internal/core/chain/pending-block.js';
import { genesisTransaction } from '../../../internal/core/chain/genesis.js';
import { TxVerifier } from '../../../internal/core/tx/verifier.js';
import { buildTransfer, signBuilt } from '../../../internal/core/tx/builder.js';
import { keyPairOf } from '../../../internal/core/tx/signing.js';

export const CRASH_CHAIN_ID = 'wes-crash-test';
const TXS_PER_BLOCK = 4;

/** Native transfers never reach the engine. */
const noEngine: WASMEngine = {
  prepare: (): Promise<ModuleSummary> => Promise.reject(new Error('no engine in the crash child')),
  call: (): Promise<CallResult> => Promise.reject(new Error('no engine in the crash child')),
};

async function main(dir: string): Promise<void> {
  const keys = [0, 1, 2, 3].map((i) => keyPairOf(sha256(utf8Encode(`crash-key/${i}`))));
  const store = await ChainStore.open(dir, { chainId: CRASH_CHAIN_ID });
  const executor = new BlockExecutor(new TxVerifier(noEngine), CRASH_CHAIN_ID);
  if (store.height === undefined) {
    const next = nextBlockOf(store.index);
    const pending = new PendingBlock(store.index);
    const allocations = keys.flatMap((k) => Array.from({ length: 8 }, (_, i) => ({ address: k.address, amount: 1_000_000_000n + BigInt(i) })));
    await executor.include(pending, genesisTransaction(CRASH_CHAIN_ID, allocations, 0n), next, 0n, { kind: 'genesis' });
    await store.commit(sealBlock(pending, next, 0n, CRASH_CHAIN_ID));
  }
  process.stdout.write(`ready ${store.height}\n`);
  for (;;) {
    const next = nextBlockOf(store.index);
    const timestamp = next.height * 10n; // a deterministic clock: the test replays nothing time-dependent
    const pending = new PendingBlock(store.index);
    for (let j = 0; j < TXS_PER_BLOCK; j++) {
      const h = Number(next.height % 1000n);
      const from = keys[(h + j) % 4]!;
      const to = keys[(h + j + 1) % 4]!;
      const built = buildTransfer({ view: pending, chainId: CRASH_CHAIN_ID, from: from.address, to: to.address, amount: 10_000n + BigInt(h * 7 + j), nonce: next.height });
      await executor.include(pending, signBuilt(built, from.privateKey), next, timestamp, { kind: 'regular' });
    }
    await store.commit(sealBlock(pending, next, timestamp, CRASH_CHAIN_ID));
    process.stdout.write(`committed ${next.height}\n`);
  }
}

const dir = process.argv[2];
if (dir !== undefined && process.argv[1]?.endsWith('crash-child.js')) {
  main(dir).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
