/**
 * The ABCI socket server as CometBFT talks to it: protobuf requests from CometBFT's own schema,
 * pipelined and split at arbitrary points, answered in order on the same connection; bytes that
 * are not a request get a ResponseException.
 */
import { connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../../pkg/encoding.js';
import { AbciCodec } from '../../../internal/node/abci/abci-codec.js';
import { abciRoot } from '../../../internal/node/abci/abci-proto.js';
import { AbciServer } from '../../../internal/node/abci/abci-server.js';
import { encodeFrame, FrameReader } from '../../../internal/node/abci/varint-framing.js';
import { appUnderTest, APP_STATE, CHAIN_ID, GENESIS_TIME, type AppUnderTest } from '../abci/app-fixture.js';
import { cometbftPrerequisites } from './prerequisites.js';

type Obj = Record<string, unknown>;

describe('ABCI socket server', () => {
  let dir: string;
  let codec: AbciCodec;
  let server: AbciServer;
  let t: AppUnderTest;

  beforeAll(async () => {
    const { protoDir } = cometbftPrerequisites();
    codec = new AbciCodec(abciRoot(protoDir));
    dir = mkdtempSync(join(tmpdir(), 'wes-abci-'));
    t = await appUnderTest();
    server = await AbciServer.listen({ kind: 'unix', path: join(dir, 'app.sock') }, t.app, codec);
  });
  afterAll(async () => {
    await server?.close();
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function exchange(frames: Uint8Array[], expected: number, split: number): Promise<Obj[]> {
    const socket: Socket = connect(join(dir, 'app.sock'));
    await new Promise<void>((r) => socket.once('connect', () => r()));
    const reader = new FrameReader();
    const out: Obj[] = [];
    const done = new Promise<void>((resolve, reject) => {
      socket.on('data', (chunk: Buffer) => {
        for (const f of reader.push(new Uint8Array(chunk))) out.push(codec.decodeResponse(f));
        if (out.length >= expected) resolve();
      });
      socket.on('error', reject);
    });
    const stream = Uint8Array.from(frames.flatMap((f) => [...encodeFrame(f)]));
    for (let i = 0; i < stream.length; i += split) socket.write(stream.subarray(i, i + split));
    await done;
    socket.destroy();
    await new Promise<void>((r) => socket.once('close', () => r()));
    return out;
  }

  it('answers pipelined requests in order, whatever the chunking', async () => {
    const requests = [
      codec.encodeRequest({ echo: { message: 'hi' } }),
      codec.encodeRequest({ info: { version: '0.38.26' } }),
      codec.encodeRequest({ initChain: { time: { seconds: Number(GENESIS_TIME) }, chainId: CHAIN_ID, appStateBytes: APP_STATE, initialHeight: 1 } }),
      codec.encodeRequest({ info: {} }),
      codec.encodeRequest({ finalizeBlock: { txs: [], height: 1, time: { seconds: Number(GENESIS_TIME) + 1 } } }),
      codec.encodeRequest({ commit: {} }),
      codec.encodeRequest({ query: { path: '/status' } }),
      codec.encodeRequest({ extendVote: {} }),
      codec.encodeRequest({ verifyVoteExtension: {} }),
      codec.encodeRequest({ flush: {} }),
    ];
    const r = await exchange(requests, requests.length, 3);
    expect(r.map((x) => x['value'])).toEqual(['echo', 'info', 'initChain', 'info', 'finalizeBlock', 'commit', 'query', 'extendVote', 'verifyVoteExtension', 'flush']);
    expect((r[0]!['echo'] as Obj)['message']).toBe('hi');
    expect((r[1]!['info'] as Obj)['lastBlockHeight']).toBe('0');
    const genesisHash = toHex((r[2]!['initChain'] as Obj)['appHash'] as Uint8Array);
    expect(genesisHash).toHaveLength(64);
    expect(toHex((r[3]!['info'] as Obj)['lastBlockAppHash'] as Uint8Array)).toBe(genesisHash);
    const block1 = toHex((r[4]!['finalizeBlock'] as Obj)['appHash'] as Uint8Array);
    expect(block1).not.toBe(genesisHash);
    const status = JSON.parse(new TextDecoder().decode((r[6]!['query'] as Obj)['value'] as Uint8Array)) as { height: string; appHash: string };
    expect(status).toEqual({ height: '1', appHash: block1 });
    expect((r[8]!['verifyVoteExtension'] as Obj)['status']).toBe(1); // ACCEPT
  });

  it('answers bytes that are not a request with an exception, and keeps serving', async () => {
    const r = await exchange([Uint8Array.of(0xff, 0xff, 0xff), codec.encodeRequest({ echo: { message: 'still here' } })], 2, 1);
    expect(r[0]!['value']).toBe('exception');
    expect(String((r[0]!['exception'] as Obj)['error'])).toMatch(/CHAIN_ABCI_BAD_MESSAGE/);
    expect((r[1]!['echo'] as Obj)['message']).toBe('still here');
  });

  it('a CheckTx of garbage is refused with the malformed code, not an exception', async () => {
    const r = await exchange([codec.encodeRequest({ checkTx: { tx: Uint8Array.of(1, 2, 3) } })], 1, 64);
    expect(r[0]!['value']).toBe('checkTx');
    expect((r[0]!['checkTx'] as Obj)['code']).toBe(1);
    expect(String((r[0]!['checkTx'] as Obj)['log'])).toMatch(/^TX_/);
  });
});
