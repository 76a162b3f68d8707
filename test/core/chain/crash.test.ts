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
  const sources = [...tsFiles(join(ROOT, 'pkg')), ...tsFiles(join(ROOT, 'internal')), join(ROOT, 'test/core/chain/crash-child.ts')];
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
  readonly committed: bigint | undefined;
  readonly ready: boolean;
}

function runAndKill(child: string, dir: string, delayMs: number): Promise<Run> {
  return new Promise((done, fail) => {
    const p = spawn(process.execPath, [child, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let ready = false;
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!ready && out.includes('ready')) {
        ready = true;
        setTimeout(() => p.kill('SIGKILL'), delayMs);
      }
    });
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const guard = setTimeout(() => p.kill('SIGKILL'), 10_000);
    p.on('error', fail);
    p.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (signal !== 'SIGKILL') return fail(new Error(`child exited ${code}: ${err}`));
      const heights = [...out.matchAll(/committed (\d+)/g)].map((m) => BigInt(m[1]!));
      done({ committed: heights.length > 0 ? heights[heights.length - 1] : undefined, ready });
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
    let kills = 0;
    let unreportedLanded = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const run = await runAndKill(child, dir, Math.floor(random() * 250));
      if (run.ready) kills++;
      if (run.committed !== undefined) lastCommitted = run.committed;
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
    console.info(`[crash] ${kills} kills, final height ${lastCommitted}, ${unreportedLanded} times the in-flight block had landed before the kill`);
    expect(kills).toBe(ITERATIONS);
    expect(lastCommitted).toBeGreaterThan(0n); // progress was made (how much depends on machine load)
  }, 60_000);
});
