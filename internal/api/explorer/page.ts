/**
 * The block explorer served at `/`: one static page and one script over the public JSON API
 * (nothing it shows is computed anywhere else). Everything a stranger controls — event data,
 * call parameters, token classes, state values — is put in the page as text nodes, never as
 * markup, and the Content-Security-Policy allows only this origin's script.
 */
export const EXPLORER_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>wes explorer</title>
<link rel="stylesheet" href="/explorer.css">
</head>
<body>
<header>
  <a href="#/" class="brand">wes explorer</a>
  <form id="search"><input id="q" name="q" placeholder="height, block or tx hash, address" autocomplete="off"><button>Go</button></form>
</header>
<main id="main"><p>Loading…</p></main>
<script src="/explorer.js"></script>
</body>
</html>
`;

export const EXPLORER_CSS = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1d2330; background: #f6f7f9; }
header { display: flex; gap: 1rem; align-items: center; padding: .6rem 1rem; background: #1d2330; }
header .brand { color: #fff; font-weight: 600; text-decoration: none; }
header form { display: flex; flex: 1; gap: .4rem; max-width: 40rem; }
header input { flex: 1; padding: .3rem .5rem; border: 0; border-radius: 3px; }
main { padding: 1rem; max-width: 72rem; }
h1 { font-size: 1.25rem; margin: .2rem 0 .8rem; } h2 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
table { border-collapse: collapse; width: 100%; background: #fff; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #e3e6eb; vertical-align: top; }
th { font-weight: 600; width: 12rem; color: #4a5468; }
.mono { font-family: ui-monospace, monospace; font-size: 12.5px; word-break: break-all; }
.error { color: #a11; } .ok { color: #176a2c; } .muted { color: #6b7385; }
pre { background: #fff; padding: .5rem; border: 1px solid #e3e6eb; white-space: pre-wrap; word-break: break-all; margin: 0; }
`;

