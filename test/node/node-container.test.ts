/**
 * The node's one composition root with its real alternative bindings: an in-memory store with
 * the devnet producer serves the same NodeService as LevelDB does (the devnet e2e tests cover
 * LevelDB); the CometBFT binding is covered in test/node/cometbft/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressToBase58, fromBase64 } from '../../pkg/encoding.js';
import { signUnsigned } from './sign-view.js';
import { WesNode } from '../../internal/node/wes-node.js';
import { NODE_TOKENS } from '../../internal/node/node-tokens.js';
import { ChainStore } from '../../internal/core/chain/chain-store.js';
import { testKey } from './abci/app-fixture.js';

describe('node composition root: in-memory store + devnet block source', () => {
  const alice = testKey('container/alice');
  const bob = testKey('container/bob');
  let node: WesNode;

  beforeAll(async () => {
    node = await WesNode.start(
      { chainId: 'wes-memory', store: { kind: 'memory' }, blocks: { kind: 'devnet', intervalMs: 60_000, genesis: [{ address: alice.address, amount: 10_000_000n }] }, clock: () => 1_700_000_000n },
      { port: 0 },
    );
  });
  afterAll(async () => node?.stop());

  it('binds the memory store and the devnet producer, and serves the API from them', async () => {
    expect(node.blocks.kind).toBe('devnet');
    expect(node.container.resolve(NODE_TOKENS.ChainStore)).toBe(node.store);
    expect(node.store).toBeInstanceOf(ChainStore);
    const view = await node.service.buildTransfer({ from: addressToBase58(alice.address), to: addressToBase58(bob.address), amount: '1234' });
    const signed = signUnsigned(view, alice.privateKey);
    await node.service.submit({ tx: fromBase64(signed.tx), attachments: new Map() });
    const block = await node.service.produceBlock();
    expect(block.txIds).toContain(view.txId);
    const res = await fetch(`${node.url}/v1/accounts/${addressToBase58(bob.address)}/balance`);
    expect(((await res.json()) as { native: string }).native).toBe('1234');
  });

  it('refuses to listen anywhere but loopback', async () => {
    await expect(WesNode.start({ chainId: 'x', store: { kind: 'memory' }, blocks: { kind: 'devnet', intervalMs: 1000, genesis: [] } }, { host: '0.0.0.0' })).rejects.toMatchObject({ code: 'INPUT_BAD_HOST' });
  });
});
