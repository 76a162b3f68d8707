/**
 * The block explorer at `/`, driven in headless Chromium (Debian's `chromium`, installed by
 * `make test`; CHROMIUM_PATH overrides) against a devnet with a deployed contract, calls and a
 * transfer: each page shows what the API holds, and text a stranger controls (call params,
 * state values) stays text. Screenshots go to test-artifacts/.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DevnetNode } from '../../internal/node/devnet-node.js';
import { COMMANDS } from '../../internal/cli/commands/index.js';
import { Keystore } from '../../internal/cli/keystore.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ARTIFACTS = join(ROOT, 'test-artifacts');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const HOSTILE = '<img src=x onerror="document.title=\'pwned\'">';

const dir = mkdtempSync(join(tmpdir(), 'wes-explorer-'));
const keystore = join(dir, 'keystore.json');
let node: DevnetNode;
let browser: Browser;
let page: Page;
let contract = '';
let callTx = '';
let bob = '';

async function wesJson<T>(...args: string[]): Promise<T> {
  const [name, ...rest] = args;
  const out: string[] = [];
  const err: string[] = [];
  const code = await COMMANDS.find((c) => c.name === name)!.run([...rest, '--node', node.url, '--keystore', keystore, '--json'], { out: (t) => out.push(t), err: (t) => err.push(t) });
  expect(code, err.join('\n')).toBe(0);
  return JSON.parse(out.join('\n')) as T;
}

async function open(hash: string, waitFor: string): Promise<string> {
  await page.goto(`${node.url}/${hash}`);
  await page.waitForSelector(`h1:has-text("${waitFor}")`, { timeout: 30_000 });
  return page.innerText('main');
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: \`make test\` installs Debian's chromium package (or set CHROMIUM_PATH)`);
  const ks = Keystore.open(keystore);
  ks.create('alice');
  bob = ks.create('bob').address;
  node = await DevnetNode.start({ dataDir: join(dir, 'data'), port: 0, blockIntervalMs: 50, genesis: [{ address: ks.get('alice').address, amount: 10n ** 14n }] });
  contract = (await wesJson<{ contract: string }>('deploy', join(ROOT, 'contracts/build/counter.wasm'), '--from', 'alice')).contract;
  await wesJson('call', contract, 'Increment', '--params', '{"by":"7"}', '--from', 'alice');
  callTx = (await wesJson<{ txId: string }>('call', contract, 'SayHello', '--params', JSON.stringify({ name: HOSTILE }), '--from', 'alice')).txId;
  await wesJson('send', bob, '250000000', '--from', 'alice');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await node?.stop();
});

describe('block explorer', () => {
  it('home: chain status and the latest blocks, newest first', async () => {
    const text = await open('#/', 'Chain wes-devnet');
    const status = await wesJson<{ height: string }>('query', 'status');
    expect(text).toContain(`height\t${status.height}`);
    const heights = await page.$$eval('table:nth-of-type(2) tr td:first-child', (tds) => tds.map((t) => t.textContent));
    expect(heights[0]).toBe(status.height);
    expect(heights[heights.length - 1]).toBe('0');
    await page.screenshot({ path: join(ARTIFACTS, 'explorer-home.png'), fullPage: true });
  });

  it('transaction: the decoded call and params as text, status, outputs and events', async () => {
    const text = await open(`#/tx/${callTx}`, 'Transaction');
    expect(text).toContain('SayHello');
    expect(text).toContain(HOSTILE); // shown literally …
    expect(await page.$$('main img')).toHaveLength(0); // … never as markup
    expect(await page.title()).toBe('wes explorer');
    expect(text).toMatch(/status\s+success/);
    expect(text).toContain('Hello, <img');
    await page.screenshot({ path: join(ARTIFACTS, 'explorer-tx.png'), fullPage: true });
  });

  it('address: native balance and unspent outputs', async () => {
    const text = await open(`#/address/${bob}`, 'Address');
    expect(text).toContain('2.5 WES (250000000 base units)');
    expect(text).toMatch(/Unspent outputs \(1\)/);
  });

  it('contract: events and a state value read by key', async () => {
    const text = await open(`#/contract/${contract}/count`, 'Contract');
    expect(text).toMatch(/Events \(1\)/); // Increment emits one; SayHello none
    expect(text).toContain('"value":"7"');
    await page.waitForSelector('text=found');
    const after = await page.innerText('main');
    expect(after).toMatch(/value\s+7/);
    await page.screenshot({ path: join(ARTIFACTS, 'explorer-contract.png'), fullPage: true });
  });

  it('search: a height opens the block, an unknown address shows a typed error', async () => {
    await open('#/', 'Chain');
    await page.fill('#q', '1');
    await page.press('#q', 'Enter');
    await page.waitForSelector('h1:has-text("Block 1")');
    expect(await page.innerText('main')).toMatch(/1 transactions/);
    const bad = await open('#/address/not-an-address', 'Address');
    expect(bad).toMatch(/\[INPUT_[A-Z_]+\]/);
  });

  it('serves the page with a strict content security policy and keeps it out of the OpenAPI document', async () => {
    const res = await fetch(`${node.url}/`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const doc = (await (await fetch(`${node.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).not.toContain('/');
  });
});
