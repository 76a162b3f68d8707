/**
 * Loader service: validate a module before anything runs it, instrument it (gas, stack, NaN,
 * memory cap), compile it, and cache the result. The code hash is computed here from the
 * bytes, never taken from a caller.
 */
import { inject, injectable } from 'tsyringe';
import { createHash } from 'node:crypto';
import { sha256 } from '../../../../../pkg/hashes.js';
import { LoadRule, ModuleRejectedError } from '../../../../../pkg/errors.js';
import type { EngineConfig, EngineLimits } from '../../../../../pkg/config.js';
import type { ModuleSummary } from '../../../../../pkg/engine.js';
import { TOKENS } from '../../../../../pkg/tokens.js';
import { hash160, toHex } from '../../../../../pkg/encoding.js';
import { functionType, parseModule, type ParsedModule } from './module-parser.js';
import { analyseStructure, checkModuleSize } from './static-analysis.js';
import { MeteringPass } from './metering.js';
import { writeInstrumentedModule } from './module-writer.js';
import { DEFAULT_OPCODE_COSTS, costTableFor, type OpcodeCosts } from './cost-table.js';
import type { ImportTable } from '../abi/host-function.js';
import { CompileCache, type CachedArtifact } from './compile-cache.js';
import { requireValidInstrumentation, requireValidWasm } from './wasm-validator.js';

/** Bump whenever instrumentation output changes for the same input. */
export const ENGINE_VERSION = 'wes-engine/2';

export type LoadedContract = CachedArtifact;

export interface Inspection {
  readonly summary: ModuleSummary;
  readonly instrumented: Uint8Array;
  readonly chargePoints: number;
  readonly maxFrameSlots: number;
}

function plainBytes(code: Uint8Array): Uint8Array {
  // Buffers (e.g. from readFileSync) make every subarray allocate a Buffer object: normalise.
  return Object.getPrototypeOf(code) === Uint8Array.prototype ? code : new Uint8Array(code.buffer, code.byteOffset, code.byteLength);
}

const ENTRY_POINTS = new Set(['_start', '_initialize']);

function methodNames(m: ParsedModule): string[] {
  return m.exports
    .filter((e) => e.kind === 'function' && !ENTRY_POINTS.has(e.name) && !e.name.startsWith('__'))
    .filter((e) => {
      const t = functionType(m, e.index);
      return t !== undefined && t.params.length === 0 && t.results.length === 1 && t.results[0] === 0x7f;
    })
    .map((e) => e.name);
}

export function summarise(m: ParsedModule, codeHash: Uint8Array): ModuleSummary {
  const mem = m.memories[0];
  return {
    codeHash,
    // WES: address = RIPEMD160(SHA256(content hash)), content hash = SHA256(wasm).
    contractAddress: hash160(codeHash),
    size: m.bytes.length,
    functionCount: m.importedFunctionCount + m.functionTypes.length,
    imports: m.imports.map((i) => ({ module: i.module, name: i.name, kind: i.kind })),
    exports: m.exports.map((e) => ({ name: e.name, kind: e.kind })),
    memoryPages: { initial: mem?.min ?? 0, maximum: mem?.max },
    methods: methodNames(m),
  };
}

/**
 * Validate and instrument without compiling or caching (used by `wes check` and the loader).
 * `imports` is the host ABI the module will be linked against: its declarations decide which
 * imports are allowed and what each call to one costs.
 * Order: our decoder and structural rules (specific rule names), V8's validator on the original
 * bytes, then the rewrite, then V8's validator on the rewritten bytes.
 */
export function inspectModule(
  code: Uint8Array,
  limits: EngineLimits,
  imports: ImportTable,
  opcodes: OpcodeCosts = DEFAULT_OPCODE_COSTS,
  options: { readonly validateOutput?: boolean } = {},
): Inspection {
  const bytes = plainBytes(code);
  checkModuleSize(bytes, limits);
  const parsed = parseModule(bytes);
  analyseStructure(parsed, limits, imports);
  const costs = costTableFor(imports, opcodes);
  // The engine's globals go after every declared one: no checked index can reach them.
  const g = parsed.importedGlobalCount + parsed.globals.length;
  const pass = new MeteringPass(parsed, limits, costs, { gas: g, depth: g + 1, oom: g + 2 });
  requireValidWasm(bytes, () => pass.analyse());
  const metering = pass.run();
  const instrumented = writeInstrumentedModule({
    parsed,
    metering,
    maxMemoryPages: limits.maxMemoryPages,
    initGas: limits.initGasLimit,
  });
  // The loader skips this: compiling validates the same bytes (compileFresh maps the failure).
  if (options.validateOutput !== false) requireValidInstrumentation(instrumented);
  return {
    summary: summarise(parsed, sha256(bytes)),
    instrumented,
    chargePoints: metering.chargePoints,
    maxFrameSlots: metering.frameCosts.reduce((a, b) => Math.max(a, b), 0),
  };
}

