/**
 * Deterministic byte encoding of a draft: a fixed field order, length-prefixed byte strings,
 * big-endian integers. Same effects -> same bytes on every machine.
 */
import type { DraftInput, TransactionDraft } from '../../../../pkg/draft.js';
import type { AssetContent, LockingCondition, OutputContent, TxOutput } from '../../../../pkg/model.js';

class CanonicalWriter {
  private parts: Uint8Array[] = [];
  private size = 0;
  private push(b: Uint8Array): this {
    this.parts.push(b);
    this.size += b.length;
    return this;
  }
  u8(v: number): this {
    return this.push(new Uint8Array([v & 0xff]));
  }
  u32(v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, false);
    return this.push(b);
  }
  u64(v: bigint): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), false);
    return this.push(b);
  }
  /** Amounts may exceed 64 bits in principle: encode as length-prefixed decimal. */
  amount(v: bigint): this {
    return this.str(v.toString());
  }
  bytes(b: Uint8Array): this {
    return this.u32(b.length).push(b);
  }
  str(s: string): this {
    return this.bytes(new TextEncoder().encode(s));
  }
  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

function writeLock(w: CanonicalWriter, l: LockingCondition): void {
  w.str(l.kind);
  switch (l.kind) {
    case 'singleKey':
      w.bytes(l.addressHash);
      break;
    case 'multiKey':
    case 'threshold':
      w.u32(l.kind === 'multiKey' ? l.required : l.threshold).u32(l.publicKeys.length);
      for (const k of l.publicKeys) w.bytes(k);
      break;
    case 'contract':
      w.bytes(l.contract).str(l.method ?? '');
      break;
    case 'delegation':
      w.bytes(l.originalOwner).u32(l.delegates.length);
      for (const d of l.delegates) w.bytes(d);
      w.amount(l.maxValuePerOperation ?? 0n);
      break;
    case 'timeLock':
      w.u64(l.unlockTimestamp);
      writeLock(w, l.base);
      break;
    case 'heightLock':
      w.u64(l.unlockHeight);
      writeLock(w, l.base);
      break;
  }
}

function writeAsset(w: CanonicalWriter, a: AssetContent): void {
  if (a.kind === 'native') {
    w.u8(0).amount(a.amount);
  } else {
    w.u8(1).bytes(a.contract).bytes(a.classId).amount(a.amount);
  }
}

function writeContent(w: CanonicalWriter, c: OutputContent): void {
  switch (c.type) {
    case 'asset':
      w.u8(0);
      writeAsset(w, c.asset);
      break;
    case 'state':
      w.u8(1).bytes(c.state.stateId).u64(c.state.version).bytes(c.state.executionResultHash).u32(c.state.publicInputs.length);
      for (const p of c.state.publicInputs) w.bytes(p);
      w.bytes(c.state.parentStateHash ?? new Uint8Array(0)).bytes(c.state.value ?? new Uint8Array(0));
      break;
    case 'resource':
      w.u8(2).bytes(c.resource.contentHash).str(c.resource.category).str(c.resource.executableType ?? '');
      w.str(c.resource.mimeType ?? '').u64(c.resource.size ?? 0n).u64(c.resource.creationTimestamp ?? 0n);
      break;
  }
}

function writeInputsOutputs(w: CanonicalWriter, inputs: readonly DraftInput[], outputs: readonly TxOutput[]): void {
  w.u32(inputs.length);
  for (const i of inputs) w.bytes(i.outPoint.txId).u32(i.outPoint.index).u8(i.referenceOnly ? 1 : 0).bytes(i.proof ?? new Uint8Array(0));
  w.u32(outputs.length);
  for (const o of outputs) {
    w.bytes(o.owner).u32(o.locks.length);
    for (const l of o.locks) writeLock(w, l);
    writeContent(w, o.content);
  }
}

/** The data of a TransactionDraft, without its methods: what the encoding covers. */
export type DraftFields = Omit<TransactionDraft, 'encode' | 'hash'>;

export function encodeDraft(d: DraftFields): Uint8Array {
  const w = new CanonicalWriter();
  w.str('wes-draft/1').bytes(d.contract).bytes(d.caller);
  writeInputsOutputs(w, d.inputs, d.outputs);
  w.u32(d.stateWrites.length);
  for (const s of d.stateWrites) {
    w.bytes(s.key).u8(s.value === undefined ? 0 : 1).bytes(s.value ?? new Uint8Array(0)).u64(s.version);
  }
  w.u32(d.events.length);
  for (const e of d.events) w.bytes(e.contract).u32(e.index).bytes(e.data);
  w.bytes(d.returnData);
  return w.finish();
}
