/**
 * Scaling of the engine-only token transfer: throughput with 1 and 2 worker threads (each with
 * its own engine), call latency against contract size (the token template padded with unused
 * code to 200 KB and 1 MB), and call latency against the number of state entries the chain holds.
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DEFAULT_LIMITS } from '../../pkg/config.js';
import { toHex, utf8Encode } from '../../pkg/encoding.js';
import type { ExecutionContext } from '../../pkg/engine.js';
import { createEngine } from '../../internal/core/engines/wasm/manager/container.js';
import { compileInstrumented, inspectModule } from '../../internal/core/engines/wasm/loader/loader.js';
import { nodeHostAbi } from '../../internal/core/engines/wasm/manager/container.js';
import { ChainIndex } from '../../internal/core/chain/chain-index.js';
import { fmt, fmtSample, sample, sampleInterleaved, sampleInterleavedAsync, scale, summarise, type ResultRow, type Sample, type Section } from '../lib/stats.js';
import { fixturePath } from '../lib/paths.js';
import { OWNER, TOKEN_GAS, address, context, deployEngineToken, fmtRate, perSecond, tokenWasm, transferPayload, type PeerOptions } from './common.js';
import { padWasm } from './pad-wasm.js';
import { formatProfile, profileEngineTransfer } from './profile.js';

/** Runs n Transfers somewhere (a worker thread, or this thread) and reports the milliseconds. */
interface TransferRunner {
  run(n: number): Promise<number>;
  close(): Promise<void>;
}

const WORKER_URL = new URL('./scale-worker.js', import.meta.url);

/** Worker threads need the compiled .js; from TypeScript sources (tests) runners are inline. */
export function workerThreadsAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_URL));
}

async function threadRunner(code: Uint8Array): Promise<TransferRunner> {
  const worker = new Worker(WORKER_URL, { workerData: code });
  let pending: { resolve: (ms: number) => void; reject: (e: Error) => void } | undefined;
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  worker.on('message', (m: { ms: number }) => pending?.resolve(m.ms));
  worker.on('error', (e: Error) => pending?.reject(e));
  return {
    run: (n) =>
      new Promise<number>((resolve, reject) => {
        pending = { resolve, reject };
        worker.postMessage({ n });
      }),
    close: async () => void (await worker.terminate()),
  };
}

/** A worker spinning a pure-JS loop of n iterations per request (n < 0 ends it): the control. */
function spinWorker(): (n: number) => Promise<void> {
  const src = `const { parentPort } = require('node:worker_threads');
parentPort.on('message', (n) => { let x = 0; for (let i = 0; i < n; i++) x = (x * 31 + i) | 0; parentPort.postMessage(x); });`;
  const worker = new Worker(src, { eval: true });
  let pending: { resolve: () => void; reject: (e: Error) => void } | undefined;
  worker.on('message', () => pending?.resolve());
  worker.on('error', (e: Error) => pending?.reject(e));
  return (n) => {
    if (n < 0) return worker.terminate().then(() => undefined);
    return new Promise<void>((resolve, reject) => {
      pending = { resolve, reject };
      worker.postMessage(n);
    });
  };
}

function inlineRunner(code: Uint8Array): TransferRunner {
  const token = deployEngineToken(code);
  return {
    run: async (n) => {
      const t0 = performance.now();
      token.transfer(n);
      return performance.now() - t0;
    },
    close: async () => undefined,
  };
}

