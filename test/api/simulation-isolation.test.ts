/**
 * Simulations never stall the node, and deploys pay before work: a maximal simulation (an
 * infinite loop given the node's whole simulation gas cap) runs in a worker while /v1/status
 * keeps answering; a deploy from an unfunded address is refused before its module is compiled;
 * code that is not on chain never reaches the disk compile cache.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevnetNode } from '../../internal/node/devnet-node.js';
import { DEFAULT_SIMULATION_GAS_CAP } from '../../internal/node/devnet-service.js';
import { COMMANDS } from '../../internal/cli/commands/index.js';
import { Keystore } from '../../internal/cli/keystore.js';
import { toBase64 } from '../../pkg/encoding.js';
import { wat } from '../helpers/wat.js';

const dir = mkdtempSync(join(tmpdir(), 'wes-sim-'));
const keystore = join(dir, 'keystore.json');
const cacheDir = join(dir, 'data', 'compile-cache');
let node: DevnetNode;
let alice: string;
let bob: string;
let spin = '';

async function post(path: string, body: unknown): Promise<{ status: number; json: { ok?: boolean; error?: { code: string } | null } }> {
  const res = await fetch(`${node.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as { ok?: boolean; error?: { code: string } | null } };
}

const cacheFiles = (): string[] => readdirSync(cacheDir).filter((f) => f.endsWith('.wesc'));

async function wes(...args: string[]): Promise<string> {
  const [name, ...rest] = args;
  const out: string[] = [];
  const code = await COMMANDS.find((c) => c.name === name)!.run([...rest, '--json', '--node', node.url, '--keystore', keystore], { out: (t) => out.push(t), err: (t) => out.push(t) });
  expect(code, out.join('\n')).toBe(0);
  return out.join('\n');
}

beforeAll(async () => {
  const ks = Keystore.open(keystore);
  alice = ks.create('alice').address;
  bob = ks.create('bob').address;
  node = await DevnetNode.start({ dataDir: join(dir, 'data'), port: 0, blockIntervalMs: 50, genesis: [{ address: ks.get('alice').address, amount: 10n ** 14n }] });
  const file = join(dir, 'spin.wasm');
  writeFileSync(file, await wat('(module (memory 1) (func (export "spin") (result i32) (loop $l (br $l)) (i32.const 0)))'));
  spin = (JSON.parse(await wes('deploy', file, '--from', 'alice')) as { contract: string }).contract;
});

afterAll(async () => {
  await node?.stop();
});

describe('simulations run off the event loop', () => {
  it('GET /v1/status answers while a maximal simulation runs; the simulation ends with a typed deadline or out-of-gas error', async () => {
    const order: string[] = [];
    const sim = post(`/v1/contracts/${spin}/simulate`, { method: 'spin', caller: alice, gasLimit: DEFAULT_SIMULATION_GAS_CAP.toString() }).then((r) => {
      order.push('simulation');
      return r;
    });
    // Wait until a worker is executing it (hang detector: the test timeout).
    while (node.simulations.running === 0 && order.length === 0) await new Promise((r) => setTimeout(r, 5));
    const status = await fetch(`${node.url}/v1/status`);
    order.push('status');
    expect(status.status).toBe(200);
    const r = await sim;
    expect(order).toEqual(['status', 'simulation']);
    const code = r.status === 200 ? r.json.error?.code : r.json.error?.code;
    if (r.status === 200) expect(r.json.ok).toBe(false);
    else expect(r.status).toBe(422);
    expect(['EXEC_DEADLINE', 'EXEC_OUT_OF_GAS']).toContain(code);
    const metrics = await (await fetch(`${node.url}/metrics`)).text();
    expect(metrics).toContain(`wes_simulations_total{kind="call",outcome="${code}"} 1`);
  });

  it('refuses a gas limit above the node simulation cap (simulate and calls)', async () => {
    for (const route of ['simulate', 'calls']) {
      const r = await post(`/v1/contracts/${spin}/${route}`, { method: 'spin', caller: alice, gasLimit: (DEFAULT_SIMULATION_GAS_CAP + 1n).toString() });
      expect(r.status).toBe(400);
      expect(r.json.error?.code).toBe('INPUT_GAS_ABOVE_SIMULATION_CAP');
    }
  });
});

describe('simulation replies are bounded', () => {
  it('a simulation asking to write 64 x 1 MiB of state gets a small reply (a typed failure or a capped draft), not a 128 MiB one', async () => {
    const file = join(dir, 'hog.wasm');
    writeFileSync(
      file,
      await wat(`(module
        (import "env" "state_set" (func $set (param i32 i32 i32 i32) (result i32)))
        (memory 17)
        (func (export "hog") (result i32) (local $i i32)
          (loop $l
            (i32.store8 (i32.const 0) (local.get $i))
            (drop (call $set (i32.const 0) (i32.const 1) (i32.const 65536) (i32.const 1048576)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $l (i32.lt_u (local.get $i) (i32.const 64))))
          (i32.const 0)))`),
    );
    const hog = (JSON.parse(await wes('deploy', file, '--from', 'alice')) as { contract: string }).contract;
    const res = await fetch(`${node.url}/v1/contracts/${hog}/simulate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'hog', caller: alice, gasLimit: DEFAULT_SIMULATION_GAS_CAP.toString() }),
    });
    const text = await res.text();
    expect(text.length).toBeLessThan(64 * 1024);
    // Per-call state caps may refuse the writes inside the call, or the simulation's result cap
    // stops it: either way the reply is small, and a failure is a typed EXEC_ error.
    const body = JSON.parse(text) as { ok?: boolean; error?: { code: string } | null };
    if (res.status !== 200) expect(res.status).toBe(422);
    if (res.status !== 200 || body.ok === false) expect(body.error?.code).toMatch(/^EXEC_/);
  });
});

describe('deploy pays before work', () => {
  it('an unfunded deploy is refused before its module is compiled: no compile, nothing on disk', async () => {
    const before = cacheFiles();
    // Not even wasm: a compile would say LOAD_BAD_MAGIC; the funds check answers first.
    const junk = await post('/v1/contracts', { wasm: toBase64(new Uint8Array(64).fill(7)), from: bob });
    expect(junk.status).toBeGreaterThanOrEqual(400);
    expect(junk.status).toBeLessThan(500);
    expect(junk.json.error?.code).toMatch(/^TX_/);
    const real = await post('/v1/contracts', { wasm: toBase64(await wat('(module (memory 1) (func (export "a") (result i32) (i32.const 11)))')), from: bob });
    expect(real.json.error?.code).toBe(junk.json.error?.code);
    expect(cacheFiles()).toEqual(before);
  });

  it('a funded deploy dry-run compiles in memory only: code not on chain never reaches the disk cache', async () => {
    const before = cacheFiles();
    const r = await post('/v1/contracts', { wasm: toBase64(await wat('(module (memory 1) (func (export "b") (result i32) (i32.const 12)))')), from: alice });
    expect(r.status).toBe(200);
    expect(cacheFiles()).toEqual(before);
    const bad = await post('/v1/contracts', { wasm: toBase64(new Uint8Array(64).fill(7)), from: alice });
    expect(bad.json.error?.code).toBe('LOAD_BAD_MAGIC');
  });

  it('deployed code reaches the disk cache only when it first runs on chain', async () => {
    const before = cacheFiles();
    const file = join(dir, 'c.wasm');
    writeFileSync(file, await wat('(module (memory 1) (func (export "c") (result i32) (i32.const 0)))'));
    const contract = (JSON.parse(await wes('deploy', file, '--from', 'alice')) as { contract: string }).contract;
    expect(cacheFiles()).toEqual(before); // admitted, verified and included: still not on disk
    await wes('call', contract, 'c', '--from', 'alice'); // read-only: answered from a simulation, not submitted
    expect(cacheFiles()).toEqual(before);
    await wes('call', contract, 'c', '--from', 'alice', '--force'); // submitted: runs on chain
    expect(cacheFiles().length).toBe(before.length + 1);
  });
});
