/**
 * The CLI against a lying node: a relay on loopback proxies a real in-process devnet and
 * rewrites the unsigned transactions it returns (recomputing ids and sighashes, as a competent
 * attacker would). Every rewrite is refused before anything is signed or submitted; the honest
 * path through the same relay still works.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressToBase58, bytesEqual, fromBase64, fromHex, parseAddress, toBase64, toHex } from '../../pkg/encoding.js';
import { isWesError } from '../../pkg/errors.js';
import type { Transaction, TxOutput } from '../../pkg/model.js';
import type { TxView, UnsignedTxView } from '../../internal/api/node-service.js';
import { COMMANDS } from '../../internal/cli/commands/index.js';
import { Keystore } from '../../internal/cli/keystore.js';
import { signatureHash, transactionId } from '../../internal/core/tx/hashing.js';
import { decodeTransaction, encodeTransaction } from '../../internal/core/wire/codec.js';
import { DevnetNode } from '../../internal/node/devnet-node.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TOKEN_WASM = join(ROOT, 'contracts/build/token.wasm');
const CLI = join(ROOT, 'dist/internal/cli/main.js');
const FUNDS = 10n ** 12n;

type Rewrite = (path: string, reply: unknown) => unknown;

const dir = mkdtempSync(join(tmpdir(), 'wes-liar-'));
const keystore = join(dir, 'keystore.json');
let node: DevnetNode;
let relay: Server;
let relayUrl = '';
let rewrite: Rewrite | undefined;
let submitted = 0;
let alice: Uint8Array;
let bob: Uint8Array;
let mallory: Uint8Array;
let token = '';

/** The relay: forwards everything, lets the current `rewrite` change JSON replies, counts submissions. */
function startRelay(target: string): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        if (req.method === 'POST' && req.url === '/v1/transactions') submitted++;
        const upstream = await fetch(`${target}${req.url}`, {
          method: req.method,
          headers: body.length > 0 ? { 'content-type': 'application/json' } : {},
          body: body.length > 0 ? body : undefined,
        });
        let text = await upstream.text();
        if (upstream.ok && rewrite !== undefined && text.length > 0) text = JSON.stringify(rewrite(req.url ?? '', JSON.parse(text)));
        res.writeHead(upstream.status, { 'content-type': 'application/json' });
        res.end(text);
      })().catch((e: unknown) => {
        res.writeHead(502);
        res.end(String(e));
      });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function wes(...args: string[]): Promise<{ code: number; out: string; err: string; error: unknown }> {
  const [name, ...rest] = args;
  const cmd = COMMANDS.find((c) => c.name === name)!;
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await cmd.run([...rest, '--node', relayUrl, '--keystore', keystore], { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n'), error: undefined };
  } catch (error) {
    return { code: -1, out: out.join('\n'), err: err.join('\n'), error };
  }
}

/** Rewrites the unsigned transaction in a builder reply and fixes up its id and sighashes. */
function tamper(f: (tx: Transaction) => Transaction): Rewrite {
  const fix = (view: UnsignedTxView): UnsignedTxView => {
    const tx = f(decodeTransaction(fromBase64(view.unsignedTx)));
    return {
      ...view,
      unsignedTx: toBase64(encodeTransaction(tx)),
      txId: toHex(transactionId(tx)),
      signatures: tx.inputs.map((_, i) => ({ inputIndex: i, sighash: toHex(signatureHash(tx, i)) })),
    };
  };
  return (path, reply) => {
    if (path === '/v1/transfers' || path === '/v1/contracts') return fix(reply as UnsignedTxView);
    if (/^\/v1\/contracts\/[^/]+\/calls$/.test(path)) {
      const r = reply as { simulation: unknown; tx: UnsignedTxView };
      return { ...r, tx: fix(r.tx) };
    }
    return reply;
  };
}

const native = (owner: Uint8Array, amount: bigint, lockTo: Uint8Array = owner): TxOutput => ({
  owner,
  locks: [{ kind: 'singleKey', addressHash: lockTo }],
  content: { type: 'asset', asset: { kind: 'native', amount } },
});
const amountOf = (o: TxOutput): bigint => (o.content.type === 'asset' ? o.content.asset.amount : 0n);
const isChange = (o: TxOutput): boolean => bytesEqual(o.owner, alice) && o.content.type === 'asset';
/** Moves `delta` out of alice's change (the last change output) and lets `add` place it. */
function fromChange(tx: Transaction, delta: bigint, add: (outs: TxOutput[]) => void = () => undefined): Transaction {
  const outs = [...tx.outputs];
  const i = outs.map(isChange).lastIndexOf(true);
  expect(i, 'the honest transaction has change').toBeGreaterThanOrEqual(0);
  outs[i] = native(alice, amountOf(outs[i]!) - delta);
  add(outs);
  return { ...tx, outputs: outs };
}

async function refused(args: string[], code: string, message: RegExp): Promise<void> {
  const before = submitted;
  const r = await wes(...args);
  expect(r.code, `${args.join(' ')} should throw, printed: ${r.out}`).toBe(-1);
  expect(isWesError(r.error), String(r.error)).toBe(true);
  expect((r.error as { code: string }).code).toBe(code);
  expect((r.error as Error).message).toMatch(message);
  expect(submitted, 'nothing was submitted').toBe(before);
}

async function balance(who: Uint8Array): Promise<bigint> {
  const r = await fetch(`${node.url}/v1/accounts/${addressToBase58(who)}/balance`);
  return BigInt(((await r.json()) as { native: string }).native);
}

beforeAll(async () => {
  if (!existsSync(TOKEN_WASM)) execFileSync(process.execPath, ['contracts/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
  const ks = Keystore.open(keystore);
  alice = parseAddress(ks.create('alice').address);
  bob = parseAddress(ks.create('bob').address);
  mallory = parseAddress(ks.create('mallory').address);
  node = await DevnetNode.start({
    dataDir: join(dir, 'data'), port: 0, blockIntervalMs: 50,
    genesis: [{ address: alice, amount: FUNDS }, { address: bob, amount: FUNDS }],
  });
  relay = await startRelay(node.url);
  relayUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise((r) => relay?.close(r));
  await node?.stop();
});

describe('wes send through a lying relay', () => {
  const send = (): string[] => ['send', addressToBase58(bob), '100000000', '--from', 'alice'];

  it('the honest path works through the relay', async () => {
    rewrite = undefined;
    const bobBefore = await balance(bob);
    const r = await wes(...send());
    expect(r.error).toBeUndefined();
    expect(r.code).toBe(0);
    expect(r.out).toContain('sent 100000000');
    expect(await balance(bob)).toBe(bobBefore + 100_000_000n);
  });

  it('refuses an extra output to the attacker', async () => {
    rewrite = tamper((tx) => fromChange(tx, 5_000n, (o) => o.push(native(mallory, 5_000n))));
    await refused(send(), 'TX_NOT_AS_ASKED', /gives 5000 base units to .*did not ask/);
  });

  it('refuses a changed amount', async () => {
    rewrite = tamper((tx) => ({ ...tx, outputs: tx.outputs.map((o) => (bytesEqual(o.owner, bob) ? native(bob, 1n) : isChange(o) ? native(alice, amountOf(o) + 100_000_000n - 1n) : o)) }));
    await refused(send(), 'TX_NOT_AS_ASKED', /did not ask|pays exactly 100000000/);
  });

  it('refuses a changed recipient', async () => {
    rewrite = tamper((tx) => ({ ...tx, outputs: tx.outputs.map((o) => (bytesEqual(o.owner, bob) ? native(mallory, amountOf(o)) : o)) }));
    await refused(send(), 'TX_NOT_AS_ASKED', /did not ask/);
  });

  it('refuses an output owned by the recipient but locked to the attacker', async () => {
    rewrite = tamper((tx) => ({ ...tx, outputs: tx.outputs.map((o) => (bytesEqual(o.owner, bob) ? native(bob, amountOf(o), mallory) : o)) }));
    await refused(send(), 'TX_NOT_AS_ASKED', /not its owner's key/);
  });

  it('refuses change owned by the user but locked to the attacker', async () => {
    rewrite = tamper((tx) => ({ ...tx, outputs: tx.outputs.map((o) => (isChange(o) ? native(alice, amountOf(o), mallory) : o)) }));
    await refused(send(), 'TX_NOT_AS_ASKED', /not its owner's key/);
  });

  it('refuses an inflated fee', async () => {
    rewrite = tamper((tx) => fromChange(tx, 5_000_000n));
    await refused(send(), 'TX_FEE_ABOVE_MAX', /fee would be \d+, above your maximum/);
  });

  it('refuses a missing change output (everything else would be fee)', async () => {
    rewrite = tamper((tx) => ({ ...tx, outputs: tx.outputs.filter((o) => !isChange(o)) }));
    await refused(send(), 'TX_FEE_ABOVE_MAX', /above your maximum/);
  });

  it('accepts a fee the user raised with --max-fee, and only up to it', async () => {
    rewrite = tamper((tx) => fromChange(tx, 5_000_000n));
    await refused([...send(), '--max-fee', '5000000'], 'TX_FEE_ABOVE_MAX', /above your maximum 5000000/);
  });

  it('refuses an input that is not the user\'s', async () => {
    const bobUtxo = ((await (await fetch(`${node.url}/v1/accounts/${addressToBase58(bob)}/utxos`)).json()) as { utxos: { txId: string; index: number }[] }).utxos[0]!;
    rewrite = tamper((tx) => ({ ...tx, inputs: [...tx.inputs, { outPoint: { txId: fromHex(bobUtxo.txId), index: bobUtxo.index }, referenceOnly: false }] }));
    await refused(send(), 'TX_FOREIGN_INPUT', /input \d+ .* is not yours/);
  });

  it('refuses when the node lies about what an input holds', async () => {
    // Drop the change (a huge fee) and claim alice's input held just enough for a small one.
    let forged = '';
    const strip = tamper((tx) => {
      forged = toHex(tx.inputs[0]!.outPoint.txId);
      return { ...tx, outputs: tx.outputs.filter((o) => !isChange(o)) };
    });
    rewrite = (path, reply) => {
      if (forged !== '' && path === `/v1/transactions/${forged}`) {
        const view = reply as TxView;
        const prev = decodeTransaction(fromBase64(view.raw));
        const shrunk = { ...prev, outputs: prev.outputs.map((o) => (bytesEqual(o.owner, alice) ? native(alice, 100_002_000n) : o)) };
        return { ...view, raw: toBase64(encodeTransaction(shrunk)) };
      }
      return strip(path, reply);
    };
    await refused(send(), 'TX_PREVOUT_UNVERIFIED', /hashes to .* lies about what an input holds/);
  });

  it('exits 1 with the reason on stderr from the real binary', async () => {
    rewrite = tamper((tx) => ({ ...tx, outputs: tx.outputs.map((o) => (bytesEqual(o.owner, bob) ? native(mallory, amountOf(o)) : o)) }));
    const before = submitted;
    const child = spawn(process.execPath, [CLI, ...send(), '--node', relayUrl, '--keystore', keystore], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(stderr).toMatch(/refusing to sign: .* \[TX_NOT_AS_ASKED\]/);
    expect(code).toBe(1);
    expect(submitted).toBe(before);
  }, 60_000);
});

describe('wes deploy and wes call through a lying relay', () => {
  it('deploys honestly through the relay', async () => {
    rewrite = undefined;
    const r = await wes('deploy', TOKEN_WASM, '--from', 'alice', '--json');
    expect(r.error).toBeUndefined();
    token = (JSON.parse(r.out) as { contract: string }).contract;
    const init = await wes('call', token, 'Initialize', '--params', '{"name":"Gold","symbol":"GLD","supply":"1000"}', '--from', 'alice', '--json');
    expect(init.error).toBeUndefined();
    expect((JSON.parse(init.out) as { receipt: unknown }).receipt).not.toBeNull();
  }, 60_000);

  it('refuses a deploy of other code', async () => {
    rewrite = tamper((tx) => {
      const other = fromHex('11'.repeat(32));
      return {
        ...tx,
        resourceAttachmentHashes: [other],
        outputs: tx.outputs.map((o) => (o.content.type === 'resource' ? { ...o, content: { type: 'resource', resource: { ...o.content.resource, contentHash: other } } } : o)),
      };
    });
    await refused(['deploy', TOKEN_WASM, '--from', 'alice'], 'TX_NOT_AS_ASKED', /your code/);
  });

  const transfer = (): string[] => ['call', token, 'Transfer', '--params', JSON.stringify({ to: addressToBase58(bob), amount: '5' }), '--from', 'alice'];

  it('refuses a swapped method', async () => {
    rewrite = tamper((tx) => ({ ...tx, contractCall: { ...tx.contractCall!, method: 'Mint' } }));
    await refused(transfer(), 'TX_NOT_AS_ASKED', /method "Mint", you asked for "Transfer"/);
  });

  it('refuses swapped params', async () => {
    const params = new TextEncoder().encode(JSON.stringify({ to: addressToBase58(mallory), amount: '5' }));
    rewrite = tamper((tx) => ({ ...tx, contractCall: { ...tx.contractCall!, payload: params } }));
    await refused(transfer(), 'TX_NOT_AS_ASKED', /parameters are not the ones you gave/);
  });

  it('refuses a raised gas limit', async () => {
    rewrite = tamper((tx) => ({ ...tx, contractCall: { ...tx.contractCall!, gasLimit: tx.contractCall!.gasLimit * 10n } }));
    await refused(transfer(), 'TX_NOT_AS_ASKED', /gas limit is 100000000, you asked for 10000000/);
  });

  it('refuses another contract', async () => {
    rewrite = tamper((tx) => ({ ...tx, contractCall: { ...tx.contractCall!, contract: mallory } }));
    await refused(transfer(), 'TX_NOT_AS_ASKED', /the call goes to/);
  });

  it('refuses a call that pays the attacker from the user\'s coins', async () => {
    rewrite = tamper((tx) => fromChange(tx, 7_000n, (o) => o.push(native(mallory, 7_000n))));
    // A call's signed outputs are change only (its effects are computed at inclusion).
    await refused(transfer(), 'TX_NOT_AS_ASKED', /gives 7000 base units to .*which you did not ask for/);
  });

  it('refuses a call with an inflated fee', async () => {
    rewrite = tamper((tx) => fromChange(tx, 9_000_000n));
    await refused(transfer(), 'TX_FEE_ABOVE_MAX', /above your maximum/);
  });

  it('the honest call still works through the relay', async () => {
    rewrite = undefined;
    const r = await wes(...transfer(), '--json');
    expect(r.error).toBeUndefined();
    expect(r.code).toBe(0);
    const sim = await wes('call', token, 'BalanceOf', '--params', JSON.stringify({ address: addressToBase58(bob) }), '--simulate', '--json');
    expect((JSON.parse(sim.out) as { returnText: string }).returnText).toContain('5');
  }, 60_000);
});