async function threadRows(code: Uint8Array, opts: PeerOptions): Promise<{ rows: ResultRow[]; notes: string[] }> {
  const threads = workerThreadsAvailable();
  const make = (): Promise<TransferRunner> => (threads ? threadRunner(code) : Promise.resolve(inlineRunner(code)));
  const loadBefore = loadavg().map((l) => l.toFixed(2)).join(' / ');
  const [a, b] = await Promise.all([make(), make()]);
  const n = opts.tiny ? 3 : 2000;
  try {
    // CPU time of the whole process (all threads) over wall time: how many cores a round really got.
    const cores: number[][] = [[], []];
    const measured = (k: number, body: () => Promise<unknown>) => async (): Promise<void> => {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await body();
      const cpu = process.cpuUsage(cpu0);
      cores[k]!.push((cpu.user + cpu.system) / 1000 / (performance.now() - t0));
    };
    const spins = threads ? [spinWorker(), spinWorker()] : [];
    const spin = async (k: number): Promise<void> => void (await Promise.all(spins.slice(0, k).map((w) => w(opts.tiny ? 1000 : 30_000_000))));
    const [one, two, spin1, spin2] = (await sampleInterleavedAsync(
      [measured(0, () => a!.run(n)), measured(1, () => Promise.all([a!.run(n), b!.run(n)])), () => spin(1), () => spin(2)],
      opts.tiny ? 1 : 9,
      opts.tiny ? 0 : 2,
    )) as [Sample, Sample, Sample, Sample];
    await Promise.all(spins.map((w) => w(-1)));
    const machine = threads ? (2 * spin1.median) / spin2.median : undefined;
    const [cores1, cores2] = cores.map((c) => summarise(c).median) as [number, number];
    const r1 = perSecond(one, n);
    const r2 = perSecond(two, 2 * n);
    const ratio = r2.median / r1.median;
    const rows: ResultRow[] = [
      { name: '1 worker thread', value: fmtRate(r1) },
      { name: '2 worker threads (own engine each)', value: fmtRate(r2), baseline: fmtRate(r1), ratio, target: '≥ 1.8×', met: ratio >= 1.8 },
      {
        name: 'per core obtained (throughput / process CPU cores used): 2 workers vs 1',
        value: `${fmt(r2.median / cores2)} transfers/s per core`,
        baseline: `${fmt(r1.median / cores1)} transfers/s per core`,
        ratio: r2.median / cores2 / (r1.median / cores1),
        target: 'report',
      },
      {
        name: 'control: a pure-JS loop in 2 worker threads vs 1 (what this machine allows right now)',
        value: machine === undefined ? 'not measured (no worker threads)' : `${machine.toFixed(2)}× scaling`,
        target: 'report',
      },
    ];
    const notes = [
      `${n} Transfers per worker per round, the 1- and 2-worker rounds interleaved; throughput = all transfers / wall time of the round.${threads ? '' : ' (Worker threads unavailable here — TypeScript sources — so both runners ran on this thread: not a scaling figure.)'}`,
      `CPU actually obtained (process CPU time / wall time, median): ${cores1.toFixed(2)} cores in 1-worker rounds, ${cores2.toFixed(2)} cores in 2-worker rounds; load average before the suite ${loadBefore}.`,
    ];
    if (!opts.tiny && ratio < 1.8) {
      notes.push(
        `target missed: ${ratio.toFixed(2)}× instead of ≥ 1.8× (${((1 - ratio / 1.8) * 100).toFixed(0)}% short). The workers share nothing (each has its own container, compile cache and instance pool), and the two rounds got ${cores2.toFixed(2)} vs ${cores1.toFixed(2)} cores, so the loss is per core: ${(r2.median / cores2).toFixed(0)} vs ${(r1.median / cores1).toFixed(0)} transfers/s per core. What differs from the pure-JS control (${machine?.toFixed(2) ?? '?'}×, no allocation, no memory traffic) is what each call touches outside registers: the 64 KiB snapshot copied back into the pooled instance, per-call objects (call state, draft, result) and the garbage they become, on two cores that share cache and memory bandwidth. \`make bench\` runs with --single-threaded-gc --max-semi-space-size=16 because V8's parallel GC helper threads otherwise take the second core (1.3–1.5× without).`,
      );
    }
    return { rows, notes };
  } finally {
    await Promise.all([a!.close(), b!.close()]);
  }
}

function inspectAndCompile(code: Uint8Array): void {
  compileInstrumented(inspectModule(code, DEFAULT_LIMITS, nodeHostAbi()).instrumented);
}

function contractSizeRows(code: Uint8Array, opts: PeerOptions): ResultRow[] {
  const sizes = opts.tiny ? [0, 16 * 1024] : [0, 200 * 1024, 1024 * 1024];
  const codes = sizes.map((s) => padWasm(code, s));
  const batch = opts.tiny ? 2 : 500;
  const engine = createEngine();
  const tokens = codes.map((c) => deployEngineToken(c, engine));
  const warm = sampleInterleaved(tokens.map((t) => () => t.transfer(batch)), opts.tiny ? 1 : 9, opts.tiny ? 0 : 2).map((s) => scale(s, 1000 / batch));
  const cold = codes.map((c) => sample(() => inspectAndCompile(c), opts.tiny ? 1 : 5, opts.tiny ? 0 : 1));
  const kb = (c: Uint8Array): string => `${fmt(c.length / 1024, 0)} KB`;
  const rows: ResultRow[] = [];
  codes.forEach((c, i) => {
    rows.push({
      name: `warm Transfer, token template ${i === 0 ? 'as built' : 'padded with unused functions'} (${kb(c)})`,
      value: fmtSample(warm[i]!, 'µs'),
      baseline: i === 0 ? undefined : fmtSample(warm[0]!, 'µs'),
      ratio: i === 0 ? undefined : warm[i]!.median / warm[0]!.median,
    });
  });
  codes.forEach((c, i) => {
    rows.push({
      name: `cold validate+instrument+compile (${kb(c)})`,
      value: fmtSample(cold[i]!, 'ms'),
      baseline: i === 0 ? undefined : fmtSample(cold[0]!, 'ms'),
      ratio: i === 0 ? undefined : cold[i]!.median / cold[0]!.median,
    });
  });
  if (!opts.tiny && existsSync(fixturePath('simple-token'))) {
    const tinygo = new Uint8Array(readFileSync(fixturePath('simple-token')));
    const s = sample(() => inspectAndCompile(tinygo), 5, 1);
    rows.push({ name: `cold validate+instrument+compile, TinyGo simple-token fixture (${kb(tinygo)}, real code)`, value: fmtSample(s, 'ms'), baseline: fmtSample(cold[0]!, 'ms'), ratio: s.median / cold[0]!.median });
  }
  return rows;
}

