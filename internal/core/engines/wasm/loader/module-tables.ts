/**
 * Per-module lookup tables the body decoder consults for every instruction, built once so each
 * lookup is O(1): loading stays linear in the module size whatever its shape (20,000 imports,
 * thousands of types).
 */
import type { EngineLimits } from '../../../../../pkg/config.js';
import type { ParsedModule } from './module-parser.js';
import type { CostTable } from './cost-table.js';

export interface ModuleTables {
  readonly m: ParsedModule;
  readonly limits: EngineLimits;
  readonly costs: CostTable;
  /** costs.opcode flattened by opcode. */
  readonly opCost: Int32Array;
  readonly functionCount: number;
  /** Static gas of calling each function (call cost, plus host base gas for imports). */
  readonly callCost: Int32Array;
  /**
   * Static gas of call_indirect: its own cost plus the largest host base gas of any import in
   * the table (host base gas is charged at the call site, so an indirect call to an import
   * must not skip it; overpaying is deterministic).
   */
  readonly callIndirectCost: number;
  /** 1 where a call must sync the counter (everything but gas-neutral host functions). */
  readonly syncOnCall: Uint8Array;
  readonly globalCount: number;
  /** 1 for each mutable global (imported globals count as immutable: they are forbidden anyway). */
  readonly globalMutable: Uint8Array;
  readonly tableCount: number;
  readonly memoryCount: number;
}

export function buildModuleTables(m: ParsedModule, limits: EngineLimits, costs: CostTable): ModuleTables {
  const opCost = new Int32Array(256);
  for (let op = 0; op < 256; op++) opCost[op] = costs.opcode(op);

  const functionCount = m.functionTypeOf.length;
  const callCost = new Int32Array(functionCount).fill(costs.call);
  const syncOnCall = new Uint8Array(functionCount).fill(1);
  let f = 0;
  for (const imp of m.imports) {
    if (imp.kind !== 'function') continue;
    const name = `${imp.module}.${imp.name}`;
    callCost[f] = costs.call + costs.hostCall(name);
    if (costs.gasNeutral(name)) syncOnCall[f] = 0;
    f++;
  }

  let maxTableHostCost = 0;
  for (const f of m.tableImports) maxTableHostCost = Math.max(maxTableHostCost, callCost[f]! - costs.call);

  const globalCount = m.importedGlobalCount + m.globals.length;
  const globalMutable = new Uint8Array(globalCount);
  m.globals.forEach((g, i) => {
    if (g.mutable) globalMutable[m.importedGlobalCount + i] = 1;
  });

  return {
    m,
    limits,
    costs,
    opCost,
    functionCount,
    callCost,
    callIndirectCost: costs.callIndirect + maxTableHostCost,
    syncOnCall,
    globalCount,
    globalMutable,
    tableCount: m.importedTableCount + m.tables.length,
    memoryCount: m.importedMemoryCount + m.memories.length,
  };
}