export function compileInstrumented(instrumented: Uint8Array): WebAssembly.Module {
  try {
    return new WebAssembly.Module(instrumented as Uint8Array<ArrayBuffer>);
  } catch (e) {
    throw new ModuleRejectedError(LoadRule.CompileFailed, `module failed wasm validation: ${(e as Error).message}`);
  }
}

/** Compiles freshly instrumented code: the original passed V8's validator, so a failure here is an engine bug. */
function compileFresh(instrumented: Uint8Array): WebAssembly.Module {
  try {
    return new WebAssembly.Module(instrumented as Uint8Array<ArrayBuffer>);
  } catch {
    requireValidInstrumentation(instrumented);
    throw new ModuleRejectedError(LoadRule.CompileFailed, 'instrumented module validated but failed to compile');
  }
}

/** Everything besides the code that shapes instrumented output; all of it goes into the cache key. */
export interface CacheKeyParts {
  readonly engineVersion: string;
  readonly costTableVersion: number;
  /** ImportTable.fingerprint: the host functions' signatures and static gas. */
  readonly hostAbi: string;
  readonly limits: EngineLimits;
}

export function configFingerprint(parts: CacheKeyParts): string {
  const limits = JSON.stringify(parts.limits, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  return toHex(sha256(new TextEncoder().encode(`${parts.engineVersion}|costs:${parts.costTableVersion}|host:${parts.hostAbi}|${limits}`))).slice(0, 16);
}

@injectable()
export class ContractLoader {
  private readonly configKey: string;

  constructor(
    @inject(TOKENS.EngineConfig) private readonly config: EngineConfig,
    @inject(TOKENS.CompileCache) private readonly cache: CompileCache,
    @inject(TOKENS.HostAbi) private readonly imports: ImportTable,
  ) {
    this.configKey = configFingerprint({
      engineVersion: ENGINE_VERSION,
      costTableVersion: DEFAULT_OPCODE_COSTS.version,
      hostAbi: imports.fingerprint,
      limits: config.limits,
    });
  }

  /**
   * Buffers seen before, with a private copy of their bytes: a hit is confirmed by comparing
   * the bytes (native memcmp, far cheaper than hashing), so a caller mutating its buffer gets
   * a fresh hash — the key is always the hash of the bytes actually passed.
   */
  private readonly seen = new WeakMap<Uint8Array, { readonly bytes: Buffer; readonly key: string }>();

  /** Cache key of a module: its own hash plus everything that shapes the instrumented code. */
  keyFor(code: Uint8Array): string {
    const view = Buffer.from(code.buffer, code.byteOffset, code.byteLength);
    const known = this.seen.get(code);
    if (known !== undefined && known.bytes.equals(view)) return known.key;
    // node:crypto (OpenSSL) hashes 200 KB in ~0.1 ms, an order of magnitude faster than a JS sha256.
    const key = `${createHash('sha256').update(view).digest('hex')}-${this.configKey}`;
    this.seen.set(code, { bytes: Buffer.from(view), key });
    return key;
  }

  /**
   * `persist: false` keeps a fresh compile out of the disk tier: code that is only being checked
   * (a deploy's dry run or admission) is not on chain, and strangers must not fill the disk.
   */
  /** Compiled with persist: false and not written since: the first persisting load writes them. */
  private readonly notOnDisk = new WeakSet<LoadedContract>();

  load(code: Uint8Array, opts: { readonly persist?: boolean } = {}): LoadedContract {
    if (code.length > this.config.limits.maxModuleBytes) checkModuleSize(code, this.config.limits);
    const key = this.keyFor(code);
    const hit = this.cache.getMemory(key);
    if (hit !== undefined) {
      if (opts.persist !== false && this.notOnDisk.delete(hit)) this.cache.putDisk(key, { instrumented: hit.instrumented, summary: hit.summary });
      return hit;
    }

    const disk = this.cache.getDisk(key);
    if (disk !== undefined) {
      const artifact: LoadedContract = { key, instrumented: disk.instrumented, summary: disk.summary, module: compileInstrumented(disk.instrumented) };
      this.cache.putMemory(artifact);
      return artifact;
    }

    this.cache.stats.misses++;
    const inspection = inspectModule(code, this.config.limits, this.imports, DEFAULT_OPCODE_COSTS, { validateOutput: false });
    const artifact: LoadedContract = {
      key,
      instrumented: inspection.instrumented,
      summary: inspection.summary,
      module: compileFresh(inspection.instrumented),
    };
    this.cache.putMemory(artifact);
    if (opts.persist !== false) this.cache.putDisk(key, { instrumented: artifact.instrumented, summary: artifact.summary });
    else this.notOnDisk.add(artifact);
    return artifact;
  }
}
