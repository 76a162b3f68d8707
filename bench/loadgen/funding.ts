/**
 * Funds the load generator's keys from the dev account: one transaction splits the dev coin
 * into fan-out pieces (plus coins the dev key keeps for set-up transactions), then one
 * transaction per piece pays FANOUT single coins to the keys in rotation. Two blocks in all.
 */
import { addressToBase58, fromHex, toHex } from '../../pkg/encoding.js';
import type { Utxo } from '../../pkg/model.js';
import type { KeyPair } from '../../internal/core/tx/signing.js';
import { http, submitOrThrow, type InclusionWatcher } from './node-client.js';
import { outputsOf, payTo, signedPayment } from './wallet.js';

export const CHAIN_ID = 'wes-devnet';
/** Outputs per fan-out transaction (the wire allows 1,000). */
const FANOUT = 500;
/** One load coin: pays one transfer or one call's fee, with change unused. */
export const COIN = 10_000_000n;
/** One coin the dev key keeps for a set-up transaction (a deployment, a call). */
export const DEV_COIN = 1_000_000_000n;

interface UtxoJson {
  txId: string;
  index: number;
  output: { content: { asset?: { kind: string; amount: string } } };
}

/**
 * The funded coins, handed out in the order they were funded: coin j belongs to key j mod the
 * number of keys, so whatever mix of runs takes them, every key's coins are used evenly.
 */
export class FundedCoins {
  private cursor = 0;
  constructor(private readonly perKey: Utxo[][]) {}

  /** The next key in rotation and one of its unspent coins. */
  take(): { readonly key: number; readonly coin: Utxo } {
    const key = this.cursor % this.perKey.length;
    this.cursor++;
    const coin = this.perKey[key]!.shift();
    if (coin === undefined) throw new Error('the load generator ran out of funded coins');
    return { key, coin };
  }
}

export interface Funded {
  readonly coins: FundedCoins;
  /** The dev key's set-up coins. */
  readonly dev: Utxo[];
}

/** Pays `count` coins to `keys` in rotation, and keeps `devCoins` coins for the dev key. */
export async function fund(url: string, dev: KeyPair, keys: readonly KeyPair[], count: number, devCoins: number, watcher: InclusionWatcher, timeoutMs: number): Promise<Funded> {
  const devB58 = addressToBase58(dev.address);
  const { json } = await http<{ utxos: UtxoJson[] }>('GET', `${url}/v1/accounts/${devB58}/utxos`);
  const genesisCoins: Utxo[] = json.utxos.map((u) => ({
    outPoint: { txId: fromHex(u.txId), index: u.index },
    output: payTo(dev.address, BigInt(u.output.content.asset?.amount ?? '0')),
    blockHeight: 0n,
  }));
  const batches = Math.ceil(count / FANOUT);
  const batchValue = COIN * BigInt(FANOUT) + 10_000_000n;
  const split = [...Array.from({ length: batches }, () => payTo(dev.address, batchValue)), ...Array.from({ length: devCoins }, () => payTo(dev.address, DEV_COIN))];
  const first = signedPayment(CHAIN_ID, dev, genesisCoins, split);
  await submitOrThrow(url, first.tx);
  await watcher.requireAll([toHex(first.built.txId)], timeoutMs, 'funding split');
  const devOutputs = outputsOf(first.built, dev.address);
  const pieces = devOutputs.slice(0, batches);
  const perKey: Utxo[][] = keys.map(() => []);
  const second: string[] = [];
  let slot = 0;
  for (const piece of pieces) {
    const owners = Array.from({ length: Math.min(FANOUT, count - slot) }, (_, j) => keys[(slot + j) % keys.length]!);
    const fan = signedPayment(CHAIN_ID, dev, [piece], owners.map((k) => payTo(k.address, COIN)));
    fan.built.tx.outputs.forEach((output, index) => {
      if (owners[index]) perKey[(slot + index) % keys.length]!.push({ outPoint: { txId: fan.built.txId, index }, output, blockHeight: 0n });
    });
    slot += owners.length;
    await submitOrThrow(url, fan.tx);
    second.push(toHex(fan.built.txId));
  }
  await watcher.requireAll(second, timeoutMs, 'funding transactions');
  return { coins: new FundedCoins(perKey), dev: devOutputs.slice(batches, batches + devCoins) };
}
