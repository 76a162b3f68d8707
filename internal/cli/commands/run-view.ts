/** Plain-data views of a call result for `wes run` (text and --json): bytes as text/hex, amounts as strings. */
import { addressToBase58, toHex, tryUtf8 } from '../../../pkg/encoding.js';
import type { CallResult } from '../../../pkg/engine.js';
import { contractMessage } from '../../../pkg/call-failure.js';
import type { LockingCondition, TxOutput } from '../../../pkg/model.js';

export type View = string | number | boolean | null | View[] | { [k: string]: View };

/** UTF-8 text when the bytes are printable text, else hex. */
export function bytesView(b: Uint8Array): { text: string } | { hex: string } {
  const t = tryUtf8(b);
  // eslint-disable-next-line no-control-regex
  return t !== undefined && !/[\u0000-\u0008\u000e-\u001f]/.test(t) ? { text: t } : { hex: toHex(b) };
}

const addr = (a: Uint8Array): string => (a.length === 20 ? addressToBase58(a) : toHex(a));

function lockView(l: LockingCondition): View {
  switch (l.kind) {
    case 'singleKey':
      return { singleKey: addr(l.addressHash) };
    case 'contract':
      return { contract: addr(l.contract), ...(l.method ? { method: l.method } : {}) };
    case 'multiKey':
    case 'threshold':
      return { [l.kind]: l.publicKeys.map(toHex) };
    case 'delegation':
      return { delegation: addr(l.originalOwner) };
    case 'timeLock':
      return { timeLock: l.unlockTimestamp.toString(), base: lockView(l.base) };
    case 'heightLock':
      return { heightLock: l.unlockHeight.toString(), base: lockView(l.base) };
  }
}

export function outputView(o: TxOutput): View {
  const base = { owner: addr(o.owner), locks: o.locks.map(lockView) };
  const c = o.content;
  switch (c.type) {
    case 'asset':
      return c.asset.kind === 'native'
        ? { type: 'asset', asset: 'native', amount: c.asset.amount.toString(), ...base }
        : { type: 'asset', asset: 'token', contract: addr(c.asset.contract), classId: bytesView(c.asset.classId), amount: c.asset.amount.toString(), ...base };
    case 'state':
      return {
        type: 'state',
        stateId: bytesView(c.state.stateId),
        version: c.state.version.toString(),
        executionResultHash: toHex(c.state.executionResultHash),
        ...(c.state.value ? { value: bytesView(c.state.value) } : {}),
        ...base,
      };
    case 'resource':
      return { type: 'resource', contentHash: toHex(c.resource.contentHash), category: c.resource.category, ...base };
  }
}

export function resultView(r: CallResult): { [k: string]: View } {
  const d = r.draft;
  return {
    ok: r.ok,
    status: r.status ?? null,
    statusName: r.statusName,
    // The contract's own reason when it failed with one (SDK fail(status, message)).
    message: r.ok ? null : (r.error?.message ?? contractMessage(r.returnData) ?? null),
    gasUsed: r.gasUsed.toString(),
    returnData: bytesView(r.returnData),
    events: r.events.map((e) => ({ index: e.index, contract: addr(e.contract), data: bytesView(e.data) })),
    logs: [...r.logs],
    error: r.error ? { code: r.error.code, message: r.error.message } : null,
    draft:
      d === undefined
        ? null
        : {
            hash: toHex(d.hash()),
            inputs: d.inputs.map((i) => ({ txId: toHex(i.outPoint.txId), index: i.outPoint.index, referenceOnly: i.referenceOnly, ...(i.proof ? { proof: toHex(i.proof) } : {}) })),
            outputs: d.outputs.map(outputView),
            stateWrites: d.stateWrites.map((w) => ({ key: bytesView(w.key), value: w.value === undefined ? null : bytesView(w.value), version: w.version.toString() })),
          },
  };
}

const show = (v: View): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** Human-readable report, one fact per line. */
export function resultText(v: { [k: string]: View }): string[] {
  const lines = [`${show(v['method'] ?? '')} on ${show(v['contract'] ?? '')} by ${show(v['caller'] ?? '')}`, `status     ${show(v['status'] ?? null)} ${show(v['statusName'] ?? '')}${typeof v['message'] === 'string' ? `: ${v['message']}` : ''}`, `gas used   ${show(v['gasUsed'] ?? '')}`, `return     ${show(v['returnData'] ?? null)}`];
  const err = v['error'];
  if (err !== null && err !== undefined) lines.push(`error      ${show(err)}`);
  const list = (title: string, items: View | undefined): void => {
    const xs = Array.isArray(items) ? items : [];
    lines.push(`${title} (${xs.length})`);
    for (const x of xs) lines.push(`  ${show(x)}`);
  };
  list('events', v['events']);
  list('logs', v['logs']);
  const d = v['draft'];
  if (d === null || d === undefined || typeof d !== 'object' || Array.isArray(d)) {
    lines.push('draft      none (the call failed: its effects are discarded)');
  } else {
    lines.push(`draft      ${show(d['hash'] ?? '')}`);
    list('  outputs', d['outputs']);
    list('  inputs', d['inputs']);
    list('  state writes', d['stateWrites']);
  }
  return lines;
}
