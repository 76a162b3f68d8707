/**
 * Execution at inclusion (docs/execution-at-inclusion.md): a call transaction signs its intent,
 * its effects are computed where it lands. Many users of one contract share a block; attached
 * funds arrive under the contract's lock and come out again; a failed call is included with its
 * reason, pays its fee and gets its funds back; a one-UTXO caller can pay; and another node
 * replaying the blocks reproduces every effect (the state root covers them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex, utf8Encode } from '../../../pkg/encoding.js';
import { receiptFailed, type Utxo } from '../../../pkg/model.js';
import type { Address } from '../../../pkg/types.js';
import { buildContractCall, buildDeploy, buildTransfer, signBuilt, simulateAndBuildCall, type BuiltTransaction } from '../../../internal/core/tx/builder.js';
import { keyPairOf, signAllInputs, type KeyPair } from '../../../internal/core/tx/signing.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { CHAIN_ID, devnet, deployAndCommit, type Devnet } from './devnet.js';
import { vaultCode } from './contracts.js';

const GAS = 5_000_000n;
const u64le = (b: Uint8Array): bigint => new DataView(b.buffer, b.byteOffset).getBigUint64(0, true);
const nativeOf = (u: Utxo): bigint => (u.output.content.type === 'asset' && u.output.content.asset.kind === 'native' ? u.output.content.asset.amount : 0n);

describe('execution at inclusion', () => {
  let net: Devnet;
  let contract: Address;
  let nonce = 100n;

  const nextAt = (): { height: bigint; timestamp: bigint; txIndex: number } => ({ height: net.store.height! + 1n, timestamp: net.now(), txIndex: 0 });
  /** Simulated against the tip (which prices the storage of its effects), then built. */
  const callTx = (from: KeyPair, method: string, payload: Uint8Array = new Uint8Array(0), funds = 0n): Promise<BuiltTransaction> =>
    simulateAndBuildCall(net.engine, { view: net.store.index, chainId: CHAIN_ID, payer: from.address, nonce: nonce++, call: { contract, method, payload, gasLimit: GAS, funds } }, nextAt());
  const payFromContract = (to: Address, amount: bigint): Uint8Array =>
    utf8Encode(JSON.stringify({ intents: [{ type: 'transfer', params: { from: toHex(contract), to: toHex(to), amount: amount.toString() } }] }));
  const contractCoins = (): bigint => net.store.index.utxos.listByOwner(contract, { kind: 'native' }).reduce((s, u) => s + nativeOf(u), 0n);

  beforeAll(async () => {
    net = await devnet();
    contract = await deployAndCommit(net, await vaultCode());
  });
  afterAll(async () => net.close());

  it('10 callers writing the same state key are all included in one block', async () => {
    const holders = Array.from({ length: 10 }, (_, i) => keyPairOf(sha256(utf8Encode(`holder-${i}`))));
    // Each holder is funded with exactly one UTXO (a plain send).
    for (const h of holders) {
      const t = buildTransfer({ view: net.store.index, chainId: CHAIN_ID, from: net.bob.address, to: h.address, amount: 1_000_000n, nonce: nonce++ });
      await net.producer.submit(signBuilt(t, net.bob.privateKey));
      await net.producer.produce();
    }
    // All ten are built and signed against the same tip, then submitted together.
    const signed = await Promise.all(holders.map(async (h) => signBuilt(await callTx(h, 'incr'), h.privateKey)));
    const admitted = await Promise.all(signed.map((tx) => net.producer.submit(tx)));
    expect(admitted.every((v) => v.callFailed === false)).toBe(true);
    const info = await net.producer.produce();
    const block = await net.store.getBlock(info.height);
    expect(block?.transactions).toHaveLength(10);
    expect(u64le(net.store.index.state.get(contract, utf8Encode('count'))!.value)).toBe(10n);
    for (const v of admitted) expect((await net.store.getReceipt(v.txId))?.status).toBe(0);
  });

  it('attached funds arrive under the contract lock before the call, and the contract pays them out twice in a row', async () => {
    const before = contractCoins();
    const funded = await callTx(net.carol, 'incr', new Uint8Array(0), 3_000_000n);
    const v = await net.producer.submit(signBuilt(funded, net.carol.privateKey));
    expect(v.receipt?.outputs?.[0]).toEqual({ owner: contract, locks: [{ kind: 'contract', contract }], content: { type: 'asset', asset: { kind: 'native', amount: 3_000_000n } } });
    await net.producer.produce();
    const arrived = net.store.index.utxos.get({ txId: funded.txId, index: funded.tx.outputs.length });
    expect(arrived && nativeOf(arrived)).toBe(3_000_000n);
    expect(contractCoins()).toBe(before + 3_000_000n);

    const dave = keyPairOf(sha256(utf8Encode('dave')));
    const first = await callTx(net.alice, 'relay', payFromContract(dave.address, 1_000_000n));
    await net.producer.submit(signBuilt(first, net.alice.privateKey));
    await net.producer.produce();
    const second = await callTx(net.alice, 'relay', payFromContract(dave.address, 1_500_000n));
    await net.producer.submit(signBuilt(second, net.alice.privateKey));
    await net.producer.produce();
    expect(net.store.index.utxos.listByOwner(dave.address, { kind: 'native' }).map(nativeOf).sort()).toEqual([1_000_000n, 1_500_000n]);
    expect(contractCoins()).toBe(before + 500_000n);
    // Nothing the contract kept is locked to its address as a key.
    for (const u of net.store.index.utxos.listByOwner(contract, { kind: 'native' })) expect(u.output.locks).toEqual([{ kind: 'contract', contract }]);
  });

  it('funds attached by a one-UTXO caller: the fee and the funds come from the same input, with change', async () => {
    const erin = keyPairOf(sha256(utf8Encode('erin')));
    const t = buildTransfer({ view: net.store.index, chainId: CHAIN_ID, from: net.bob.address, to: erin.address, amount: 2_000_000n, nonce: nonce++ });
    await net.producer.submit(signBuilt(t, net.bob.privateKey));
    await net.producer.produce();
    expect(net.store.index.utxos.listByOwner(erin.address, { kind: 'native' })).toHaveLength(1);
    const c = await callTx(erin, 'incr', new Uint8Array(0), 1_000_000n);
    expect(c.tx.inputs).toHaveLength(1);
    await net.producer.submit(signBuilt(c, erin.privateKey));
    await net.producer.produce();
    const left = net.store.index.utxos.listByOwner(erin.address, { kind: 'native' }).map(nativeOf);
    expect(left).toEqual([2_000_000n - 1_000_000n - c.fee]);
  });

  it('a call that fails at its position is included with the reason, pays its fee and gets its funds back', async () => {
    const coins = contractCoins();
    const native = (who: Address): bigint => net.store.index.utxos.listByOwner(who, { kind: 'native' }).reduce((s, u) => s + nativeOf(u), 0n);
    // Two payments of everything the contract holds (and 700000 attached): each passes admission
    // against the tip; in the block, the second to run finds the coins gone.
    const callers = [net.alice, net.bob];
    const built = await Promise.all(callers.map((k) => callTx(k, 'relay', payFromContract(k.address, coins + 700_000n), 700_000n)));
    const before = callers.map((k) => native(k.address));
    for (const [i, k] of callers.entries()) await net.producer.submit(signBuilt(built[i]!, k.privateKey));
    await net.producer.produce();
    const receipts = await Promise.all(built.map((t) => net.store.getReceipt(t.txId)));
    expect(receipts.map((r) => r !== undefined && receiptFailed(r)).sort()).toEqual([false, true]);
    const f = receipts.findIndex((r) => r !== undefined && receiptFailed(r));
    const ok = 1 - f;
    const failed = receipts[f]!;
    expect(failed.status).toBe(2);
    expect(failed.reason).toMatch(/INSUFFICIENT_BALANCE/);
    // The refund is effect output 0, to the caller's key; the fee is gone, nothing else moved.
    const loser = callers[f]!.address;
    expect(failed.outputs).toEqual([{ owner: loser, locks: [{ kind: 'singleKey', addressHash: loser }], content: { type: 'asset', asset: { kind: 'native', amount: 700_000n } } }]);
    expect(native(loser)).toBe(before[f]! - built[f]!.fee);
    // The winner got everything the contract held, its own funds included.
    expect(native(callers[ok]!.address)).toBe(before[ok]! - built[ok]!.fee + coins);
    expect(contractCoins()).toBe(0n);
  });

  it('a call that fails against the tip is refused at submission (it would pay for nothing)', async () => {
    const failing = buildContractCall({ view: net.store.index, chainId: CHAIN_ID, payer: net.alice.address, nonce: nonce++, call: { contract, method: 'fail', payload: new Uint8Array(0), gasLimit: GAS } });
    await expect(net.producer.submit(signBuilt(failing, net.alice.privateKey))).rejects.toMatchObject({ code: 'TX_CALL_FAILED' });
  });

  it('effects a contract may not produce are refused: spending the caller\'s key-locked coin', async () => {
    // A transfer intent from the caller's native coin: only the caller's signature spends it.
    const fromCaller = utf8Encode(JSON.stringify({ intents: [{ type: 'transfer', params: { from: toHex(net.alice.address), to: toHex(net.bob.address), amount: '1000' } }] }));
    await expect(callTx(net.alice, 'relay', fromCaller)).rejects.toThrow(/not locked to this contract/);
    const built = buildContractCall({ view: net.store.index, chainId: CHAIN_ID, payer: net.alice.address, nonce: nonce++, storedEffectBytes: 4096n, call: { contract, method: 'relay', payload: fromCaller, gasLimit: GAS } });
    await expect(net.producer.submit(signBuilt(built, net.alice.privateKey))).rejects.toMatchObject({ code: 'TX_CALL_FAILED', message: expect.stringMatching(/not locked to this contract/) });
  });

  it('attached funds are never locked to the contract\'s address as a key', async () => {
    const r = await net.producer.submit(signBuilt(await callTx(net.alice, 'incr', new Uint8Array(0), 5_000n), net.alice.privateKey));
    expect(r.receipt?.outputs?.[0]?.locks).toEqual([{ kind: 'contract', contract }]);
    await net.producer.produce();
  });

  it('one code, many independent instances: each deployment gets its own address, state and holdings', async () => {
    const code = await vaultCode();
    const deploys = [net.alice, net.bob, net.alice].map((k) => ({ k, d: buildDeploy({ view: net.store.index, chainId: CHAIN_ID, from: k.address, code, nonce: nonce++ }) }));
    // Each is built against the tip from a different input 0 (alice twice: sequentially).
    for (const { k, d } of deploys.slice(0, 2)) await net.producer.submit(signBuilt(d, k.privateKey), d.attachments);
    await net.producer.produce();
    const third = buildDeploy({ view: net.store.index, chainId: CHAIN_ID, from: net.alice.address, code, nonce: nonce++ });
    await net.producer.submit(signBuilt(third, net.alice.privateKey), third.attachments);
    await net.producer.produce();
    const addresses = [deploys[0]!.d.contract, deploys[1]!.d.contract, third.contract];
    expect(new Set(addresses.map(toHex)).size).toBe(3);
    expect(addresses.some((a) => toHex(a) === toHex(contract))).toBe(false);
    for (const a of addresses) expect(net.store.index.codeOf(a)).toEqual(code);
    const listed = net.store.index.instancesOf(sha256(code), 100);
    expect(listed.total).toBe(4); // the first deployment's instance too
    expect(listed.instances.map(toHex).sort()).toEqual([contract, ...addresses].map(toHex).sort());
    // State is per instance: incrementing one leaves the others alone.
    const first = addresses[0]!;
    const before = net.store.index.state.get(contract, utf8Encode('count'));
    const incr = await simulateAndBuildCall(net.engine, { view: net.store.index, chainId: CHAIN_ID, payer: net.carol.address, nonce: nonce++, call: { contract: first, method: 'incr', payload: new Uint8Array(0), gasLimit: GAS } }, nextAt());
    await net.producer.submit(signBuilt(incr, net.carol.privateKey));
    await net.producer.produce();
    expect(u64le(net.store.index.state.get(first, utf8Encode('count'))!.value)).toBe(1n);
    expect(net.store.index.state.get(contract, utf8Encode('count'))).toEqual(before);
    expect(net.store.index.state.get(addresses[1]!, utf8Encode('count'))).toBeUndefined();
  });

  it('a deployment cannot choose its instance address (no landing on someone else\'s)', async () => {
    const d = buildDeploy({ view: net.store.index, chainId: CHAIN_ID, from: net.bob.address, code: await vaultCode(), nonce: nonce++ });
    const squat: typeof d.tx = { ...d.tx, outputs: d.tx.outputs.map((o, i) => (i === 0 ? { ...o, owner: contract } : o)) };
    await expect(net.producer.submit(signAllInputs(squat, net.bob.privateKey), d.attachments)).rejects.toMatchObject({ code: 'TX_BAD_INSTANCE_ADDRESS' });
  });

  it('another node replaying the blocks reproduces every effect, and a block with other effects is refused', async () => {
    const replica = await devnet();
    try {
      for (let h = 1n; h <= net.store.height!; h++) {
        const block = (await net.store.getBlock(h))!;
        const deployments = new Map<string, Uint8Array>();
        for (const tx of block.transactions) for (const hash of tx.resourceAttachmentHashes ?? []) deployments.set(toHex(hash), net.store.index.codeByHash(hash)!);
        const commit = await replica.executor.execute(block, replica.store.index, deployments);
        await replica.store.commit(commit);
      }
      expect(replica.store.tip?.stateRoot).toEqual(net.store.tip?.stateRoot);
      expect(replica.store.index.allUtxos()).toEqual(net.store.index.allUtxos());
      // A header whose state root claims different effects is refused.
      const last = (await net.store.getBlock(net.store.height!))!;
      const other = await devnet();
      try {
        for (let h = 1n; h < net.store.height!; h++) {
          const block = (await net.store.getBlock(h))!;
          const deployments = new Map<string, Uint8Array>();
          for (const tx of block.transactions) for (const hash of tx.resourceAttachmentHashes ?? []) deployments.set(toHex(hash), net.store.index.codeByHash(hash)!);
          await other.store.commit(await other.executor.execute(block, other.store.index, deployments));
        }
        const forged = { ...last, header: { ...last.header, stateRoot: new Uint8Array(32).fill(7) } };
        await expect(other.executor.execute(forged, other.store.index)).rejects.toMatchObject({ code: 'CHAIN_BAD_STATE_ROOT' });
      } finally {
        await other.close();
      }
    } finally {
      await replica.close();
    }
  });
});