function contractSizeNotes(opts: PeerOptions): string[] {
  const notes = ['Cold preparation (validate, instrument, V8 compile) is what a deploy or a cache miss pays; the compile cache keeps it off warm calls.'];
  if (!opts.tiny) {
    notes.push(
      `where a warm call on the 1 MB contract spends its time (node --cpu-prof, focused loop, dist/bench/peers/profile.js): ${formatProfile(profileEngineTransfer(1000, 1024 * 1024, 4))}. A warm call should not depend on code size; the growth comes from whatever hashes or copies the code per call.`,
    );
  }
  return notes;
}

/** A ChainIndex (the chain's in-memory read path) holding `entries` funded balances of the template. */
function seededIndex(contract: Uint8Array, entries: number): ChainIndex {
  const index = new ChainIndex('wes-bench');
  const funded = utf8Encode('1000000000');
  index.setState(contract, utf8Encode('owner'), { value: OWNER, version: 1n });
  for (let i = 0; i < entries; i++) index.setState(contract, utf8Encode(`balance/${toHex(address(i))}`), { value: funded, version: 1n });
  return index;
}

function stateSizeRows(code: Uint8Array, opts: PeerOptions): ResultRow[] {
  const sizes = opts.tiny ? [10, 100] : [1_000, 100_000, 1_000_000];
  const engine = createEngine();
  const contract = engine.prepareSync(code).contractAddress;
  const batch = opts.tiny ? 2 : 500;
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const loops = sizes.map((entries) => {
    const index = seededIndex(contract, entries);
    const calls: { context: ExecutionContext; payload: Uint8Array }[] = Array.from({ length: 4096 }, () => ({
      context: context(address(rand(entries)), index),
      payload: transferPayload(address(rand(entries))),
    }));
    let k = 0;
    return () => {
      for (let i = 0; i < batch; i++) {
        const c = calls[k]!;
        k = (k + 1) % calls.length;
        const r = engine.callSync({ code, method: 'Transfer', payload: c.payload, gasLimit: TOKEN_GAS, context: c.context });
        if (!r.ok || r.draft === undefined) throw new Error(`Transfer failed with ${entries} entries: ${r.statusName}`);
        for (const w of r.draft.stateWrites) index.setState(contract, w.key, w.value === undefined ? undefined : { value: w.value, version: w.version });
      }
    };
  });
  const samples = sampleInterleaved(loops, opts.tiny ? 1 : 9, opts.tiny ? 0 : 2);
  return sizes.map((entries, i) => {
    const us = scale(samples[i]!, 1000 / batch);
    return {
      name: `Transfer between random accounts, ${entries.toLocaleString('en-US')} state entries`,
      value: `${fmtSample(us, 'µs')}; ${fmtRate(perSecond(samples[i]!, batch))}`,
      baseline: i === 0 ? undefined : fmtSample(scale(samples[0]!, 1000 / batch), 'µs'),
      ratio: i === 0 ? undefined : samples[i]!.median / samples[0]!.median,
    };
  });
}

export async function scaleSections(opts: PeerOptions = {}): Promise<Section[]> {
  const code = tokenWasm();
  const threads = await threadRows(code, opts);
  return [
    { title: 'Token transfer: scaling over worker threads', intro: 'Engine-only Transfers of the token template, each worker thread with its own engine and its own Map-backed state.', rows: threads.rows, notes: threads.notes },
    {
      title: 'Call latency against contract size',
      intro: 'The token template padded with unused functions (i64 arithmetic, 4 KB each) so the module really has that much code to validate, instrument and compile; methods unchanged. Warm calls come from the compile cache and a pooled instance; rows sampled interleaved; ratio against the unpadded template.',
      rows: contractSizeRows(code, opts),
      notes: contractSizeNotes(opts),
    },
    {
      title: 'Call latency against state size',
      intro: 'Transfers between random funded accounts of the token template, with the contract state held by a ChainIndex (internal/core/chain: the in-memory index the LevelDB chain store serves every contract read from; it is rebuilt from LevelDB on open) holding 10^3 to 10^6 balance entries. Each draft\'s state writes are applied to the index. Sampled interleaved; ratio against the smallest state.',
      rows: stateSizeRows(code, opts),
      notes: ['LevelDB itself is touched only when a block is committed (one batch per block), never during a call, so it is not on this path; the token template keeps balances in contract state, not UTXOs, so these are state entries.'],
    },
  ];
}
