/**
 * The storability verdict remembered per transaction object: it may only skip the check when
 * everything the store writes is decided by that very object, and a failure is never remembered.
 */
import { describe, expect, it } from 'vitest';
import type { LockingCondition, Transaction, TxOutput } from '../../../pkg/model.js';
import { DECODED_TX_FITS_IN_BLOCK, checkStorable, checkStorableFully, decidedByTx } from '../../../internal/core/chain/storable.js';
import { transactionId } from '../../../internal/core/tx/hashing.js';
import { decodeTransaction, encodeTransaction } from '../../../internal/core/wire/codec.js';
import type { VerifiedTx } from '../../../internal/core/tx/verifier.js';
import { simpleTx } from '../tx/fixtures.js';

function nestedLock(owner: Uint8Array, depth: number): LockingCondition {
  let lock: LockingCondition = { kind: 'singleKey', addressHash: owner };
  for (let i = 0; i < depth; i++) lock = { kind: 'timeLock', unlockTimestamp: 1n, base: lock };
  return lock;
}

function verified(tx: Transaction, outputs: readonly TxOutput[] = tx.outputs, extra: Partial<VerifiedTx> = {}): VerifiedTx {
  const txId = transactionId(tx);
  return {
    tx, txId, size: encodeTransaction(tx).length, fee: 0n, spent: [],
    created: outputs.map((output, index) => ({ outPoint: { txId, index }, output, blockHeight: 7n })),
    stateWrites: [], deployments: [], receipt: undefined, ...extra,
  };
}

function storable(tx: Transaction): boolean {
  try {
    checkStorable(verified(tx));
    return true;
  } catch {
    return false;
  }
}

const owner = new Uint8Array(20).fill(3);
const deepOutput = (depth: number): TxOutput => ({ owner, locks: [nestedLock(owner, depth)], content: { type: 'asset', asset: { kind: 'native', amount: 5n } } });

describe('storability verdict cache', () => {
  it('treats a transfer as decided by its transaction, and not when execution or other objects add records', () => {
    const tx = { ...simpleTx, nonce: 9001n };
    expect(decidedByTx(verified(tx))).toBe(true);
    expect(decidedByTx(verified(tx, tx.outputs.map((o) => ({ ...o }))))).toBe(false); // equal, not the same objects
    expect(decidedByTx(verified(tx, tx.outputs, { receipt: { txId: transactionId(tx), ok: true, gasUsed: 1n, returnData: new Uint8Array(0), events: [] } as unknown as VerifiedTx['receipt'] }))).toBe(false);
    expect(decidedByTx(verified(tx, tx.outputs, { stateWrites: [{ contract: owner, write: { key: new Uint8Array(1), value: new Uint8Array(1) } as never }] }))).toBe(false);
  });

  it('still checks the records that do not come from the transaction object after it passed once', () => {
    const tx = { ...simpleTx, nonce: 9002n };
    checkStorable(verified(tx)); // passes, remembered for this object
    checkStorable(verified(tx)); // and again, now from memory
    // The same transaction object, but a created record it does not carry and the store cannot take.
    expect(() => checkStorable(verified(tx, [deepOutput(200)]))).toThrow(expect.objectContaining({ code: 'TX_NOT_STORABLE' }));
  });

  it('never remembers a failure: an unstorable transaction is refused at every check', () => {
    // The shallowest nesting that still encodes alone but not inside a block.
    const txOf = (depth: number): Transaction => ({ ...simpleTx, nonce: 9003n, outputs: [deepOutput(depth)] });
    let depth = 30;
    while (storable(txOf(depth))) depth++;
    const tx = txOf(depth);
    expect(() => encodeTransaction(tx)).not.toThrow();
    for (let i = 0; i < 3; i++) expect(() => checkStorable(verified(tx))).toThrow(expect.objectContaining({ code: 'TX_NOT_STORABLE' }));
  });

  it('gives the deepest decodable transactions the same verdict by nesting depth as the whole probe block does', () => {
    const txOf = (depth: number): Transaction => ({ ...simpleTx, nonce: 9100n + BigInt(depth), outputs: [deepOutput(depth)] });
    const decodes = (depth: number): boolean => {
      try {
        decodeTransaction(encodeTransaction(txOf(depth)));
        return true;
      } catch {
        return false;
      }
    };
    expect(DECODED_TX_FITS_IN_BLOCK).toBe(true); // today's decode budgets: decoded transfers skip the probe
    let deepest = 1;
    while (decodes(deepest + 1)) deepest++;
    expect(deepest).toBeGreaterThan(5);
    for (let depth = deepest - 2; depth <= deepest; depth++) {
      const decoded = decodeTransaction(encodeTransaction(txOf(depth)));
      const verdict = (check: () => void): string => { try { check(); return 'ok'; } catch (e) { return (e as { code: string }).code; } };
      const full = verdict(() => checkStorableFully(verified(decoded)));
      expect({ depth, fast: verdict(() => checkStorable(verified(decoded))) }).toEqual({ depth, fast: full });
      expect(full).toBe('ok'); // decode bounds leave room for the block's wrapping
    }
  });

  it('checks a decoded call\'s effects on their own: a receipt output the UTXO table could not read back is refused', () => {
    const decoded = decodeTransaction(encodeTransaction({ ...simpleTx, nonce: 9200n }));
    const txId = transactionId(decoded);
    // An effect output within the receipt's budget but over an output record's (4,096 repeated locks).
    const wide: TxOutput = { owner, locks: Array.from({ length: 5_000 }, () => ({ kind: 'singleKey', addressHash: owner }) as const), content: { type: 'asset', asset: { kind: 'native', amount: 5n } } };
    const withEffect = (output: TxOutput): VerifiedTx => verified(decoded, decoded.outputs, {
      created: [...decoded.outputs.map((o, index) => ({ outPoint: { txId, index }, output: o, blockHeight: 7n })), { outPoint: { txId, index: decoded.outputs.length }, output, blockHeight: 7n }],
      receipt: { txId, status: 0, gasUsed: 1n, returnData: new Uint8Array(0), events: [], outputs: [output] },
    });
    const code = (v: VerifiedTx, check: (v: VerifiedTx) => void): string => { try { check(v); return 'ok'; } catch (e) { return (e as { code: string }).code; } };
    expect(code(withEffect(deepOutput(1)), checkStorable)).toBe('ok');
    expect(code(withEffect(wide), checkStorable)).toBe('TX_NOT_STORABLE');
    expect(code(withEffect(wide), (v) => checkStorable(v, 'admission'))).toBe('TX_NOT_STORABLE');
    expect(code(withEffect(deepOutput(1)), (v) => checkStorable(v, 'admission'))).toBe('ok');
    expect(code(withEffect(wide), checkStorableFully)).toBe('TX_NOT_STORABLE');
  });
});
