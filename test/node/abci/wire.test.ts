/** Byte-level pieces of the ABCI node: socket framing, the tx envelope, config edits, the in-memory store. */
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { toHex, utf8Encode } from '../../../pkg/encoding.js';
import { buildDeploy, buildTransfer, signBuilt } from '../../../internal/core/tx/builder.js';
import { encodeTransaction } from '../../../internal/core/wire/codec.js';
import { ChainStore } from '../../../internal/core/chain/chain-store.js';
import { MemoryKv } from '../../../internal/core/chain/chain-kv.js';
import { encodeFrame, FrameReader } from '../../../internal/node/abci/varint-framing.js';
import { decodeEnvelope, encodeEnvelope } from '../../../internal/node/abci/tx-envelope.js';
import { parseAppGenesis } from '../../../internal/node/abci/app-genesis.js';
import { setTomlValues } from '../../../internal/node/testnet/toml-edit.js';
import { parseAbciAddress } from '../../../internal/node/abci/abci-server.js';
import { parseRpcUrl } from '../../../internal/node/cometbft/cometbft-rpc.js';
import { vaultCode } from '../../core/chain/contracts.js';
import { appUnderTest, CHAIN_ID, initChain, KEYS } from './app-fixture.js';

describe('varint framing', () => {
  it('encodes lengths as unsigned LEB128 (Go binary.PutUvarint)', () => {
    expect([...encodeFrame(new Uint8Array(3)).subarray(0, 1)]).toEqual([3]);
    expect([...encodeFrame(new Uint8Array(300)).subarray(0, 2)]).toEqual([0xac, 0x02]);
    expect(encodeFrame(new Uint8Array(0))).toEqual(new Uint8Array([0]));
  });

  it('reassembles messages split at every byte and several messages in one chunk', () => {
    const msgs = [new Uint8Array(0), utf8Encode('hello'), new Uint8Array(200).fill(7)];
    const stream = Uint8Array.from(msgs.flatMap((m) => [...encodeFrame(m)]));
    const r = new FrameReader();
    const out: Uint8Array[] = [];
    for (const b of stream) out.push(...r.push(Uint8Array.of(b)));
    expect(out).toEqual(msgs);
    expect(r.pending).toBe(0);
    expect(new FrameReader().push(stream)).toEqual(msgs);
  });

  it('refuses a length over the cap before buffering it, and an over-long varint', () => {
    expect(() => new FrameReader(1000).push(encodeFrame(new Uint8Array(1001)).subarray(0, 2))).toThrow(expect.objectContaining({ code: 'CHAIN_ABCI_FRAME_TOO_LARGE' }));
    expect(() => new FrameReader().push(new Uint8Array(11).fill(0x80))).toThrow(expect.objectContaining({ code: expect.stringMatching(/^CHAIN_ABCI_(BAD_FRAME|FRAME_TOO_LARGE)$/) }));
  });
});

describe('tx envelope', () => {
  it('round-trips a transfer and a deploy with its code; the encoding is canonical', async () => {
    const t = await appUnderTest();
    try {
      await initChain(t);
      const pay = buildTransfer({ view: t.store.index, chainId: CHAIN_ID, from: KEYS.alice.address, to: KEYS.bob.address, amount: 5n });
      const tx = signBuilt(pay, KEYS.alice.privateKey);
      const env = encodeEnvelope(tx);
      expect(encodeTransaction(decodeEnvelope(env).tx)).toEqual(encodeTransaction(tx));

      const code = await vaultCode();
      const deploy = buildDeploy({ view: t.store.index, chainId: CHAIN_ID, from: KEYS.alice.address, code });
      const dtx = signBuilt(deploy, KEYS.alice.privateKey);
      const denv = encodeEnvelope(dtx, deploy.attachments);
      expect(decodeEnvelope(denv).attachments.get(toHex(sha256(code)))).toEqual(code);

      // Attachments the transaction does not list, twice the same one, or none of a tx: refused.
      const extra = new Map([[toHex(sha256(utf8Encode('junk'))), utf8Encode('junk')]]);
      expect(() => decodeEnvelope(encodeEnvelope(tx, extra))).toThrow(expect.objectContaining({ code: 'TX_BAD_ENVELOPE' }));
      const doubled = Uint8Array.from([...denv, ...denv.subarray(denv.length - code.length - 4)]);
      expect(() => decodeEnvelope(doubled)).toThrow(expect.objectContaining({ code: expect.stringMatching(/^TX_/) }));
      expect(() => decodeEnvelope(new Uint8Array(0))).toThrow(expect.objectContaining({ code: 'TX_BAD_ENVELOPE' }));
      expect(() => decodeEnvelope(utf8Encode('\x12\x00'))).toThrow(expect.objectContaining({ code: 'TX_BAD_ENVELOPE' }));
      expect(() => decodeEnvelope(Uint8Array.of(0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f))).toThrow(expect.objectContaining({ code: 'TX_BAD_ENVELOPE' }));
    } finally {
      await t.close();
    }
  });
});

