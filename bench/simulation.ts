/**
 * API simulations off the event loop: what a simulation costs through the worker pool (message
 * round trips, chain reads answered by the main thread) against the same call on the main thread,
 * and how fast /v1/status answers while a maximal simulation (an infinite loop given the node's
 * whole simulation gas cap) runs, against an idle node, in the same run.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { engineConfig } from '../pkg/config.js';
import { hash160 } from '../pkg/encoding.js';
import { ChainIndex } from '../internal/core/chain/chain-index.js';
import { createEngine } from '../internal/core/engines/wasm/manager/container.js';
import { SimulationPool, STALE } from '../internal/node/simulation/simulation-pool.js';
import { DevnetNode } from '../internal/node/devnet-node.js';
import { DEFAULT_SIMULATION_GAS_CAP } from '../internal/node/devnet-service.js';
import { Keystore } from '../internal/cli/keystore.js';
import { COMMANDS } from '../internal/cli/commands/index.js';
import { testContext } from '../test/helpers/context.js';
import { fmt, fmtSample, sampleInterleavedAsync, scale, summarise, type Sample, type Section } from './lib/stats.js';
import { OWNER, TOKEN_GAS, recipientPayloads, tokenWasm, type PeerOptions } from './peers/common.js';

// (loop (br 0)) around a no-op: runs until gas or the deadline stops it.
const SPIN_WASM = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x05, 0x03, 0x01, 0x00, 0x01, 0x07, 0x08, 0x01,
  0x04, 0x73, 0x70, 0x69, 0x6e, 0x00, 0x00, 0x0a, 0x0b, 0x01, 0x09, 0x00, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x41, 0x00, 0x0b,
]);

async function poolOverhead(opts: PeerOptions): Promise<{ inProcess: Sample; pooled: Sample; batch: number }> {
  const code = tokenWasm();
  const contract = hash160(sha256(code));
  const index = new ChainIndex('wes-bench');
  const engine = createEngine();
  const init = engine.callSync({ code, method: 'Initialize', payload: new TextEncoder().encode('{"supply":"1000000000"}'), gasLimit: TOKEN_GAS, context: testContext({ caller: OWNER, chain: index }) });
  if (!init.ok || init.draft === undefined) throw new Error(`token Initialize failed: ${init.statusName}`);
  for (const w of init.draft.stateWrites) index.setState(contract, w.key, w.value === undefined ? undefined : { value: w.value, version: w.version });
  const pool = new SimulationPool({ engineConfig: engineConfig(), chainId: 'wes-bench', chain: () => index, limits: { workers: 1 } });
  const payloads = recipientPayloads();
  const batch = opts.tiny ? 2 : 200;
  const { chain: _chain, ...context } = testContext({ caller: OWNER });
  try {
    const [inProcess, pooled] = await sampleInterleavedAsync(
      [
        async () => {
          for (let i = 0; i < batch; i++) {
            const r = await engine.call({ code, method: 'Transfer', payload: payloads[i % payloads.length]!, gasLimit: TOKEN_GAS, context: testContext({ caller: OWNER, chain: index }) });
            if (!r.ok) throw new Error(`in-process Transfer failed: ${r.statusName}`);
          }
        },
        async () => {
          for (let i = 0; i < batch; i++) {
            const r = await pool.call({ code, method: 'Transfer', payload: payloads[i % payloads.length]!, gasLimit: TOKEN_GAS, context, height: index.height });
            if (r === STALE || !r.ok) throw new Error('pooled Transfer failed');
          }
        },
      ],
      opts.tiny ? 1 : 7,
      opts.tiny ? 1 : 2,
    );
    // ms per batch -> µs per simulation
    return { inProcess: scale(inProcess as Sample, 1000 / batch), pooled: scale(pooled as Sample, 1000 / batch), batch };
  } finally {
    await pool.close();
  }
}

/** /v1/status round trips (ms) for as long as `busy` is unsettled, or `n` of them when it is undefined. */
async function statusLatencies(url: string, busy: Promise<unknown> | undefined, n: number): Promise<number[]> {
  let done = busy === undefined;
  void busy?.finally(() => (done = true));
  const out: number[] = [];
  while (busy === undefined ? out.length < n : !done) {
    const t0 = performance.now();
    await (await fetch(`${url}/v1/status`)).text();
    out.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 10));
  }
  return out;
}

