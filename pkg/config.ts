/** Engine configuration an operator may tune. Every field has a safe default. */
export interface EngineLimits {
  /** Largest wasm binary accepted, bytes. */
  readonly maxModuleBytes: number;
  /** Memory cap in 64 KiB pages; the module's maximum is set (or lowered) to it. */
  readonly maxMemoryPages: number;
  readonly maxFunctions: number;
  /**
   * Function types in the type section. V8's own validation is quadratic in distinct types
   * (16,000 types: seconds), so this is checked before V8 ever sees the module.
   */
  readonly maxTypes: number;
  readonly maxLocalsPerFunction: number;
  readonly maxFunctionBodyBytes: number;
  readonly maxTableSize: number;
  readonly maxGlobals: number;
  readonly maxDataSegments: number;
  readonly maxExports: number;
  /** Deterministic stack budget in value slots (locals + operand stack + frame overhead). */
  readonly maxStackSlots: number;
  /** Largest gas limit a caller may ask for. */
  readonly maxGasLimit: bigint;
  /** Gas available to start-up code (start section, _initialize/_start). */
  readonly initGasLimit: bigint;
  readonly maxPayloadBytes: number;
  readonly maxReturnDataBytes: number;
  readonly maxLogBytes: number;
}

export interface CacheConfig {
  /** Compiled modules kept in memory (LRU). */
  readonly memoryEntries: number;
  /** Directory of the disk tier; undefined disables it. */
  readonly diskDir: string | undefined;
  /** Idle instances kept per module for warm calls. */
  readonly poolPerModule: number;
}

export interface EngineConfig {
  readonly limits: EngineLimits;
  readonly cache: CacheConfig;
}

export const DEFAULT_LIMITS: EngineLimits = {
  maxModuleBytes: 4 * 1024 * 1024,
  maxMemoryPages: 256,
  maxFunctions: 20_000,
  maxTypes: 2_048,
  maxLocalsPerFunction: 4_096,
  maxFunctionBodyBytes: 512 * 1024,
  maxTableSize: 65_536,
  maxGlobals: 1_024,
  maxDataSegments: 4_096,
  maxExports: 1_024,
  maxStackSlots: 40_000,
  maxGasLimit: 10_000_000_000n,
  initGasLimit: 1_000_000_000n,
  maxPayloadBytes: 1024 * 1024,
  maxReturnDataBytes: 1024 * 1024,
  maxLogBytes: 16 * 1024,
};

export const DEFAULT_CACHE: CacheConfig = {
  memoryEntries: 256,
  diskDir: undefined,
  poolPerModule: 4,
};

export function engineConfig(overrides: { limits?: Partial<EngineLimits>; cache?: Partial<CacheConfig> } = {}): EngineConfig {
  return {
    limits: { ...DEFAULT_LIMITS, ...overrides.limits },
    cache: { ...DEFAULT_CACHE, ...overrides.cache },
  };
}
