/**
 * The AssemblyScript templates end to end through the real engine (not a mock host): state
 * carried between calls the way blocks apply it, status codes, return data and events.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { addressToBase58, tryUtf8 } from '../../pkg/encoding.js';
import type { CallResult } from '../../pkg/engine.js';
import { createEngine } from '../../internal/core/engines/wasm/manager/container.js';
import type { WasmEngineManager } from '../../internal/core/engines/wasm/manager/engine-manager.js';
import { address } from '../helpers/context.js';
import { StatefulChain } from '../helpers/state-chain.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ALICE = address(0xa1);
const BOB = address(0xb0);

class Session {
  readonly chain = new StatefulChain();
  constructor(
    private readonly engine: WasmEngineManager,
    private readonly code: Uint8Array,
  ) {}

  async call(caller: Uint8Array, method: string, params: unknown = {}, apply = true): Promise<CallResult> {
    const r = await this.engine.call({
      code: this.code,
      method,
      payload: new TextEncoder().encode(JSON.stringify(params)),
      gasLimit: 50_000_000n,
      context: this.chain.context(caller),
    });
    if (r.error) throw new Error(`${method} trapped: ${r.error.message}`);
    if (apply && r.ok) this.chain.apply(r);
    return r;
  }
}

const text = (r: CallResult): string => tryUtf8(r.returnData) ?? '';
const eventTexts = (r: CallResult): string[] => r.events.map((e) => tryUtf8(e.data) ?? '');

let engine: WasmEngineManager;
const load = (name: string): Uint8Array => new Uint8Array(readFileSync(`${ROOT}/contracts/build/${name}.wasm`));

beforeAll(() => {
  execFileSync(process.execPath, ['contracts/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
  engine = createEngine();
});

describe('token template', () => {
  it('Initialize mints to the deployer; Transfer moves balance; BalanceOf and TotalSupply read it', async () => {
    const s = new Session(engine, load('token'));
    const init = await s.call(ALICE, 'Initialize', { name: 'Gold', symbol: 'GLD', supply: '1000' });
    expect(init.statusName).toBe('SUCCESS');
    expect(init.draft?.stateWrites.length).toBeGreaterThan(0);
    expect((await s.call(ALICE, 'Initialize', { supply: '5' })).statusName).toBe('ALREADY_EXISTS');

    const t = await s.call(ALICE, 'Transfer', { to: addressToBase58(BOB), amount: '250' });
    expect(t.statusName).toBe('SUCCESS');
    expect(eventTexts(t).join()).toMatch(/Transfer/);

    expect(text(await s.call(ALICE, 'BalanceOf', { address: addressToBase58(ALICE) }))).toContain('750');
    expect(text(await s.call(BOB, 'BalanceOf', { address: addressToBase58(BOB) }))).toContain('250');
    expect(text(await s.call(BOB, 'TotalSupply'))).toContain('1000');

    const over = await s.call(BOB, 'Transfer', { to: addressToBase58(ALICE), amount: '251' });
    expect(over.statusName).toBe('INSUFFICIENT_BALANCE');
    expect(over.draft).toBeUndefined();
    expect((await s.call(BOB, 'Mint', { to: addressToBase58(BOB), amount: '1' })).statusName).toBe('UNAUTHORIZED');
    expect((await s.call(ALICE, 'Mint', { to: addressToBase58(BOB), amount: '50' })).statusName).toBe('SUCCESS');
    expect(text(await s.call(BOB, 'TotalSupply'))).toContain('1050');
  });

  it('is deterministic: same calls, byte-identical drafts and identical gas', async () => {
    const run = async (): Promise<[string, bigint]> => {
      const s = new Session(createEngine(), load('token'));
      await s.call(ALICE, 'Initialize', { supply: '1000' });
      const r = await s.call(ALICE, 'Transfer', { to: addressToBase58(BOB), amount: '7' });
      return [Buffer.from(r.draft!.encode()).toString('hex'), r.gasUsed];
    };
    expect(await run()).toEqual(await run());
  });
});

describe('nft template', () => {
  it('Mint, OwnerOf, Transfer by the owner only; a second mint of an id fails ALREADY_EXISTS', async () => {
    const s = new Session(engine, load('nft'));
    expect((await s.call(ALICE, 'Mint', { id: 'n1', uri: 'ipfs://x' })).statusName).toBe('SUCCESS');
    expect((await s.call(BOB, 'Mint', { id: 'n1' })).statusName).toBe('ALREADY_EXISTS');
    expect(text(await s.call(BOB, 'OwnerOf', { id: 'n1' }))).toContain(addressToBase58(ALICE));
    expect((await s.call(BOB, 'Transfer', { id: 'n1', to: addressToBase58(BOB) })).statusName).toBe('UNAUTHORIZED');
    expect((await s.call(ALICE, 'Transfer', { id: 'n1', to: addressToBase58(BOB) })).statusName).toBe('SUCCESS');
    expect(text(await s.call(ALICE, 'OwnerOf', { id: 'n1' }))).toContain(addressToBase58(BOB));
    expect((await s.call(ALICE, 'OwnerOf', { id: 'nope' })).statusName).toBe('NOT_FOUND');
  });
});

describe('escrow template', () => {
  it('locks funds until a height; Release after it; Refund before it by the depositor only', async () => {
    const s = new Session(engine, load('escrow'));
    const h = s.chain.height;
    expect((await s.call(ALICE, 'Create', { id: 'e1', beneficiary: addressToBase58(BOB), amount: '100', unlockHeight: String(h + 5n) })).statusName).toBe('SUCCESS');
    expect((await s.call(BOB, 'Release', { id: 'e1' })).statusName).toBe('INVALID_STATE');
    expect((await s.call(BOB, 'Refund', { id: 'e1' })).statusName).toBe('UNAUTHORIZED');
    while (s.chain.height < h + 5n) s.chain.height++;
    expect((await s.call(ALICE, 'Refund', { id: 'e1' })).statusName).toBe('TIMEOUT');
    expect((await s.call(BOB, 'Release', { id: 'e1' })).statusName).toBe('SUCCESS');
    expect(text(await s.call(BOB, 'CreditOf', { address: addressToBase58(BOB) }))).toContain('100');

    expect((await s.call(ALICE, 'Create', { id: 'e2', beneficiary: addressToBase58(BOB), amount: '9', unlockHeight: String(s.chain.height + 50n) })).statusName).toBe('SUCCESS');
    expect((await s.call(ALICE, 'Refund', { id: 'e2' })).statusName).toBe('SUCCESS');
  });
});

describe('governance template', () => {
  it('one vote per address; Tally counts', async () => {
    const s = new Session(engine, load('governance'));
    expect((await s.call(ALICE, 'Propose', { id: 'p1', title: 'Raise the cap' })).statusName).toBe('SUCCESS');
    expect((await s.call(ALICE, 'Vote', { id: 'p1', support: true })).statusName).toBe('SUCCESS');
    expect((await s.call(ALICE, 'Vote', { id: 'p1', support: false })).statusName).toBe('ALREADY_EXISTS');
    expect((await s.call(BOB, 'Vote', { id: 'p1', support: false })).statusName).toBe('SUCCESS');
    const tally = JSON.parse(text(await s.call(BOB, 'Tally', { id: 'p1' }))) as Record<string, unknown>;
    expect(tally).toMatchObject({ yes: expect.anything(), no: expect.anything() });
    expect(String(tally['yes'])).toBe('1');
    expect(String(tally['no'])).toBe('1');
  });
});

describe('counter template', () => {
  it('state persists across calls', async () => {
    const s = new Session(engine, load('counter'));
    await s.call(ALICE, 'Increment');
    await s.call(BOB, 'Increment', { by: 4 });
    expect(text(await s.call(ALICE, 'Get'))).toContain('5');
    const hello = await s.call(ALICE, 'SayHello', { name: 'Ada' });
    expect(text(hello)).toContain('Ada');
    expect(text(await s.call(ALICE, 'GetGreetingCount'))).toContain('1');
  });
});
