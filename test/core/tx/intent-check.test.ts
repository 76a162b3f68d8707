/**
 * The client's intent check on hand-built transactions: what it signs, what it computes, and
 * each way a node could slip something past it.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import type { SigningLimits, TxIntent } from '../../../pkg/client-intent.js';
import { MAX_FEE_ABSOLUTE_CAP, MAX_FEE_DEFAULT_FLOOR } from '../../../pkg/client-intent.js';
import { outPointKey, utf8Encode } from '../../../pkg/encoding.js';
import type { Transaction, TxInput, TxOutput } from '../../../pkg/model.js';
import { transactionId } from '../../../internal/core/tx/hashing.js';
import { checkAgainstIntent, defaultMaxFee, feePolicyFromStatus, MAX_CHECKED_INPUTS, verifiedPreviousOutputs } from '../../../internal/core/tx/intent-check.js';
import { encodeReceipt, encodeTransaction } from '../../../internal/core/wire/codec.js';
import { address } from '../../helpers/context.js';

const me = address(1);
const bob = address(2);
const contract = address(3);
const limits: SigningLimits = { signer: me, maxFee: 10_000n };

const coin = (owner: Uint8Array, amount: bigint, lockTo = owner): TxOutput => ({
  owner, locks: [{ kind: 'singleKey', addressHash: lockTo }], content: { type: 'asset', asset: { kind: 'native', amount } },
});
const tokens = (owner: Uint8Array, amount: bigint): TxOutput => ({
  owner, locks: [{ kind: 'singleKey', addressHash: owner }], content: { type: 'asset', asset: { kind: 'token', contract, classId: utf8Encode('GLD'), amount } },
});
const held = (amount: bigint): TxOutput => ({ owner: contract, locks: [{ kind: 'contract', contract }], content: { type: 'asset', asset: { kind: 'native', amount } } });

/** A previous transaction holding `outs`; inputs spending them by index. */
function funding(outs: TxOutput[]): { prevTx: Transaction; input: (i: number) => TxInput; prev: Map<string, TxOutput> } {
  const prevTx: Transaction = { version: 1, inputs: [], outputs: outs, nonce: 7n, creationTimestamp: 0n, chainId: utf8Encode('wes-devnet') };
  const txId = transactionId(prevTx);
  const prev = new Map(outs.map((o, index) => [outPointKey({ txId, index }), o]));
  return { prevTx, input: (index) => ({ outPoint: { txId, index }, referenceOnly: false }), prev };
}

function tx(inputs: readonly TxInput[], outputs: readonly TxOutput[], extra: Partial<Transaction> = {}): Transaction {
  return { version: 1, inputs, outputs, nonce: 0n, creationTimestamp: 0n, chainId: utf8Encode('wes-devnet'), ...extra };
}

const call = (payload = '{}'): Extract<TxIntent, { kind: 'call' }> => ({ kind: 'call', contract, method: 'Run', payload: utf8Encode(payload), gasLimit: 1000n });
const callField = (c: Extract<TxIntent, { kind: 'call' }>): Transaction['contractCall'] => ({ contract: c.contract, method: c.method, payload: c.payload, gasLimit: c.gasLimit });

