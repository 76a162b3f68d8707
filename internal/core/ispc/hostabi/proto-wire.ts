/**
 * The two protobuf shapes the host ABI exchanges with contracts: a TxOutput written by
 * utxo_lookup and one LockingCondition read by append_asset_output / append_resource_output.
 * Field numbers follow proto/pb/blockchain/core (WES numbering); encoding is deterministic
 * (field order, proto3 defaults omitted). TODO: switch to internal/core/tx/codec.ts
 * (encodeTxOutput and a lock decoder) once that codec is committed; this is the stop-gap.
 */
import type { LockingCondition, OutputContent, TxOutput } from '../../../../pkg/model.js';
import { HostErrorCode } from '../../../../pkg/types.js';
import { fail } from './host-result.js';

class ProtoWriter {
  private readonly parts: number[] = [];
  private varint(v: bigint): void {
    let x = BigInt.asUintN(64, v);
    while (x >= 0x80n) {
      this.parts.push(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    this.parts.push(Number(x));
  }
  uint(field: number, v: bigint | number): this {
    if (BigInt(v) === 0n) return this;
    this.varint(BigInt(field << 3));
    this.varint(BigInt(v));
    return this;
  }
  bytes(field: number, b: Uint8Array | undefined, keepEmpty = false): this {
    if (b === undefined || (b.length === 0 && !keepEmpty)) return this;
    this.varint(BigInt((field << 3) | 2));
    this.varint(BigInt(b.length));
    for (const x of b) this.parts.push(x);
    return this;
  }
  str(field: number, s: string | undefined): this {
    return s === undefined ? this : this.bytes(field, new TextEncoder().encode(s));
  }
  /** Embedded message: always written when present (an empty message still selects a oneof). */
  msg(field: number, m: ProtoWriter | undefined): this {
    return m === undefined ? this : this.bytes(field, m.finish(), true);
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

function lockMessage(l: LockingCondition): ProtoWriter {
  const w = new ProtoWriter();
  switch (l.kind) {
    case 'singleKey':
      return new ProtoWriter().msg(1, w.bytes(2, l.addressHash));
    case 'multiKey':
      w.uint(1, l.required);
      for (const k of l.publicKeys) w.msg(2, new ProtoWriter().bytes(1, k));
      return new ProtoWriter().msg(2, w);
    case 'contract':
      return new ProtoWriter().msg(3, w.bytes(1, l.contract).str(2, l.method));
    case 'delegation':
      w.bytes(1, l.originalOwner);
      for (const d of l.delegates) w.bytes(2, d, true);
      return new ProtoWriter().msg(4, w.uint(5, l.maxValuePerOperation ?? 0n));
    case 'threshold':
      w.uint(1, l.threshold).uint(2, l.publicKeys.length);
      for (const k of l.publicKeys) w.bytes(3, k, true);
      return new ProtoWriter().msg(5, w);
    case 'timeLock':
      return new ProtoWriter().msg(6, w.uint(1, l.unlockTimestamp).msg(2, lockMessage(l.base)));
    case 'heightLock':
      return new ProtoWriter().msg(7, w.uint(1, l.unlockHeight).msg(2, lockMessage(l.base)));
  }
}

function contentMessage(c: OutputContent): [number, ProtoWriter] {
  switch (c.type) {
    case 'asset': {
      const a = c.asset;
      const inner =
        a.kind === 'native'
          ? new ProtoWriter().msg(1, new ProtoWriter().str(1, a.amount.toString()))
          : new ProtoWriter().msg(2, new ProtoWriter().bytes(1, a.contract).str(2, a.amount.toString()).bytes(10, a.classId, true));
      return [10, inner];
    }
    case 'state': {
      const s = c.state;
      const zk = new ProtoWriter();
      for (const p of s.publicInputs) zk.bytes(2, p, true);
      const w = new ProtoWriter().bytes(1, s.stateId).uint(2, s.version).msg(3, zk).bytes(10, s.executionResultHash);
      return [12, w.bytes(20, s.parentStateHash).bytes(60, s.value, true)];
    }
    case 'resource': {
      const r = c.resource;
      const res = new ProtoWriter()
        .uint(1, r.category === 'executable' ? 1 : 2)
        .uint(2, r.executableType === 'contract' ? 1 : r.executableType === 'aimodel' ? 2 : 0)
        .bytes(3, r.contentHash)
        .str(4, r.mimeType || undefined)
        .uint(5, r.size ?? 0n);
      return [13, new ProtoWriter().msg(1, res).uint(10, r.creationTimestamp ?? 0n)];
    }
  }
}

export function encodeTxOutputProto(o: TxOutput): Uint8Array {
  const w = new ProtoWriter().bytes(1, o.owner);
  for (const l of o.locks) w.msg(2, lockMessage(l));
  const [field, content] = contentMessage(o.content);
  return w.msg(field, content).finish();
}

// ---- decoding one LockingCondition ----

type Field = { readonly no: number; readonly varint?: bigint; readonly bytes?: Uint8Array };

function bad(msg: string): never {
  return fail(HostErrorCode.Encoding, `LockingCondition protobuf: ${msg}`);
}

function fields(buf: Uint8Array): Field[] {
  const out: Field[] = [];
  let i = 0;
  const varint = (): bigint => {
    let v = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (i >= buf.length) bad('truncated varint');
      const x = buf[i++] as number;
      v |= BigInt(x & 0x7f) << shift;
      if ((x & 0x80) === 0) return BigInt.asUintN(64, v);
    }
    return bad('varint too long');
  };
  while (i < buf.length) {
    const tag = Number(varint());
    const no = tag >>> 3;
    const wt = tag & 7;
    if (wt === 0) out.push({ no, varint: varint() });
    else if (wt === 2) {
      const len = Number(varint());
      if (i + len > buf.length) bad('truncated field');
      out.push({ no, bytes: buf.slice(i, i + len) });
      i += len;
    } else if (wt === 1 || wt === 5) i += wt === 1 ? 8 : 4;
    else bad(`unsupported wire type ${wt}`);
  }
  return out;
}

const get = (fs: Field[], no: number): Field | undefined => fs.find((f) => f.no === no);
const bytesOf = (fs: Field[], no: number): Uint8Array => get(fs, no)?.bytes ?? new Uint8Array(0);
const uintOf = (fs: Field[], no: number): bigint => get(fs, no)?.varint ?? 0n;
const allBytes = (fs: Field[], no: number): Uint8Array[] => fs.filter((f) => f.no === no).map((f) => f.bytes ?? new Uint8Array(0));

export function decodeLockProto(buf: Uint8Array, depth = 0): LockingCondition {
  if (depth > 8) bad('nested too deeply');
  const top = fields(buf);
  const which = top.find((f) => f.no >= 1 && f.no <= 7 && f.bytes !== undefined);
  if (which === undefined || top.length !== 1) bad('expected exactly one condition');
  const fs = fields(which.bytes as Uint8Array);
  switch (which.no) {
    case 1: {
      const hash = bytesOf(fs, 2);
      if (hash.length !== 20) bad('single_key_lock needs a 20-byte required_address_hash');
      return { kind: 'singleKey', addressHash: hash };
    }
    case 2:
      return { kind: 'multiKey', required: Number(uintOf(fs, 1)), publicKeys: allBytes(fs, 2).map((k) => bytesOf(fields(k), 1)) };
    case 3: {
      const method = new TextDecoder().decode(bytesOf(fs, 2));
      return { kind: 'contract', contract: bytesOf(fs, 1), ...(method ? { method } : {}) };
    }
    case 4:
      return { kind: 'delegation', originalOwner: bytesOf(fs, 1), delegates: allBytes(fs, 2), maxValuePerOperation: uintOf(fs, 5) };
    case 5:
      return { kind: 'threshold', threshold: Number(uintOf(fs, 1)), publicKeys: allBytes(fs, 3) };
    case 6:
      return { kind: 'timeLock', unlockTimestamp: uintOf(fs, 1), base: decodeLockProto(bytesOf(fs, 2), depth + 1) };
    default:
      return { kind: 'heightLock', unlockHeight: uintOf(fs, 1), base: decodeLockProto(bytesOf(fs, 2), depth + 1) };
  }
}
