/**
 * Calls to gas-neutral host functions skip the gas-counter sync, which is only sound if those
 * functions never charge gas themselves: each must cost exactly its static base.
 */
import { describe, expect, it } from 'vitest';
import { createEngine, nodeHostAbi } from '../../../../internal/core/engines/wasm/manager/container.js';
import { DEFAULT_OPCODE_COSTS } from '../../../../internal/core/engines/wasm/loader/cost-table.js';
import { testContext } from '../../../helpers/context.js';
import { wat } from '../../../helpers/wat.js';

const T: Record<string, string> = { i: 'i32', I: 'i64' };

describe('gas-neutral host functions', () => {
  for (const f of nodeHostAbi().functions.filter((x) => x.gas.neutral === true)) {
    it(`${f.name} costs exactly its static base`, async () => {
      const [params, results] = f.signatures[0]!.split('->') as [string, string];
      const args = [...params].map((p) => `(${T[p]}.const 64)`).join(' ');
      const drop = results ? 'drop' : '';
      const sig = `(param ${[...params].map((p) => T[p]).join(' ')}) ${results ? `(result ${T[results]})` : ''}`;
      const code = await wat(`(module (import "${f.module}" "${f.name}" (func $f ${sig})) (memory (export "memory") 1)
        (func (export "Run") (result i32) (call $f ${args}) ${drop} i32.const 0))`);
      const r = await createEngine().call({ code, method: 'Run', payload: new Uint8Array(0), gasLimit: 100_000n, context: testContext() });
      expect(r.ok, r.error?.message).toBe(true);
      // args (1 each) + call + host base + [drop] + i32.const
      const expected = params.length + DEFAULT_OPCODE_COSTS.call + f.gas.base + (results ? 1 : 0) + 1;
      expect(r.gasUsed).toBe(BigInt(expected));
    });
  }
});
