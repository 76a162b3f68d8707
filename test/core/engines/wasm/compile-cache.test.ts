/** Compile cache: memory LRU, disk tier, checked hashes, invalidation by version and config. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, engineConfig } from '../../../../pkg/config.js';
import { createEngine } from '../../../../internal/core/engines/wasm/manager/container.js';
import { configFingerprint } from '../../../../internal/core/engines/wasm/loader/loader.js';
import { wat } from '../../../helpers/wat.js';
import { testContext } from '../../../helpers/context.js';

const src = (n: number): string => `(module (memory 1) (func (export "Run") (result i32) i32.const ${n}))`;

describe('compile cache', () => {
  it('memory tier: miss then hit', async () => {
    const engine = createEngine();
    const code = await wat(src(0));
    await engine.prepare(code);
    await engine.prepare(code);
    expect(engine.cache.stats).toMatchObject({ misses: 1, memoryHits: 1 });
  });

  it('a buffer mutated in place after a call is hashed again, never mistaken for the old code', async () => {
    const engine = createEngine();
    const a = await wat(src(1));
    const b = await wat(src(2));
    expect(a.length).toBe(b.length);
    const buffer = new Uint8Array(a);
    const call = () => engine.callSync({ code: buffer, method: 'Run', payload: new Uint8Array(0), gasLimit: 1000n, context: testContext() });
    expect(call().status).toBe(1);
    buffer.set(b);
    expect(call().status).toBe(2);
  });

  it('memory tier is a bounded LRU', async () => {
    const engine = createEngine({ config: engineConfig({ cache: { memoryEntries: 2 } }) });
    const [a, b, c] = await Promise.all([wat(src(1)), wat(src(2)), wat(src(3))]);
    await engine.prepare(a);
    await engine.prepare(b);
    await engine.prepare(a); // a is now most recent
    await engine.prepare(c); // evicts b
    expect(engine.cache.stats.evictions).toBe(1);
    await engine.prepare(a);
    expect(engine.cache.stats.memoryHits).toBe(2);
    await engine.prepare(b);
    expect(engine.cache.stats.misses).toBe(4);
  });

  it('disk tier: a second engine (cold memory) hits the disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wes-cache-'));
    const config = engineConfig({ cache: { diskDir: dir } });
    const code = await wat(src(5));
    const first = createEngine({ config });
    const s1 = await first.prepare(code);
    const second = createEngine({ config });
    const s2 = await second.prepare(code);
    expect(second.cache.stats).toMatchObject({ diskHits: 1, misses: 0 });
    expect(s2.codeHash).toEqual(s1.codeHash);
    expect(s2.methods).toEqual(['Run']);
  });

  it('disk tier: a tampered entry is detected by its hash, removed and rebuilt — never run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wes-cache-'));
    const config = engineConfig({ cache: { diskDir: dir } });
    const code = await wat(src(6));
    await createEngine({ config }).prepare(code);
    const file = join(dir, readdirSync(dir)[0]!);
    const bytes = readFileSync(file);
    bytes[bytes.length - 3] ^= 0xff; // flip a byte of the instrumented code
    writeFileSync(file, bytes);
    const engine = createEngine({ config });
    await engine.prepare(code);
    expect(engine.cache.stats).toMatchObject({ diskCorrupt: 1, diskHits: 0, misses: 1 });
    const again = createEngine({ config });
    await again.prepare(code);
    expect(again.cache.stats.diskHits).toBe(1);
  });

  it('keys change with engine version, cost-table version, host ABI and limits', () => {
    const base = { engineVersion: 'wes-engine/1', costTableVersion: 1, hostAbi: 'abc', limits: DEFAULT_LIMITS };
    const k = configFingerprint(base);
    expect(configFingerprint({ ...base })).toBe(k);
    expect(configFingerprint({ ...base, engineVersion: 'wes-engine/2' })).not.toBe(k);
    expect(configFingerprint({ ...base, costTableVersion: 2 })).not.toBe(k);
    expect(configFingerprint({ ...base, hostAbi: 'abd' })).not.toBe(k);
    expect(configFingerprint({ ...base, limits: { ...DEFAULT_LIMITS, maxStackSlots: 1 } })).not.toBe(k);
  });

  it('an engine with other limits does not reuse disk entries of another', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wes-cache-'));
    const code = await wat(src(7));
    await createEngine({ config: engineConfig({ cache: { diskDir: dir } }) }).prepare(code);
    const other = createEngine({ config: engineConfig({ cache: { diskDir: dir }, limits: { maxStackSlots: 1000 } }) });
    await other.prepare(code);
    expect(other.cache.stats).toMatchObject({ diskHits: 0, misses: 1 });
  });
});
