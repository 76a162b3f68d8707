/**
 * Decode budgets for every top-level message read from bytes we did not write ourselves.
 *
 * Depth is the invariant that keeps the chain alive: whatever decodes must still encode once it
 * is wrapped by the messages that carry it. protobufjs encodes at most PROTOBUF_MAX_LEVELS nested
 * message levels (its recursionLimit 100 counts from 0). A transaction is wrapped by Block and
 * BlockBody; an output by the transaction; a lock by an output and the transaction; a standalone
 * UnlockingProof's members sit directly inside a TxInput. Each budget below is MAX_TX_DEPTH minus
 * its wrappers, so anything decoded here can be re-encoded inside a block with room to spare
 * (MAX_TX_DEPTH + 2 = 34 of 101 levels). A normal transaction uses 6-7 levels; 32 still allows a
 * lock wrapped in 14 time/height locks.
 */
import type { WireBounds } from '../proto/wire-bounds.js';

/** Nested message levels protobufjs will encode (Writer/encoder recursionLimit 100, counted from 0). */
export const PROTOBUF_MAX_LEVELS = 101;

/** Deepest transaction accepted, in message levels (the Transaction itself is level 1). */
export const MAX_TX_DEPTH = 32;

/** Block and BlockBody wrap every transaction. */
const BLOCK_WRAPPING = 2;

/** A transaction's structural budget: far above honest use, small enough that decoding is cheap. */
const TX_BOUNDS: WireBounds = { maxBytes: 1024 * 1024, maxDepth: MAX_TX_DEPTH, maxRepeated: 4_096, maxFields: 1 << 17 };

export const DECODE_BOUNDS = {
  transaction: TX_BOUNDS,
  /** TxOutput: inside a Transaction. */
  output: { ...TX_BOUNDS, maxDepth: MAX_TX_DEPTH - 1 },
  /** LockingCondition from a contract: inside a TxOutput inside a Transaction. */
  lock: { maxBytes: 64 * 1024, maxDepth: MAX_TX_DEPTH - 2, maxRepeated: 1_024, maxFields: 1 << 14 },
  /** UnlockingProof wrapper: its members are written into a TxInput, one level below the Transaction. */
  proof: { maxBytes: 64 * 1024, maxDepth: MAX_TX_DEPTH - 1, maxRepeated: 1_024, maxFields: 1 << 14 },
  /** Resource, Receipt and BlockHeader are not recursive; their budget bounds size only. */
  resource: { ...TX_BOUNDS, maxBytes: 64 * 1024 },
  receipt: { maxBytes: 64 * 1024 * 1024, maxDepth: MAX_TX_DEPTH, maxRepeated: 1 << 20, maxFields: 1 << 22 },
  header: { ...TX_BOUNDS, maxBytes: 64 * 1024 },
  /** Blocks come from our own store (later from consensus): generous sizes, the same depth rule. */
  block: { maxBytes: 256 * 1024 * 1024, maxDepth: MAX_TX_DEPTH + BLOCK_WRAPPING, maxRepeated: 1 << 20, maxFields: 1 << 26 },
} as const satisfies Record<string, WireBounds>;