async function statusUnderLoad(opts: PeerOptions): Promise<{ idle: Sample; busy: Sample; outcome: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'wes-bench-sim-'));
  const keystore = join(dir, 'keystore.json');
  const ks = Keystore.open(keystore);
  const alice = ks.create('alice').address;
  const node = await DevnetNode.start({ dataDir: join(dir, 'data'), port: 0, blockIntervalMs: 50, genesis: [{ address: ks.get('alice').address, amount: 10n ** 14n }], ...(opts.tiny && { simulation: { deadlineMs: 300 } }) });
  try {
    const file = join(dir, 'spin.wasm');
    writeFileSync(file, SPIN_WASM);
    const out: string[] = [];
    const code = await COMMANDS.find((c) => c.name === 'deploy')!.run([file, '--from', 'alice', '--json', '--node', node.url, '--keystore', keystore], { out: (t) => out.push(t), err: (t) => out.push(t) });
    if (code !== 0) throw new Error(`deploy failed: ${out.join('\n')}`);
    const spin = (JSON.parse(out.join('\n')) as { contract: string }).contract;
    const idle = await statusLatencies(node.url, undefined, opts.tiny ? 5 : 100);
    const sim = fetch(`${node.url}/v1/contracts/${spin}/simulate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'spin', caller: alice, gasLimit: DEFAULT_SIMULATION_GAS_CAP.toString() }),
    }).then(async (r) => `${r.status} ${((await r.json()) as { error?: { code: string } }).error?.code ?? 'ok'}`);
    const busy = await statusLatencies(node.url, sim, 0);
    return { idle: summarise(idle), busy: summarise(busy), outcome: await sim };
  } finally {
    await node.stop();
  }
}

export async function simulationSections(opts: PeerOptions = {}): Promise<Section[]> {
  const o = await poolOverhead(opts);
  const s = await statusUnderLoad(opts);
  return [
    {
      title: 'API simulations off the event loop',
      intro: `The token template's Transfer simulated ${o.batch} times in a row, on the main thread (engine.call with the chain index as ChainView) and through the simulation pool (one worker; state reads answered by the main thread over the channel), interleaved. Then a devnet node: /v1/status round trips while idle, and while one maximal simulation (an infinite loop with the ${DEFAULT_SIMULATION_GAS_CAP} gas simulation cap) runs until its deadline or gas stops it.`,
      rows: [
        { name: 'simulated Transfer, main thread', value: fmtSample(o.inProcess, 'µs'), target: 'report' },
        { name: 'simulated Transfer, worker pool', value: fmtSample(o.pooled, 'µs'), baseline: fmtSample(o.inProcess, 'µs'), ratio: o.pooled.median / o.inProcess.median, target: 'report' },
        { name: '/v1/status round trip, idle node', value: fmtSample(s.idle, 'ms'), target: 'report' },
        {
          name: `/v1/status round trip during a maximal simulation (it ended: ${s.outcome})`,
          value: `${fmtSample(s.busy, 'ms')}, ${s.busy.runs} requests`,
          baseline: fmtSample(s.idle, 'ms'),
          ratio: s.busy.median / s.idle.median,
          target: 'max < 100 ms',
          met: s.busy.max < 100,
        },
      ],
      notes: [
        `A pooled simulation pays two message hops plus one round trip per distinct chain read (${fmt(o.pooled.median - o.inProcess.median, 0)} µs per simulation here); in exchange the event loop never runs contract code, so a runaway simulation costs one worker for its deadline and nothing else.`,
      ],
    },
  ];
}
