/**
 * Load-time rules on the module structure (the body-level rules — locals, opcodes, features —
 * are checked by the metering pass, which decodes every instruction anyway). Each violated
 * rule is one typed ModuleRejectedError naming the rule.
 */
import { LoadRule, ModuleRejectedError } from '../../../../../pkg/errors.js';
import type { EngineLimits } from '../../../../../pkg/config.js';
import { ENV_MODULE, WASI_MODULE, signatureString } from '../../../../../pkg/abi.js';
import type { ImportTable } from '../abi/host-function.js';
import { functionType, type ParsedModule } from './module-parser.js';

/** Export names the engine adds to instrumented modules. */
export const RESERVED_EXPORT_PREFIX = '__wes_';

function reject(rule: string, message: string, details: Record<string, unknown> = {}): never {
  throw new ModuleRejectedError(rule, message, details);
}

export function checkModuleSize(bytes: Uint8Array, limits: EngineLimits): void {
  if (bytes.length > limits.maxModuleBytes) {
    reject(LoadRule.TooLarge, `module is ${bytes.length} bytes; the limit is ${limits.maxModuleBytes}`, {
      size: bytes.length,
      limit: limits.maxModuleBytes,
    });
  }
}

export function checkImports(m: ParsedModule, table: ImportTable): void {
  for (const imp of m.imports) {
    const where = `${imp.module}.${imp.name}`;
    if (imp.module !== ENV_MODULE && imp.module !== WASI_MODULE) {
      reject(LoadRule.ForbiddenImportModule, `import ${where}: module "${imp.module}" is not provided (only "env" and "wasi_snapshot_preview1")`, {
        import: where,
      });
    }
    if (imp.kind !== 'function') {
      reject(LoadRule.ForbiddenImportKind, `import ${where}: only functions may be imported, not a ${imp.kind}`, { import: where });
    }
    const allowed = table.lookup(imp.module, imp.name)?.signatures;
    if (allowed === undefined) {
      reject(LoadRule.UnknownImport, `import ${where} is not part of the host ABI (see ABI.md §4/§6)`, { import: where });
    }
    const type = m.types[imp.typeIndex as number];
    if (type === undefined) reject(LoadRule.Malformed, `import ${where} has a bad type index`);
    const sig = signatureString(type.params, type.results);
    if (!allowed.includes(sig)) {
      reject(LoadRule.ImportSignatureMismatch, `import ${where} has signature ${sig}; the ABI allows ${allowed.join(' or ')}`, {
        import: where,
        signature: sig,
        allowed,
      });
    }
  }
}

export function checkMemory(m: ParsedModule, limits: EngineLimits): void {
  if (m.memories.length === 0) reject(LoadRule.NoMemory, 'module defines no memory; a contract must define (and export) exactly one');
  if (m.memories.length > 1) reject(LoadRule.MultipleMemories, `module defines ${m.memories.length} memories; multi-memory is not supported`);
  const mem = m.memories[0]!;
  if (mem.shared) reject(LoadRule.UnsupportedFeature, 'shared memory (threads) is not supported', { feature: 'threads' });
  if (mem.min > limits.maxMemoryPages) {
    reject(LoadRule.MemoryTooLarge, `module needs ${mem.min} memory pages at start; the cap is ${limits.maxMemoryPages}`, {
      pages: mem.min,
      limit: limits.maxMemoryPages,
    });
  }
}

export function checkCounts(m: ParsedModule, limits: EngineLimits): void {
  const functions = m.functionTypes.length + m.importedFunctionCount;
  if (functions > limits.maxFunctions) {
    reject(LoadRule.TooManyFunctions, `module has ${functions} functions; the limit is ${limits.maxFunctions}`, { count: functions });
  }
  if (m.types.length > limits.maxTypes) {
    reject(LoadRule.TooManyTypes, `module declares ${m.types.length} function types; the limit is ${limits.maxTypes}`, { count: m.types.length, limit: limits.maxTypes });
  }
  if (m.tables.length > 1) reject(LoadRule.TooManyTables, `module defines ${m.tables.length} tables; at most one funcref table is allowed`);
  if (m.tables.length === 1) {
    if (m.tableElemTypes[0] !== 0x70) reject(LoadRule.UnsupportedFeature, 'only a funcref table is allowed', { feature: 'reference-types' });
    const t = m.tables[0]!;
    const size = Math.max(t.min, t.max ?? t.min);
    if (t.min > limits.maxTableSize || (t.max !== undefined && t.max > limits.maxTableSize)) {
      reject(LoadRule.TableTooLarge, `table size ${size} exceeds the limit ${limits.maxTableSize}`, { size });
    }
  }
  if (m.globals.length > limits.maxGlobals) {
    reject(LoadRule.TooManyGlobals, `module has ${m.globals.length} globals; the limit is ${limits.maxGlobals}`, { count: m.globals.length });
  }
  if (m.dataSegments > limits.maxDataSegments) {
    reject(LoadRule.TooManyDataSegments, `module has ${m.dataSegments} data segments; the limit is ${limits.maxDataSegments}`, {
      count: m.dataSegments,
    });
  }
  if (m.passiveDataSegments > 0) {
    reject(LoadRule.UnsupportedFeature, 'passive data segments (memory.init / data.drop) are not supported; use active segments', {
      feature: 'bulk-memory segments',
    });
  }
  if (m.exports.length > limits.maxExports) {
    reject(LoadRule.TooManyExports, `module has ${m.exports.length} exports; the limit is ${limits.maxExports}`);
  }
  for (const e of m.exports) {
    if (e.name.startsWith(RESERVED_EXPORT_PREFIX)) {
      reject(LoadRule.ReservedExport, `export "${e.name}" uses the engine's reserved prefix ${RESERVED_EXPORT_PREFIX}`, { export: e.name });
    }
  }
  for (const b of m.codeBodies) {
    if (b.end - b.start > limits.maxFunctionBodyBytes) {
      reject(LoadRule.FunctionTooLarge, `a function body is ${b.end - b.start} bytes; the limit is ${limits.maxFunctionBodyBytes}`);
    }
  }
}

/** The engine runs the start function with no arguments and ignores results: it must be [] -> []. */
export function checkStart(m: ParsedModule): void {
  if (m.start === undefined) return;
  const type = functionType(m, m.start);
  if (type === undefined) reject(LoadRule.IndexOutOfRange, `start function ${m.start} does not exist`, { function: m.start });
  if (type.params.length > 0 || type.results.length > 0) {
    reject(LoadRule.BadStartFunction, `start function ${m.start} must take no parameters and return nothing; it has ${type.params.length} parameter(s) and ${type.results.length} result(s)`, {
      function: m.start,
      params: type.params.length,
      results: type.results.length,
    });
  }
}

/** All structural rules, cheapest first. */
export function analyseStructure(m: ParsedModule, limits: EngineLimits, imports: ImportTable): void {
  checkImports(m, imports);
  checkMemory(m, limits);
  checkCounts(m, limits);
  checkStart(m);
}
