/**
 * Child process of crash.test.ts: opens the chain store in argv[2] and commits blocks of signed
 * native transfers as fast as it can through the pipelined block producer (each block's
 * transactions are admitted, and the block built, while the previous block is being written),
 * printing "committed <height>" once each block is durable, until it is killed. Transpiled to
 * plain JS by the test (no TS loader in the child).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex, utf8Encode } from '../../../pkg/encoding.js';
import type { CallResult, ModuleSummary, WASMEngine } from '../../../pkg/engine.js';
import type { Utxo } from '../../../pkg/model.js';
import { ChainStore } from '../../../internal/core/chain/chain-store.js';
import { BlockExecutor } from '../../../internal/core/chain/block-executor.js';
import { BlockProducer } from '../../../internal/core/chain/block-producer.js';
import { TxVerifier } from '../../../internal/core/tx/verifier.js';
import { buildTransfer, signBuilt } from '../../../internal/core/tx/builder.js';
import { keyPairOf } from '../../../internal/core/tx/signing.js';
import { oneCoin } from '../../helpers/gated-kv.js';

export const CRASH_CHAIN_ID = 'wes-crash-test';
const TXS_PER_BLOCK = 4;

/** Native transfers never reach the engine. */
const noEngine: WASMEngine = {
  prepare: (): Promise<ModuleSummary> => Promise.reject(new Error('no engine in the crash child')),
  call: (): Promise<CallResult> => Promise.reject(new Error('no engine in the crash child')),
};

const amountOf = (u: Utxo): bigint => (u.output.content.type === 'asset' ? u.output.content.asset.amount : 0n);


async function main(dir: string): Promise<void> {
  const keys = [0, 1, 2, 3].map((i) => keyPairOf(sha256(utf8Encode(`crash-key/${i}`))));
  const store = await ChainStore.open(dir, { chainId: CRASH_CHAIN_ID });
  const executor = new BlockExecutor(new TxVerifier(noEngine), CRASH_CHAIN_ID);
  // A constant clock: every block gets its parent's timestamp (the test replays nothing time-dependent).
  const producer = new BlockProducer({ store, executor, clock: () => 0n });
  await producer.genesis(keys.flatMap((k) => Array.from({ length: 8 }, (_, i) => ({ address: k.address, amount: 1_000_000_000n + BigInt(i) }))));
  process.stdout.write(`ready ${store.height}\n`);
  // Each key spends its largest durable coin, then always the change of its previous transfer.
  const coins = keys.map((k) => store.index.utxosOwnedBy(k.address).reduce((a, b) => (amountOf(b) > amountOf(a) ? b : a)));
  let printed = store.height!;
  for (let n = 1n; ; n++) {
    for (let j = 0; j < TXS_PER_BLOCK; j++) {
      const from = keys[j]!;
      const to = keys[(j + 1) % 4]!;
      const built = buildTransfer({ view: oneCoin(store.index, coins[j]!), chainId: CRASH_CHAIN_ID, from: from.address, to: to.address, amount: 10_000n + BigInt(Number(n % 1000n) * 7 + j), nonce: n });
      await producer.submit(signBuilt(built, from.privateKey));
      const change = built.tx.outputs.findIndex((o) => toHex(o.owner) === toHex(from.address));
      coins[j] = { outPoint: { txId: built.txId, index: change }, output: built.tx.outputs[change]!, blockHeight: 0n };
    }
    const staged = await producer.produceStaged();
    // Durable in height order (a block's write starts once its parent's has ended).
    void staged.durable.then((info) => {
      if (info.height !== printed + 1n) throw new Error(`block ${info.height} durable after ${printed}`);
      printed = info.height;
      process.stdout.write(`committed ${info.height}\n`);
    });
  }
}

const dir = process.argv[2];
if (dir !== undefined && process.argv[1]?.endsWith('crash-child.js')) {
  main(dir).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