/** The client script (plain ES2020, no dependencies). */
export const EXPLORER_JS = String.raw`'use strict';
const main = document.getElementById('main');
const api = async (path) => {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  const body = await res.json().catch(() => ({}));
  return { status: res.status, body };
};
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else if (k === 'href') e.setAttribute('href', v); else e.setAttribute(k, v);
  }
  for (const k of kids.flat()) if (k !== undefined && k !== null) e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  return e;
}
const link = (href, text, cls) => el('a', { href, class: cls || 'mono' }, text);
const short = (h) => (h && h.length > 20 ? h.slice(0, 10) + '…' + h.slice(-8) : h);
const blockLink = (h) => link('#/block/' + encodeURIComponent(h), h);
const txLink = (id, full) => link('#/tx/' + id, full ? id : short(id));
const addrLink = (a) => link('#/address/' + a, a);
const contractLink = (a) => link('#/contract/' + a, a);
const when = (unix) => { const n = Number(unix); return n > 0 ? new Date(n * 1000).toISOString().replace('.000Z', 'Z') : String(unix); };
function hexText(hex) {
  if (typeof hex !== 'string' || !/^([0-9a-f]{2})*$/.test(hex)) return undefined;
  try {
    const bytes = new Uint8Array(hex.match(/../g)?.map((b) => parseInt(b, 16)) || []);
    const t = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return /^[\x20-\x7e\u00a0-\uffff\t\n\r]*$/.test(t) ? t : undefined;
  } catch { return undefined; }
}
const bytesCell = (hex) => { const t = hexText(hex); return t !== undefined && t !== '' ? el('span', {}, t, ' ', el('span', { class: 'muted mono' }, '(0x' + short(hex) + ')')) : el('span', { class: 'mono' }, hex === '' ? '(empty)' : hex); };
const wes = (base) => { const b = BigInt(base); return (b / 100000000n) + '.' + (b % 100000000n).toString().padStart(8, '0').replace(/0+$/, '').padEnd(1, '0') + ' WES'; };
function kv(rows) {
  return el('table', {}, rows.filter((r) => r).map(([k, v]) => el('tr', {}, el('th', {}, k), el('td', {}, v))));
}
function grid(head, rows) {
  return el('table', {}, el('tr', {}, head.map((h) => el('th', {}, h))), rows.map((r) => el('tr', {}, r.map((c) => el('td', {}, c)))));
}
function show(...nodes) { main.replaceChildren(...nodes); }
function failure(what, r) {
  const e = r.body && r.body.error;
  return show(el('h1', {}, what), el('p', { class: 'error' }, e ? e.message + ' [' + e.code + ']' : 'HTTP ' + r.status));
}

async function home() {
  const s = await api('/v1/status');
  if (s.status !== 200) return failure('Node status', s);
  const st = s.body;
  const tip = BigInt(st.height);
  const heights = [];
  for (let h = tip; h >= 0n && heights.length < 20; h--) heights.push(h);
  const blocks = await Promise.all(heights.map((h) => api('/v1/blocks/' + h)));
  const fee = st.feePolicy || {};
  show(
    el('h1', {}, 'Chain ' + st.chainId),
    kv([
      ['height', blockLink(st.height)],
      ['tip', el('span', { class: 'mono' }, st.tipHash)],
      ['tip time', when(st.tipTimestamp)],
      ['mempool', String(st.mempoolSize) + ' transactions waiting'],
      ['fee policy', Object.entries(fee).map(([k, v]) => k + ' ' + v).join(', ')],
      ['engine', st.engine ? st.engine.version + ', ABI ' + st.engine.abiVersion : ''],
    ]),
    el('h2', {}, 'Latest blocks'),
    grid(['height', 'hash', 'time', 'transactions'], blocks.filter((b) => b.status === 200).map((b) => [blockLink(b.body.height), link('#/block/' + b.body.hash, short(b.body.hash)), when(b.body.timestamp), String(b.body.txIds.length)])),
  );
}

async function block(id) {
  const r = await api('/v1/blocks/' + encodeURIComponent(id));
  if (r.status !== 200) return failure('Block ' + id, r);
  const b = r.body;
  show(
    el('h1', {}, 'Block ' + b.height),
    kv([
      ['hash', el('span', { class: 'mono' }, b.hash)],
      ['parent', BigInt(b.height) > 0n ? link('#/block/' + b.parentHash, b.parentHash) : el('span', { class: 'mono' }, b.parentHash)],
      ['time', when(b.timestamp)],
      ['merkle root', el('span', { class: 'mono' }, b.header.merkleRoot)],
      ['state root', el('span', { class: 'mono' }, b.header.stateRoot)],
    ]),
    el('h2', {}, b.txIds.length + ' transactions'),
    grid(['#', 'transaction'], b.txIds.map((id, i) => [String(i), txLink(id, true)])),
  );
}

function lockText(l) {
  if (l.kind === 'singleKey') return ['key of ', addrLink(l.addressHash)];
  if (l.kind === 'contract') return ['contract ', contractLink(l.contract)];
  return [JSON.stringify(l)];
}
function outputRow(o, i) {
  const c = o.content || {};
  let what;
  if (c.type === 'asset') {
    const a = c.asset;
    what = a.kind === 'native' ? wes(a.amount) : [a.amount + ' of token ', bytesCell(a.classId), ' by ', contractLink(a.contract)];
  } else if (c.type === 'state') what = ['state ', bytesCell(c.state.stateId), ' = ', bytesCell(c.state.value || ''), ' (v' + c.state.version + ')'];
  else what = c.type || JSON.stringify(c);
  return [String(i), addrLink(o.owner), el('span', {}, what), el('span', {}, (o.locks || []).map(lockText).flat())];
}

async function tx(id) {
  const r = await api('/v1/transactions/' + id);
  if (r.status !== 200) return failure('Transaction ' + short(id), r);
  const v = r.body;
  const t = v.tx;
  const call = t.contractCall;
  const rc = v.receipt;
  show(
    el('h1', {}, 'Transaction'),
    kv([
      ['id', el('span', { class: 'mono' }, v.txId)],
      ['block', [blockLink(v.height), ' position ' + v.txIndex]],
      rc ? ['status', el('span', { class: rc.status === 0 ? 'ok' : 'error' }, rc.status === 0 ? 'success' : 'status ' + rc.status)] : null,
      rc ? ['gas used', rc.gasUsed] : null,
      call ? ['call', [contractLink(call.contract), ' . ', el('b', {}, call.method)]] : null,
      call ? ['params', el('pre', {}, hexText(call.payload) ?? call.payload)] : null,
      call ? ['gas limit', call.gasLimit] : null,
      rc && rc.returnData ? ['return data', bytesCell(rc.returnData)] : null,
    ]),
    el('h2', {}, 'Inputs (' + t.inputs.length + ')'),
    grid(['#', 'spends', 'proof'], t.inputs.map((inp, i) => [String(i), [txLink(inp.outPoint.txId), ':' + inp.outPoint.index], inp.proof ? inp.proof.kind : (inp.referenceOnly ? 'read only' : 'none')])),
    el('h2', {}, 'Outputs (' + t.outputs.length + ')'),
    grid(['#', 'owner', 'holds', 'locked to'], t.outputs.map(outputRow)),
    el('h2', {}, 'Events (' + (rc && typeof rc.eventCount === 'number' && rc.eventCount > v.events.length ? 'first ' + v.events.length + ' of ' + rc.eventCount : v.events.length) + ')'),
    v.events.length ? grid(['#', 'contract', 'data'], v.events.map((e) => [String(e.index), contractLink(e.contract), el('pre', {}, e.text ?? e.data)])) : el('p', { class: 'muted' }, 'none'),
  );
}

async function address(a) {
  const [b, u] = await Promise.all([api('/v1/accounts/' + a + '/balance'), api('/v1/accounts/' + a + '/utxos')]);
  if (b.status !== 200) return failure('Address ' + a, b);
  const utxos = (u.body && u.body.utxos) || [];
  show(
    el('h1', {}, 'Address'),
    kv([
      ['address', el('span', { class: 'mono' }, a)],
      ['native balance', wes(b.body.native) + ' (' + b.body.native + ' base units)'],
      ['contract view', contractLink(a)],
    ]),
    el('h2', {}, 'Tokens (' + b.body.tokens.length + ')'),
    b.body.tokens.length ? grid(['contract', 'class', 'amount'], b.body.tokens.map((t) => [contractLink(t.contract), bytesCell(t.classId), t.amount])) : el('p', { class: 'muted' }, 'none'),
    el('h2', {}, 'Unspent outputs (' + utxos.length + (u.body && (u.body.next || u.body.cursor) ? '+' : '') + ')'),
    grid(['outpoint', 'height', 'holds'], utxos.map((x) => [[txLink(x.txId), ':' + x.index], blockLink(x.height), el('span', {}, outputRow(x.output, x.index)[2])])),
  );
}

async function contract(a, key) {
  const ev = await api('/v1/contracts/' + a + '/events');
  const events = (ev.body && ev.body.events) || [];
  const form = el('form', { id: 'state-form' }, el('input', { id: 'state-key', placeholder: 'state key (text)', value: key || '' }), el('button', {}, 'Read'));
  const out = el('div', {});
  form.addEventListener('submit', (e) => { e.preventDefault(); location.hash = '#/contract/' + a + '/' + encodeURIComponent(document.getElementById('state-key').value); });
  show(
    el('h1', {}, 'Contract'),
    kv([['address', el('span', { class: 'mono' }, a)], ['account view', addrLink(a)]]),
    el('h2', {}, 'State'), form, out,
    el('h2', {}, 'Events (' + events.length + ')'),
    events.length ? grid(['height', 'tx', '#', 'data'], events.map((e) => [blockLink(e.height), e.txId ? txLink(e.txId) : '', String(e.index), el('pre', {}, e.text ?? e.data)])) : el('p', { class: 'muted' }, ev.status === 200 ? 'none' : 'could not read events'),
  );
  if (key) {
    const s = await api('/v1/contracts/' + a + '/state/' + encodeURIComponent(key));
    out.replaceChildren(s.status !== 200 ? el('p', { class: 'error' }, (s.body.error && s.body.error.message) || 'HTTP ' + s.status)
      : kv([['key', key], ['found', String(s.body.found)], ['version', s.body.version], ['value', s.body.value === null ? '(none)' : bytesCell(s.body.value)]]));
  }
}

async function route() {
  const [, page, id, extra] = (location.hash || '#/').split('/').map((p) => decodeURIComponent(p));
  try {
    if (page === 'block' && id) return await block(id);
    if (page === 'tx' && id) return await tx(id);
    if (page === 'address' && id) return await address(id);
    if (page === 'contract' && id) return await contract(id, extra);
    return await home();
  } catch (e) {
    show(el('h1', {}, 'Error'), el('p', { class: 'error' }, String(e && e.message ? e.message : e)));
  }
}

document.getElementById('search').addEventListener('submit', async (e) => {
  e.preventDefault();
  const q = document.getElementById('q').value.trim();
  if (/^[0-9]+$/.test(q) || q === 'latest') location.hash = '#/block/' + q;
  else if (/^[0-9a-fA-F]{64}$/.test(q)) {
    const t = await api('/v1/transactions/' + q.toLowerCase());
    location.hash = (t.status === 200 ? '#/tx/' : '#/block/') + q.toLowerCase();
  } else location.hash = '#/address/' + q;
});
window.addEventListener('hashchange', route);
route();
`;
