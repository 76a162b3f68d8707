/** Rough numbers for the report: verify throughput and block apply time (printed, loosely bounded). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { performance } from 'node:perf_hooks';
import { utf8Encode } from '../../../pkg/encoding.js';
import type { Transaction, TxOutput } from '../../../pkg/model.js';
import { buildPayment, signBuilt } from '../../../internal/core/tx/builder.js';
import { signAllInputs } from '../../../internal/core/tx/signing.js';
import { CHAIN_ID, devnet, type Devnet } from './devnet.js';

const N = 300;

describe('throughput', () => {
  let net: Devnet;
  let txs: Transaction[];
  beforeAll(async () => {
    net = await devnet();
    const coin: TxOutput = { owner: net.alice.address, locks: [{ kind: 'singleKey', addressHash: net.alice.address }], content: { type: 'asset', asset: { kind: 'native', amount: 100_000n } } };
    const fan = buildPayment({ view: net.store.index, chainId: CHAIN_ID, from: net.alice.address, outputs: Array.from({ length: N }, () => coin) });
    await net.producer.submit(signBuilt(fan, net.alice.privateKey));
    await net.producer.produce();
    txs = Array.from({ length: N }, (_, i) =>
      signAllInputs({
        version: 1, nonce: 0n, creationTimestamp: 0n, chainId: utf8Encode(CHAIN_ID),
        inputs: [{ outPoint: { txId: fan.txId, index: i }, referenceOnly: false }],
        outputs: [{ owner: net.bob.address, locks: [{ kind: 'singleKey', addressHash: net.bob.address }], content: { type: 'asset', asset: { kind: 'native', amount: 50_000n } } }],
      }, net.alice.privateKey));
  });
  afterAll(async () => net.close());

  it(`verifies ${N} signed transfers and applies them as one block`, async () => {
    const at = { height: 2n, timestamp: net.now(), txIndex: 0 };
    let t0 = performance.now();
    for (const tx of txs) await net.verifier.verify({ tx, view: net.store.index, chainId: CHAIN_ID, at });
    const verifyMs = performance.now() - t0;
    for (const tx of txs) await net.producer.submit(tx);
    t0 = performance.now();
    const info = await net.producer.produce();
    const blockMs = performance.now() - t0;
    expect((await net.store.getBlock(info.height))!.transactions).toHaveLength(N);
    const perSec = Math.round((N / verifyMs) * 1000);
    console.info(`[throughput] verify: ${perSec} tx/s (${(verifyMs / N).toFixed(3)} ms/tx); produce+commit block of ${N} transfers: ${blockMs.toFixed(1)} ms`);
    expect(perSec).toBeGreaterThan(50); // a smoke bound only: the number is for the report, and CI machines are shared
  }, 30_000);
});
