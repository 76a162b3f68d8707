/**
 * Crash consistency: a child process commits blocks to a LevelDB directory and is SIGKILLed at
 * random moments, many times over the same directory. After every kill the store must reopen
 * at the last complete block (never behind what the child reported committed, at most the one
 * block in flight ahead), with an unbroken hash chain and a UTXO set equal to a replay of the
 * stored blocks — then the next child continues from there.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesEqual, toHex } from '../../../pkg/encoding.js';
import { ChainStore } from '../../../internal/core/chain/chain-store.js';
import { blockHash } from '../../../internal/core/chain/block-hash.js';
import { encodeTxOutput } from '../../../internal/core/wire/codec.js';
import { transactionId } from '../../../internal/core/tx/hashing.js';
import { CRASH_CHAIN_ID } from './crash-child.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const ITERATIONS = 20;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return tsFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

/** Transpiles what the child imports into `out`, keeping the tree, so plain `node` runs it. */
function transpileChild(out: string): string {
  // The whole source tree: a hand-picked subset breaks whenever an import moves.
  const sources = [...tsFiles(join(ROOT, 'pkg')), ...tsFiles(join(ROOT, 'internal')), join(ROOT, 'test/core/chain/crash-child.ts'), join(ROOT, 'test/helpers/gated-kv.ts')];
  for (const src of sources) {
    const js = ts.transpileModule(readFileSync(src, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, experimentalDecorators: true, emitDecoratorMetadata: true },
    }).outputText;
    const dest = join(out, relative(ROOT, src)).replace(/\.ts$/, '.js');
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, js);
  }
  writeFileSync(join(out, 'package.json'), '{"type":"module"}');
  symlinkSync(join(ROOT, 'node_modules'), join(out, 'node_modules'), 'dir');
  return join(out, 'test/core/chain/crash-child.js');
}

/** Deterministic delays (mulberry32): the kill moments vary, the test's choices do not. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Run {
  /** The height the child reported at start-up (`ready N`: the tip it reopened at, -1 for none). */
  readonly readyHeight: bigint;
  /** The last height the child reported committed, or its ready height when it committed none. */
  readonly committed: bigint;
}

/** Complete lines only: a line without its newline was not fully written before the kill. */
function completeLines(out: string): string[] {
  const lines = out.split('\n');
  lines.pop();
  return lines;
}

/**
 * Spawns the child, kills it `delayMs` after the first line starting with `killAfter` (`ready` or
 * `committed`: the latter guarantees progress whatever the load) and resolves on `close` — after the
 * process exited AND its stdout/stderr were drained — so every line it wrote is counted.
 * (`exit` can fire before the last "committed N" lines have been read from the pipe.)
 */
function runAndKill(child: string, dir: string, delayMs: number, killAfter: 'ready ' | 'committed '): Promise<Run> {
  return new Promise((done, fail) => {
    const p = spawn(process.execPath, [child, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let killScheduled = false;
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!killScheduled && completeLines(out).some((l) => l.startsWith(killAfter))) {
        killScheduled = true;
        setTimeout(() => p.kill('SIGKILL'), delayMs);
      }
    });
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    // A hang detector only: a child that never gets ready is a failure, never a silent pass.
    const guard = setTimeout(() => p.kill('SIGKILL'), 120_000);
    p.on('error', fail);
    p.on('close', (code, signal) => {
      clearTimeout(guard);
      if (signal !== 'SIGKILL') return fail(new Error(`child exited ${code}: ${err}`));
      const lines = completeLines(out);
      const ready = lines.filter((l) => l.startsWith('ready '));
      if (ready.length !== 1) return fail(new Error(`child printed ${ready.length} ready lines (killed by the hang guard?): ${out}${err}`));
      const readyHeight = BigInt(ready[0]!.slice('ready '.length));
      const heights = lines.flatMap((l) => (l.startsWith('committed ') ? [BigInt(l.slice('committed '.length))] : []));
      for (let k = 0; k < heights.length; k++) {
        if (heights[k] !== readyHeight + 1n + BigInt(k)) return fail(new Error(`child reported heights out of order after ready ${readyHeight}: ${heights.join(',')}`));
      }
      done({ readyHeight, committed: heights.length > 0 ? heights[heights.length - 1]! : readyHeight });
    });
  });
}

/** The UTXO set a replay of the stored blocks gives, as comparable strings. */
async function replayUtxos(store: ChainStore, height: bigint): Promise<string[]> {
  const set = new Map<string, string>();
  let previous: Uint8Array = new Uint8Array(32);
  for (let h = 0n; h <= height; h++) {
    const block = await store.getBlock(h);
    expect(block, `block ${h} is stored`).toBeDefined();
    expect(bytesEqual(block!.header.previousHash, previous), `block ${h} links to its parent`).toBe(true);
    const info = store.index.blocks.blockAt(h)!;
    expect(bytesEqual(info.hash, blockHash(block!.header))).toBe(true);
    previous = info.hash;
    for (const tx of block!.transactions) {
      const id = transactionId(tx);
      for (const i of tx.inputs) if (!i.referenceOnly) expect(set.delete(`${toHex(i.outPoint.txId)}:${i.outPoint.index}`)).toBe(true);
      tx.outputs.forEach((o, index) => {
        if (o.content.type !== 'state') set.set(`${toHex(id)}:${index}`, `${h}:${toHex(encodeTxOutput(o))}`);
      });
    }
  }
  expect(await store.getBlock(height + 1n), 'nothing stored past the tip').toBeUndefined();
  return [...set.entries()].map(([k, v]) => `${k}=${v}`).sort();
}

describe('chain store crash consistency (SIGKILL during block commits)', () => {
  let work: string;
  let child: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'wes-crash-'));
    child = transpileChild(join(work, 'js'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it(`reopens consistent after ${ITERATIONS} kills at random moments`, async () => {
    const dir = join(work, 'chain');
    const random = prng(0x5eed);
    let lastCommitted = -1n;
    let unreportedLanded = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const run = await runAndKill(child, dir, Math.floor(random() * 250), i % 2 === 0 ? 'ready ' : 'committed ');
      // The child reopened exactly where the last check left the store (genesis on the first run).
      expect(run.readyHeight, `run ${i} started at the height the previous reopen found`).toBe(i === 0 ? 0n : lastCommitted);
      lastCommitted = run.committed;
      const store = await ChainStore.open(dir, { chainId: CRASH_CHAIN_ID });
      try {
        const height = store.height ?? -1n;
        expect(height >= lastCommitted, `height ${height} >= reported ${lastCommitted}`).toBe(true);
        expect(height <= lastCommitted + 1n, `at most one unreported block (height ${height}, reported ${lastCommitted})`).toBe(true);
        if (height === lastCommitted + 1n) unreportedLanded++;
        lastCommitted = height;
        if (height >= 0n) {
          const stored = store.index.allUtxos().map((u) => `${toHex(u.outPoint.txId)}:${u.outPoint.index}=${u.blockHeight}:${toHex(encodeTxOutput(u.output))}`).sort();
          expect(stored).toEqual(await replayUtxos(store, height));
        }
      } finally {
        await store.close();
      }
    }
    console.info(`[crash] ${ITERATIONS} kills, final height ${lastCommitted}, ${unreportedLanded} times the in-flight block had landed before the kill`);
    expect(lastCommitted).toBeGreaterThanOrEqual(BigInt(ITERATIONS / 2)); // every other run committed at least one block
  }, 600_000); // a hang detector: 20 child processes on a loaded 2-core machine
});
