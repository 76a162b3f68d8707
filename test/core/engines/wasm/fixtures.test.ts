import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../../internal/core/engines/wasm/manager/container.js';
import { testContext } from '../../../helpers/context.js';

const FIXTURES = new URL('../../../../../shared/fixtures/wes-tinygo/', import.meta.url);
const load = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`${name}/main.wasm`, FIXTURES)));

describe('real TinyGo WES binaries', () => {
  for (const name of ['hello-world', 'simple-token']) {
    it(`${name}: passes validation, instantiates with the full import set and runs _start`, async () => {
      const engine = createEngine();
      const code = load(name);
      const summary = await engine.prepare(code);
      expect(summary.methods).toContain('Initialize');
      expect(summary.imports.length).toBeGreaterThan(5);
      // Any method: instantiation links every import and runs _start (TinyGo initialisers).
      const result = await engine.call({ code, method: 'Initialize', payload: new TextEncoder().encode('{}'), gasLimit: 50_000_000n, context: testContext() });
      expect(result.error?.code ?? 'none').not.toMatch(/LINK|HOST_ERROR/);
      expect(engine.runtime.stats.instantiations).toBe(1);
      console.log(name, result.statusName, result.gasUsed, result.error?.message, result.logs);
    });
  }
});
