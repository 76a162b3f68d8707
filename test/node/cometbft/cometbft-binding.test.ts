/**
 * The CometBFT binding of the composition root without a CometBFT process: the API is the same
 * NodeService, blocks cannot be asked for, and a submission that passes the local admission
 * check but cannot reach CometBFT's RPC is a typed error, not a silent drop.
 */
import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressToBase58 } from '../../../pkg/encoding.js';
import { signUnsigned } from '../sign-view.js';
import { AbciCodec } from '../../../internal/node/abci/abci-codec.js';
import { abciRoot } from '../../../internal/node/abci/abci-proto.js';
import { parseAppGenesis } from '../../../internal/node/abci/app-genesis.js';
import { encodeFrame, FrameReader } from '../../../internal/node/abci/varint-framing.js';
import { WesNode } from '../../../internal/node/wes-node.js';
import { APP_STATE, CHAIN_ID, GENESIS_TIME, KEYS } from '../abci/app-fixture.js';
import { cometbftPrerequisites } from './prerequisites.js';

describe('node composition root: CometBFT block source', () => {
  let dir: string;
  let node: WesNode;
  let codec: AbciCodec;

  beforeAll(async () => {
    const { protoDir } = cometbftPrerequisites();
    codec = new AbciCodec(abciRoot(protoDir));
    dir = mkdtempSync(join(tmpdir(), 'wes-cmt-binding-'));
    node = await WesNode.start(
      {
        chainId: CHAIN_ID,
        store: { kind: 'memory' },
        // Port 9 (discard) on loopback: nothing answers there.
        blocks: { kind: 'cometbft', abci: { kind: 'unix', path: join(dir, 'app.sock') }, rpc: new URL('http://127.0.0.1:9/'), genesis: parseAppGenesis(APP_STATE), protoDir },
      },
      { port: 0 },
    );
  });
  afterAll(async () => {
    await node?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the same API; blocks come from consensus only', async () => {
    expect(node.blocks.kind).toBe('cometbft');
    const status = (await (await fetch(`${node.url}/v1/status`)).json()) as { chainId: string; height: string };
    expect(status).toMatchObject({ chainId: CHAIN_ID, height: '-1' });
    const res = await fetch(`${node.url}/v1/blocks`, { method: 'POST' });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('CHAIN_BLOCKS_BY_CONSENSUS');
  });

  it('after InitChain over ABCI, a valid submission that cannot reach CometBFT is CHAIN_CONSENSUS_UNREACHABLE', async () => {
    const socket = connect(join(dir, 'app.sock'));
    const reader = new FrameReader();
    const answered = new Promise<void>((resolve) => socket.on('data', (d: Buffer) => {
      if (reader.push(new Uint8Array(d)).length > 0) resolve();
    }));
    socket.write(encodeFrame(codec.encodeRequest({ initChain: { time: { seconds: Number(GENESIS_TIME) }, chainId: CHAIN_ID, appStateBytes: APP_STATE, initialHeight: 1 } })));
    await answered;
    socket.destroy();
    expect(node.store.height).toBe(0n);

    const view = await node.service.buildTransfer({ from: addressToBase58(KEYS.alice.address), to: addressToBase58(KEYS.bob.address), amount: '5' });
    const signed = signUnsigned(view, KEYS.alice.privateKey);
    const res = await fetch(`${node.url}/v1/transactions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tx: signed.tx }) });
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('CHAIN_CONSENSUS_UNREACHABLE');
    // An invalid one is refused by the local admission check before CometBFT is asked.
    const bad = await fetch(`${node.url}/v1/transactions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tx: Buffer.from(signed.tx, 'base64').subarray(0, 40).toString('base64') }) });
    expect(bad.status).toBe(400);
  });
});