describe('client intent check', () => {
  it('a transfer: signs only the user\'s inputs and computes the fee from verified amounts', () => {
    const f = funding([coin(me, 1_000n), coin(me, 500n)]);
    const v = checkAgainstIntent(tx([f.input(0), f.input(1)], [coin(bob, 1_200n), coin(me, 290n)]), { kind: 'transfer', to: bob, amount: 1_200n }, limits, f.prev);
    expect(v).toEqual({ signInputs: [0, 1], fee: 10n, userSpend: 1_210n });
  });

  it('a transfer to oneself is matched once and the rest is change', () => {
    const f = funding([coin(me, 1_000n)]);
    const v = checkAgainstIntent(tx([f.input(0)], [coin(me, 300n), coin(me, 690n)]), { kind: 'transfer', to: me, amount: 300n }, limits, f.prev);
    expect(v.fee).toBe(10n);
    // One merged output is not "300 to me": the payment must be its own output.
    expect(() => checkAgainstIntent(tx([f.input(0)], [coin(me, 990n)]), { kind: 'transfer', to: me, amount: 300n }, limits, f.prev)).toThrow(/pays exactly 300/);
  });

  it('a transfer needs the exact recipient output, not a split one', () => {
    const f = funding([coin(me, 1_000n)]);
    const t = tx([f.input(0)], [coin(bob, 100n), coin(bob, 100n), coin(me, 790n)]);
    expect(() => checkAgainstIntent(t, { kind: 'transfer', to: bob, amount: 200n }, limits, f.prev)).toThrow(/did not ask/);
  });

  it('a call signs its intent only: the user\'s inputs, change back to the user, the exact funds', () => {
    const f = funding([coin(me, 10_000n), held(400n)]);
    const c = call();
    const ok = tx([f.input(0)], [coin(me, 9_000n)], { contractCall: callField(c) });
    expect(checkAgainstIntent(ok, c, limits, f.prev)).toEqual({ signInputs: [0], fee: 1_000n, userSpend: 1_000n });
    // The contract's own coin is an effect computed at inclusion, never a signed input.
    const contractIn = tx([f.input(0), f.input(1)], [coin(bob, 400n), coin(me, 9_000n)], { contractCall: callField(c) });
    expect(() => checkAgainstIntent(contractIn, c, limits, f.prev)).toThrow(expect.objectContaining({ code: 'TX_FOREIGN_INPUT' }));
    // Any output that is not change to the user is refused: a call's outputs are its effects.
    const pays = tx([f.input(0)], [coin(contract, 500n), coin(me, 9_000n)], { contractCall: callField(c) });
    expect(() => checkAgainstIntent(pays, { ...c, maxSpend: 500n }, limits, f.prev)).toThrow(expect.objectContaining({ code: 'TX_NOT_AS_ASKED' }));
    // Attached funds: exactly what the user asked for, and not counted as fee.
    const withFunds = tx([f.input(0)], [coin(me, 9_000n)], { contractCall: { ...callField(c)!, funds: 600n } });
    expect(checkAgainstIntent(withFunds, { ...c, funds: 600n }, limits, f.prev)).toEqual({ signInputs: [0], fee: 400n, userSpend: 1_000n });
    expect(() => checkAgainstIntent(withFunds, c, limits, f.prev)).toThrow(/attaches 600 base units, you asked for 0/);
    expect(() => checkAgainstIntent(withFunds, { ...c, funds: 500n }, limits, f.prev)).toThrow(/attaches 600/);
  });

  it('a call may not take the user\'s tokens (token change back is fine)', () => {
    const f = funding([coin(me, 10_000n), tokens(me, 50n)]);
    const c = call();
    const keep = tx([f.input(0), f.input(1)], [tokens(me, 50n), coin(me, 9_000n)], { contractCall: callField(c) });
    expect(checkAgainstIntent(keep, c, limits, f.prev).signInputs).toEqual([0, 1]);
    const take = tx([f.input(0), f.input(1)], [tokens(bob, 50n), coin(me, 9_000n)], { contractCall: callField(c) });
    expect(() => checkAgainstIntent(take, c, limits, f.prev)).toThrow(/50 tokens/);
  });

  it('refuses to sign a non-coin output of the user, a foreign input, a duplicate input', () => {
    const resource: TxOutput = { owner: me, locks: [{ kind: 'singleKey', addressHash: me }], content: { type: 'resource', resource: { contentHash: sha256(utf8Encode('x')), category: 'executable' } } };
    const f = funding([coin(me, 10_000n), resource, coin(bob, 5n), held(7n)]);
    const send = { kind: 'transfer', to: bob, amount: 1n } as const;
    const withInputs = (ins: TxInput[]): Transaction => tx(ins, [coin(bob, 1n), coin(me, 9_000n)]);
    expect(() => checkAgainstIntent(withInputs([f.input(0), f.input(1)]), send, limits, f.prev)).toThrow(/your resource output, not coins/);
    expect(() => checkAgainstIntent(withInputs([f.input(0), f.input(2)]), send, limits, f.prev)).toThrow(expect.objectContaining({ code: 'TX_FOREIGN_INPUT' }));
    // A contract-held input is only acceptable in a call of that contract.
    expect(() => checkAgainstIntent(withInputs([f.input(0), f.input(3)]), send, limits, f.prev)).toThrow(expect.objectContaining({ code: 'TX_FOREIGN_INPUT' }));
    expect(() => checkAgainstIntent(withInputs([f.input(0), f.input(0)]), send, limits, f.prev)).toThrow(/twice/);
  });

  it('refuses header fields nobody asked for', () => {
    const f = funding([coin(me, 10_000n)]);
    const send = { kind: 'transfer', to: bob, amount: 1n } as const;
    const base = [f.input(0)];
    const outs = [coin(bob, 1n), coin(me, 9_000n)];
    expect(() => checkAgainstIntent(tx(base, outs, { fee: { kind: 'minimum', minimumAmount: 1n, feeToken: { kind: 'native' } } }), send, limits, f.prev)).toThrow(/explicit fee/);
    expect(() => checkAgainstIntent(tx(base, outs, { contractCall: callField(call()) }), send, limits, f.prev)).toThrow(/did not ask for/);
    expect(() => checkAgainstIntent(tx(base, outs, { resourceAttachmentHashes: [new Uint8Array(32)] }), send, limits, f.prev)).toThrow(/attachments/);
    expect(() => checkAgainstIntent(tx(base, outs), send, { ...limits, chainId: 'mainnet' }, f.prev)).toThrow(/another chain/);
    expect(() => checkAgainstIntent(tx(base, outs), send, { ...limits, chainId: 'wes-devnet' }, f.prev)).not.toThrow();
  });

  it('reads a call\'s effect outputs (index past its own outputs) from its receipt, bound to its id', async () => {
    const f = funding([coin(me, 10_000n)]);
    const prevId = transactionId(f.prevTx);
    const effect = coin(me, 777n);
    const t = tx([f.input(0), { outPoint: { txId: prevId, index: 1 }, referenceOnly: false }], [coin(me, 10_000n)]);
    const real = encodeTransaction(f.prevTx);
    const receipt = encodeReceipt({ txId: prevId, status: 0, gasUsed: 1n, returnData: new Uint8Array(0), events: [], outputs: [effect] });
    const got = await verifiedPreviousOutputs(t, async () => real, async () => receipt);
    expect(got.get(outPointKey({ txId: prevId, index: 1 }))).toEqual(effect);
    // Without a receipt source, or with another transaction's receipt, nothing is taken on trust.
    await expect(verifiedPreviousOutputs(t, async () => real)).rejects.toThrow(/has no output 1/);
    const other = encodeReceipt({ txId: new Uint8Array(32).fill(9), status: 0, gasUsed: 1n, returnData: new Uint8Array(0), events: [], outputs: [effect] });
    await expect(verifiedPreviousOutputs(t, async () => real, async () => other)).rejects.toThrow(/another transaction/);
  });

  it('accepts only previous transactions that hash to the outpoint', async () => {
    const f = funding([coin(me, 10_000n)]);
    const t = tx([f.input(0)], [coin(bob, 1n)]);
    const real = encodeTransaction(f.prevTx);
    expect((await verifiedPreviousOutputs(t, async () => real)).size).toBe(1);
    const lie = encodeTransaction({ ...f.prevTx, outputs: [coin(me, 2n)] });
    await expect(verifiedPreviousOutputs(t, async () => lie)).rejects.toThrow(expect.objectContaining({ code: 'TX_PREVOUT_UNVERIFIED' }));
    await expect(verifiedPreviousOutputs(t, async () => undefined)).rejects.toThrow(/does not show/);
    await expect(verifiedPreviousOutputs(t, async () => new Uint8Array([0xff, 0xff]))).rejects.toThrow(/does not decode/);
    const missing = tx([{ ...f.input(0), outPoint: { ...f.input(0).outPoint, index: 5 } }], []);
    await expect(verifiedPreviousOutputs(missing, async () => real)).rejects.toThrow(/has no output 5/);
    const many = tx(Array.from({ length: MAX_CHECKED_INPUTS + 1 }, (_, i) => ({ ...f.input(0), outPoint: { ...f.input(0).outPoint, index: i } })), []);
    let fetched = 0;
    await expect(verifiedPreviousOutputs(many, async () => (fetched++, real))).rejects.toThrow(/inputs/);
    expect(fetched).toBe(0);
  });

  it('the default maximum fee follows the policy and never exceeds the cap', () => {
    const t = tx([{ outPoint: { txId: new Uint8Array(32), index: 0 }, referenceOnly: false }], []);
    const modest = defaultMaxFee({ minimumFee: 1_000n, feePerByte: 10n }, t, 200, 0);
    expect(modest).toBe(10n * (1_000n + 10n * 310n));
    expect(defaultMaxFee({ minimumFee: 10n ** 15n, feePerByte: 10n }, t, 200, 0)).toBe(MAX_FEE_ABSOLUTE_CAP);
    expect(defaultMaxFee({ minimumFee: 0n, feePerByte: 0n }, t, 200, 0)).toBe(MAX_FEE_DEFAULT_FLOOR);
    const withGas = tx(t.inputs, [], { contractCall: { contract, method: 'm', payload: new Uint8Array(), gasLimit: 10_000_000n } });
    expect(defaultMaxFee({ minimumFee: 1_000n, feePerByte: 10n }, withGas, 200, 0)).toBe(modest + 10n * 10_000n);
  });

  it('reads the fee policy a node claims, taking its highest per-byte price', () => {
    expect(feePolicyFromStatus({ minimumFee: '1000', feePerByte: '10' })).toEqual({ minimumFee: 1000n, feePerByte: 10n });
    expect(feePolicyFromStatus({ minimumFee: '1000', feePerByte: '10', storagePricePerByte: '250', gasPerFeeUnit: 500 })).toEqual({ minimumFee: 1000n, feePerByte: 250n, gasPerFeeUnit: 500n });
    expect(feePolicyFromStatus({ minimumFee: '-5', feePerByte: 'lots' })).toEqual({ minimumFee: 0n, feePerByte: 0n });
    expect(feePolicyFromStatus(undefined)).toEqual({ minimumFee: 0n, feePerByte: 0n });
  });
});
