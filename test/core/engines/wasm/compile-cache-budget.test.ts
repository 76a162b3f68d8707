/**
 * The disk compile cache stays within its byte budget: least recently used entries (by write or
 * by hit, also across a restart) are evicted first; an entry larger than the budget is not
 * written; stray temp files from a crash are removed on open. Code that is only checked
 * (prepare with persist: false) stays in memory until it first runs.
 */
import { mkdtempSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CompileCache, type DiskEntry } from '../../../../internal/core/engines/wasm/loader/compile-cache.js';
import { createEngine } from '../../../../internal/core/engines/wasm/manager/container.js';
import { engineConfig } from '../../../../pkg/config.js';
import { wat } from '../../../helpers/wat.js';
import { testContext } from '../../../helpers/context.js';

function entry(fill: number, size: number): DiskEntry {
  return {
    instrumented: new Uint8Array(size).fill(fill),
    summary: {
      codeHash: new Uint8Array(32).fill(fill),
      contractAddress: new Uint8Array(20).fill(fill),
      size,
      functionCount: 1,
      imports: [],
      exports: [],
      memoryPages: { initial: 1, maximum: undefined },
      methods: ['run'],
    },
  };
}

const onDisk = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.wesc')).sort();
const bytesOnDisk = (dir: string): number => onDisk(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);

describe('disk compile cache byte budget', () => {
  it('evicts the least recently used entry to stay within budget; a hit makes an entry recent', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wes-budget-'));
    // Each entry is 10 KiB of code plus a header of a few hundred bytes: two fit, three do not.
    const cache = new CompileCache(4, dir, 25 * 1024);
    cache.putDisk('a', entry(1, 10 * 1024));
    cache.putDisk('b', entry(2, 10 * 1024));
    expect(cache.getDisk('a')).toBeDefined(); // a is now more recent than b
    cache.putDisk('c', entry(3, 10 * 1024));
    expect(onDisk(dir)).toEqual(['a.wesc', 'c.wesc']);
    expect(cache.stats.diskEvictions).toBe(1);
    expect(cache.getDisk('b')).toBeUndefined();
    expect(cache.diskBytes).toBe(bytesOnDisk(dir));
    expect(cache.diskBytes).toBeLessThanOrEqual(25 * 1024);
  });

  it('never writes an entry larger than the whole budget', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wes-budget-'));
    const cache = new CompileCache(4, dir, 8 * 1024);
    cache.putDisk('small', entry(1, 1024));
    cache.putDisk('huge', entry(2, 64 * 1024));
    expect(onDisk(dir)).toEqual(['small.wesc']);
    expect(cache.diskBytes).toBeLessThanOrEqual(8 * 1024);
  });

  it('keeps the budget across restarts and under a smaller budget: recency comes from file times', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wes-budget-'));
    const first = new CompileCache(4, dir, 100 * 1024);
    for (const [i, k] of ['p', 'q', 'r', 's'].entries()) first.putDisk(k, entry(i + 1, 10 * 1024));
    // Make the order unambiguous whatever the file-system time resolution: p oldest ... s newest.
    const t0 = Date.now() / 1000 - 1000;
    for (const [i, k] of ['p', 'q', 'r', 's'].entries()) utimesSync(join(dir, `${k}.wesc`), t0 + i * 10, t0 + i * 10);
    writeFileSync(join(dir, 'p.wesc.123.tmp'), 'a crash left this half-written');
    const reopened = new CompileCache(4, dir, 25 * 1024);
    expect(onDisk(dir)).toEqual(['r.wesc', 's.wesc']);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(reopened.diskBytes).toBe(bytesOnDisk(dir));
    expect(reopened.getDisk('r')?.summary.methods).toEqual(['run']);
  });
});


describe('only code that runs reaches the disk tier', () => {
  it('prepare({ persist: false }) compiles in memory only; the first call writes the entry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wes-persist-'));
    const engine = createEngine({ config: engineConfig({ cache: { diskDir: dir } }) });
    const code = await wat('(module (memory 1) (func (export "Run") (result i32) i32.const 0))');
    await engine.prepare(code, { persist: false });
    await engine.prepare(code, { persist: false });
    expect(onDisk(dir)).toEqual([]);
    engine.callSync({ code, method: 'Run', payload: new Uint8Array(0), gasLimit: 1000n, context: testContext() });
    expect(onDisk(dir)).toHaveLength(1);
  });
});
