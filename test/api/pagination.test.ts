/**
 * Every list reply is a bounded page with an opaque cursor: UTXOs of an address, a contract's
 * events, a contract's state entries and a transaction's events. Walking the pages yields every
 * item exactly once, in the listing's order; cursors are checked; limits are capped.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevnetNode } from '../../internal/node/devnet-node.js';
import { COMMANDS } from '../../internal/cli/commands/index.js';
import { Keystore } from '../../internal/cli/keystore.js';
import { PAGE_LIMITS, takePage } from '../../internal/node/page-cursor.js';
import { wat } from '../helpers/wat.js';

const dir = mkdtempSync(join(tmpdir(), 'wes-pages-'));
const keystore = join(dir, 'keystore.json');
const DUST = 250;
const EVENTS = 150;
let node: DevnetNode;
let bob: string;
let spammer = '';
let spamTx = '';

// One call writes EVENTS state keys ("k" + byte i) and emits EVENTS events of 1 KiB (first byte i).
const SPAM = `(module
  (import "env" "state_set" (func $set (param i32 i32 i32 i32) (result i32)))
  (import "env" "emit_event" (func $emit (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "k")
  (func (export "spam") (result i32) (local $i i32)
    (loop $l
      (i32.store8 (i32.const 1) (local.get $i))
      (drop (call $set (i32.const 0) (i32.const 2) (i32.const 0) (i32.const 2)))
      (i32.store8 (i32.const 100) (local.get $i))
      (drop (call $emit (i32.const 100) (i32.const 1024)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const ${EVENTS}))))
    (i32.const 0)))`;

async function wes(...args: string[]): Promise<string> {
  const [name, ...rest] = args;
  const out: string[] = [];
  const code = await COMMANDS.find((c) => c.name === name)!.run([...rest, '--json', '--node', node.url, '--keystore', keystore], { out: (t) => out.push(t), err: (t) => out.push(t) });
  expect(code, out.join('\n')).toBe(0);
  return out.join('\n');
}

async function get<T>(path: string): Promise<{ status: number; body: T & { error?: { code: string } } }> {
  const res = await fetch(`${node.url}${path}`);
  return { status: res.status, body: (await res.json()) as T & { error?: { code: string } } };
}

/** Follows `next` to the end; the pages' items in order. */
async function walk<T>(path: string, field: string, limit: number): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const r = await get<Record<string, unknown>>(`${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(r.status).toBe(200);
    const page = r.body[field] as T[];
    expect(page.length).toBeLessThanOrEqual(limit);
    items.push(...page);
    cursor = r.body['next'] as string | null;
    pages++;
  } while (cursor !== null && pages < 100);
  return { items, pages };
}

beforeAll(async () => {
  const ks = Keystore.open(keystore);
  ks.create('alice');
  bob = ks.create('bob').address;
  const dust = Array.from({ length: DUST }, (_, i) => ({ address: ks.get('bob').address, amount: BigInt(1000 + i) }));
  node = await DevnetNode.start({ dataDir: join(dir, 'data'), port: 0, blockIntervalMs: 50, genesis: [{ address: ks.get('alice').address, amount: 10n ** 14n }, ...dust] });
  const file = join(dir, 'spam.wasm');
  writeFileSync(file, await wat(SPAM));
  spammer = (JSON.parse(await wes('deploy', file, '--from', 'alice')) as { contract: string }).contract;
  spamTx = (JSON.parse(await wes('call', spammer, 'spam', '--from', 'alice', '--gas', '100000000', '--max-fee', '100000000')) as { txId: string }).txId;
});

afterAll(async () => {
  await node?.stop();
});

describe('paginated lists', () => {
  it('UTXOs: every output once, in outpoint order, limit per page', async () => {
    const { items, pages } = await walk<{ txId: string; index: number; output: { content: { asset: { amount: string } } } }>(`/v1/accounts/${bob}/utxos`, 'utxos', 100);
    expect(pages).toBe(3);
    expect(items).toHaveLength(DUST);
    const keys = items.map((u) => `${u.txId}:${String(u.index).padStart(8, '0')}`);
    expect(new Set(keys).size).toBe(DUST);
    expect([...keys].sort()).toEqual(keys);
    expect(items.map((u) => u.output.content.asset.amount).sort()).toEqual(Array.from({ length: DUST }, (_, i) => String(1000 + i)).sort());
    const first = await get<{ utxos: unknown[] }>(`/v1/accounts/${bob}/utxos`);
    expect(first.body.utxos).toHaveLength(PAGE_LIMITS.defaultItems);
  });

  it("a transaction's events: first page inline with eventsNext, the rest by cursor", async () => {
    const tx = await get<{ events: { data: string }[]; eventsNext: string | null; receipt: { eventCount: number } }>(`/v1/transactions/${spamTx}`);
    expect(tx.body.events).toHaveLength(PAGE_LIMITS.defaultItems);
    expect(tx.body.receipt.eventCount).toBe(EVENTS);
    expect(tx.body.eventsNext).not.toBeNull();
    const rest = await get<{ events: { data: string }[]; next: string | null }>(`/v1/transactions/${spamTx}/events?cursor=${tx.body.eventsNext}`);
    expect(rest.body.next).toBeNull();
    const all = [...tx.body.events, ...rest.body.events];
    expect(all.map((e) => parseInt(e.data.slice(0, 2), 16))).toEqual(Array.from({ length: EVENTS }, (_, i) => i));
    const walked = await walk<{ data: string }>(`/v1/transactions/${spamTx}/events`, 'events', 40);
    expect(walked.items.map((e) => e.data)).toEqual(all.map((e) => e.data));
  });

  it("a contract's events and state entries, page by page", async () => {
    const events = await walk<{ data: string }>(`/v1/contracts/${spammer}/events`, 'events', 60);
    expect(events.items.map((e) => parseInt(e.data.slice(0, 2), 16))).toEqual(Array.from({ length: EVENTS }, (_, i) => i));
    const state = await walk<{ key: string }>(`/v1/contracts/${spammer}/state`, 'entries', 64);
    expect(state.pages).toBe(3);
    expect(state.items.map((e) => e.key)).toEqual(Array.from({ length: EVENTS }, (_, i) => `6b${i.toString(16).padStart(2, '0')}`));
  });

  it('the CLI pages too: wes query utxos --limit/--cursor, wes query state <contract>, wes query tx --cursor', async () => {
    const first = JSON.parse(await wes('query', 'utxos', bob, '--limit', '100')) as { utxos: { txId: string; index: number }[]; next: string };
    const second = JSON.parse(await wes('query', 'utxos', bob, '--limit', '100', '--cursor', first.next)) as { utxos: { txId: string; index: number }[] };
    const direct = await get<{ utxos: { txId: string; index: number }[] }>(`/v1/accounts/${bob}/utxos?limit=100&cursor=${first.next}`);
    expect(second.utxos).toEqual(direct.body.utxos);
    expect(second.utxos[0]).not.toEqual(first.utxos[0]);
    const state = JSON.parse(await wes('query', 'state', spammer, '--limit', '5')) as { entries: unknown[]; next: string | null };
    expect(state.entries).toHaveLength(5);
    const tx = JSON.parse(await wes('query', 'tx', spamTx)) as { eventsNext: string };
    const more = JSON.parse(await wes('query', 'tx', spamTx, '--cursor', tx.eventsNext)) as { events: unknown[]; next: string | null };
    expect(more.events).toHaveLength(EVENTS - PAGE_LIMITS.defaultItems);
  });

  it('cursors are checked: another listing\'s cursor, garbage and a limit above the cap are 400', async () => {
    const utxoPage = await get<{ next: string }>(`/v1/accounts/${bob}/utxos?limit=1`);
    const wrongKind = await get<unknown>(`/v1/contracts/${spammer}/events?cursor=${utxoPage.body.next}`);
    expect(wrongKind.status).toBe(400);
    expect(wrongKind.body.error?.code).toBe('INPUT_BAD_CURSOR');
    const garbage = await get<unknown>(`/v1/accounts/${bob}/utxos?cursor=AAAA`);
    expect(garbage.body.error?.code).toBe('INPUT_BAD_CURSOR');
    expect((await get<unknown>(`/v1/accounts/${bob}/utxos?limit=1001`)).status).toBe(400);
    expect((await get<unknown>(`/v1/accounts/${bob}/utxos?limit=0`)).status).toBe(400);
  });
});

describe('page byte bound', () => {
  it('stops before the byte budget, always serving at least one item, and says more remain', () => {
    const big = PAGE_LIMITS.maxBytes / 4 + 1;
    const items = Array.from({ length: 10 }, () => big);
    const { page, more } = takePage(items, 100, (n) => n);
    expect(page).toHaveLength(3);
    expect(more).toBe(true);
    const huge = takePage([PAGE_LIMITS.maxBytes * 2, 1], 100, (n) => n);
    expect(huge.page).toHaveLength(1);
    expect(huge.more).toBe(true);
    expect(takePage([1, 2, 3], 3, (n) => n)).toEqual({ page: [1, 2, 3], more: false });
  });
});
