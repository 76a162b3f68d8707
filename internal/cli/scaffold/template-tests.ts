/** The first test a scaffolded project gets, per template: a few calls through @wes-engine/testing. */

export const TEMPLATE_NAMES = ['counter', 'token', 'nft', 'escrow', 'governance', 'empty'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** The empty template's contract: one method, to rename. */
export const EMPTY_CONTRACT = `// A contract: every exported () => u32 function is a method; return a Status code.
import { Params, Status, fail, returnString } from "@wes-engine/sdk";

/** Hello {name?}: returns "Hello, <name>!". */
export function Hello(): u32 {
  const p = Params.load();
  const name = p.optionalString("name", "World", 64);
  if (!p.ok) return fail(Status.INVALID_PARAMS, "name must be a string of at most 64 bytes");
  return returnString("Hello, " + name + "!") ? Status.SUCCESS : Status.EXECUTION_FAILED;
}
`;

const BODIES: Record<TemplateName, string> = {
  empty: `  it('Hello greets by name', async () => {
    const r = await contract.call('Hello', { name: 'Ada' });
    expect(r.status).toBe('SUCCESS');
    expect(r.returned).toBe('Hello, Ada!');
  });`,
  counter: `  it('Increment keeps its count between calls', async () => {
    await contract.call('Increment', { by: '2' });
    const r = await contract.call('Increment');
    expect(r.returned).toBe('3');
    expect(contract.state('count')).toBe('3');
    expect(r.events[0]?.json).toEqual({ name: 'Incremented', data: { value: '3' } });
  });

  it('Increment by 0 is refused and changes nothing', async () => {
    expect((await contract.call('Increment', { by: '0' })).status).toBe('INVALID_PARAMS');
    expect((await contract.view('Get')).returned).toBe('0');
  });`,
  token: `  it('Initialize mints to the caller; Transfer moves balance', async () => {
    const alice = chain.account('alice');
    const bob = chain.account('bob');
    expect((await contract.call('Initialize', { name: 'Gold', symbol: 'GLD', supply: '1000' }, { from: alice })).status).toBe('SUCCESS');
    expect((await contract.call('Transfer', { to: bob, amount: '250' }, { from: alice })).status).toBe('SUCCESS');
    expect((await contract.view('BalanceOf', { address: bob })).returned).toBe('250');
    expect((await contract.call('Mint', { to: bob, amount: '1' }, { from: bob })).status).toBe('UNAUTHORIZED');
  });`,
  nft: `  it('Mint then Transfer: only the owner moves a token', async () => {
    const alice = chain.account('alice');
    const bob = chain.account('bob');
    expect((await contract.call('Mint', { id: 'n1', uri: 'ipfs://x' }, { from: alice })).status).toBe('SUCCESS');
    expect((await contract.call('Transfer', { id: 'n1', to: alice }, { from: bob })).status).toBe('UNAUTHORIZED');
    expect((await contract.call('Transfer', { id: 'n1', to: bob }, { from: alice })).status).toBe('SUCCESS');
    expect((await contract.view('OwnerOf', { id: 'n1' })).returned).toBe(bob);
  });`,
  escrow: `  it('Release works only once the unlock height is reached', async () => {
    const alice = chain.account('alice');
    const bob = chain.account('bob');
    expect((await contract.call('Create', { id: 'e1', beneficiary: bob, amount: '10', unlockHeight: '20' }, { from: alice })).status).toBe('SUCCESS');
    expect((await contract.call('Release', { id: 'e1' }, { from: bob })).status).toBe('INVALID_STATE');
    chain.advanceBlocks(20);
    expect((await contract.call('Release', { id: 'e1' }, { from: bob })).status).toBe('SUCCESS');
  });`,
  governance: `  it('one vote per address, counted in the tally', async () => {
    const alice = chain.account('alice');
    const bob = chain.account('bob');
    expect((await contract.call('Propose', { id: 'p1', title: 'Ship it' }, { from: alice })).status).toBe('SUCCESS');
    expect((await contract.call('Vote', { id: 'p1', support: true }, { from: bob })).status).toBe('SUCCESS');
    expect((await contract.call('Vote', { id: 'p1', support: false }, { from: bob })).status).toBe('ALREADY_EXISTS');
    expect(JSON.parse((await contract.view('Tally', { id: 'p1' })).returned)).toEqual({ yes: 1, no: 0 });
  });`,
};

export function templateTest(template: TemplateName): string {
  return `// Runs the contract in an in-process chain (@wes-engine/testing). \`npm test\` builds first.
import { beforeEach, describe, expect, it } from 'vitest';
import { TestChain, type DeployedContract } from '@wes-engine/testing';

let chain: TestChain;
let contract: DeployedContract;

beforeEach(async () => {
  chain = new TestChain();
  contract = await chain.deploy('build/contract.wasm');
});

describe('contract', () => {
${BODIES[template]}
});
`;
}
