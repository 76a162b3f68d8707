/** Receipt and block <-> wire. */
import type { Block, BlockHeader, Receipt } from '../../../../pkg/model.js';
import type { WBlock, WBlockHeader, WReceipt } from './wire-types.js';
import { transactionFromWire, transactionToWire } from './transaction.js';
import { outputFromWire, outputToWire } from './outputs.js';
import { address, addressOf, bigintOf, bytesOf, hash32, hash32Of, missing, u32, u64 } from './wire.js';

export function receiptToWire(r: Receipt): WReceipt {
  return {
    txId: hash32(r.txId, 'receipt.txId'),
    status: u32(r.status, 'receipt.status'),
    gasUsed: u64(r.gasUsed, 'receipt.gasUsed'),
    returnData: r.returnData,
    events: r.events.map((e) => ({ contract: address(e.contract, 'event.contract'), data: e.data, index: u32(e.index, 'event.index') })),
    ...(r.errorCode !== undefined && { errorCode: r.errorCode }),
    ...(r.reason !== undefined && { reason: r.reason }),
    ...(r.spent !== undefined && r.spent.length > 0 && {
      spent: r.spent.map((o, i) => ({ txId: hash32(o.txId, `receipt.spent[${i}].txId`), outputIndex: u32(o.index, `receipt.spent[${i}].index`) })),
    }),
    ...(r.outputs !== undefined && r.outputs.length > 0 && { outputs: r.outputs.map(outputToWire) }),
  };
}

export function receiptFromWire(w: WReceipt): Receipt {
  return {
    txId: hash32Of(w.txId, 'receipt.txId'),
    status: w.status ?? 0,
    gasUsed: bigintOf(w.gasUsed),
    returnData: bytesOf(w.returnData),
    events: (w.events ?? []).map((e) => ({ contract: addressOf(e.contract, 'event.contract'), data: bytesOf(e.data), index: e.index ?? 0 })),
    ...(w.errorCode !== undefined && w.errorCode !== '' && { errorCode: w.errorCode }),
    ...(w.reason !== undefined && w.reason !== '' && { reason: w.reason }),
    ...(w.spent !== undefined && w.spent.length > 0 && {
      spent: w.spent.map((o, i) => ({ txId: hash32Of(o.txId, `receipt.spent[${i}].txId`), index: o.outputIndex ?? 0 })),
    }),
    ...(w.outputs !== undefined && w.outputs.length > 0 && { outputs: w.outputs.map(outputFromWire) }),
  };
}

export function headerToWire(h: BlockHeader): WBlockHeader {
  return {
    chainId: u64(h.chainId, 'header.chainId'),
    version: u64(h.version, 'header.version'),
    previousHash: hash32(h.previousHash, 'header.previousHash'),
    timestamp: u64(h.timestamp, 'header.timestamp'),
    height: u64(h.height, 'header.height'),
    merkleRoot: hash32(h.merkleRoot, 'header.merkleRoot'),
    ...(h.stateRoot !== undefined && { stateRoot: hash32(h.stateRoot, 'header.stateRoot') }),
    nonce: h.nonce,
    difficulty: u64(h.difficulty, 'header.difficulty'),
  };
}

export function headerFromWire(w: WBlockHeader): BlockHeader {
  return {
    chainId: bigintOf(w.chainId),
    version: bigintOf(w.version),
    previousHash: hash32Of(w.previousHash, 'header.previousHash'),
    timestamp: bigintOf(w.timestamp),
    height: bigintOf(w.height),
    merkleRoot: hash32Of(w.merkleRoot, 'header.merkleRoot'),
    ...(w.stateRoot !== undefined && { stateRoot: hash32Of(w.stateRoot, 'header.stateRoot') }),
    nonce: bytesOf(w.nonce),
    difficulty: bigintOf(w.difficulty),
  };
}

export function blockToWire(b: Block): WBlock {
  return { header: headerToWire(b.header), body: { transactions: b.transactions.map(transactionToWire) } };
}

export function blockFromWire(w: WBlock): Block {
  if (!w.header) throw missing('Block.header');
  return { header: headerFromWire(w.header), transactions: (w.body?.transactions ?? []).map(transactionFromWire) };
}