describe('app genesis', () => {
  it('takes allocations and a fee collector; rejects bad amounts and addresses with a typed error', () => {
    const addr = 'CXrocwT9qw3hMcCzKBTJVqXtayhLbrGXaB';
    const g = parseAppGenesis(utf8Encode(JSON.stringify({ allocations: [{ address: addr, amount: '10' }], feeCollector: addr })));
    expect(g.allocations[0]!.amount).toBe(10n);
    expect(g.feeCollector).toHaveLength(20);
    expect(parseAppGenesis(new Uint8Array(0))).toEqual({ allocations: [] });
    for (const bad of ['[]', '{"allocations":[{"address":"x","amount":"1"}]}', `{"allocations":[{"address":"${addr}","amount":"-1"}]}`, `{"allocations":[{"address":"${addr}","amount":1}]}`, '{']) {
      expect(() => parseAppGenesis(utf8Encode(bad))).toThrow(expect.objectContaining({ code: 'CHAIN_BAD_APP_STATE' }));
    }
  });
});

describe('loopback-only addresses', () => {
  it('accepts unix sockets and 127.0.0.1, nothing else', () => {
    expect(parseAbciAddress('unix:///tmp/x.sock')).toEqual({ kind: 'unix', path: '/tmp/x.sock' });
    expect(parseAbciAddress('tcp://127.0.0.1:26658')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 26658 });
    expect(parseRpcUrl('http://127.0.0.1:26657').href).toBe('http://127.0.0.1:26657/');
    for (const bad of ['tcp://0.0.0.0:26658', 'tcp://10.0.0.1:26658', 'unix://relative.sock', 'tcp://127.0.0.1:0']) {
      expect(() => parseAbciAddress(bad)).toThrow(expect.objectContaining({ code: 'INPUT_BAD_ABCI_ADDRESS' }));
    }
    for (const bad of ['http://192.168.1.2:26657', 'http://localhost.evil:26657', 'http://127.0.0.1:99999']) {
      expect(() => parseRpcUrl(bad)).toThrow(expect.objectContaining({ code: 'INPUT_BAD_RPC_ADDRESS' }));
    }
  });
});

describe('config.toml edits', () => {
  const toml = 'proxy_app = "tcp://127.0.0.1:26658"\n[rpc]\nladdr = "tcp://127.0.0.1:26657"\n[p2p]\nladdr = "tcp://0.0.0.0:26656"\npex = true\n';
  it('sets a key in its own section only, and refuses a key the layout does not have', () => {
    const out = setTomlValues(toml, [['p2p', 'laddr', 'tcp://127.0.0.1:1'], ['p2p', 'pex', false], ['', 'proxy_app', 'unix:///a.sock']]);
    expect(out).toContain('[rpc]\nladdr = "tcp://127.0.0.1:26657"');
    expect(out).toContain('[p2p]\nladdr = "tcp://127.0.0.1:1"\npex = false');
    expect(out.startsWith('proxy_app = "unix:///a.sock"')).toBe(true);
    expect(() => setTomlValues(toml, [['rpc', 'pex', true]])).toThrow(expect.objectContaining({ code: 'CHAIN_BAD_COMETBFT_CONFIG' }));
  });
});

describe('in-memory chain store', () => {
  it('iterates ranges in key order with a limit, applies batches, and backs a ChainStore', async () => {
    const kv = new MemoryKv();
    await kv.batch([{ type: 'put', key: 'b:2', value: Uint8Array.of(2) }, { type: 'put', key: 'b:1', value: Uint8Array.of(1) }, { type: 'put', key: 'c:1', value: Uint8Array.of(3) }, { type: 'put', key: 'a:9', value: Uint8Array.of(9) }]);
    const keys = async (gte: string, lt: string, limit?: number): Promise<string[]> => {
      const out: string[] = [];
      for await (const [k] of kv.iterator({ gte, lt, ...(limit !== undefined && { limit }) })) out.push(k);
      return out;
    };
    expect(await keys('b:', 'b;')).toEqual(['b:1', 'b:2']);
    expect(await keys('b:', 'b;', 1)).toEqual(['b:1']);
    const after: string[] = [];
    for await (const [k] of kv.iterator({ gt: 'b:1', lt: 'z' })) after.push(k);
    expect(after).toEqual(['b:2', 'c:1']);
    await kv.batch([{ type: 'del', key: 'b:1' }]);
    expect(await keys('a', 'z')).toEqual(['a:9', 'b:2', 'c:1']);
    expect(await kv.get('b:1')).toBeUndefined();

    const t = await appUnderTest();
    try {
      await initChain(t);
      expect(t.store.height).toBe(0n);
      expect(await t.store.getBlock(0n)).toBeDefined();
      const reopened = await ChainStore.inMemory({ chainId: CHAIN_ID });
      expect(reopened.height).toBeUndefined(); // nothing survives: every in-memory store starts empty
      await reopened.close();
    } finally {
      await t.close();
    }
  });
});
