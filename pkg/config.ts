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
  /**
   * Deterministic stack budget in value slots (see NATIVE_STACK below for the frame formula and
   * how the default was measured). A call that needs more ends with EXEC_STACK_OVERFLOW at the
   * same depth and gas on every machine; the engine refuses to start on a thread whose native
   * stack cannot hold this budget with margin (CONFIG_STACK_TOO_SMALL).
   */
  readonly maxStackSlots: number;
  /** Largest gas limit a caller may ask for. */
  readonly maxGasLimit: bigint;
  /** Gas available to start-up code (start section, _initialize/_start). */
  readonly initGasLimit: bigint;
  readonly maxPayloadBytes: number;
  readonly maxReturnDataBytes: number;
  readonly maxLogBytes: number;
}

/**
 * Native stack accounting behind maxStackSlots. A wasm frame costs, in slots:
 *   2 × params + 2 × results + locals + max operand-stack height + frameOverheadSlots
 * (params are held by the caller's operand stack, its outgoing-argument area and the callee's
 * frame; multi-value results by the callee's operand stack and the caller's return area). A
 * host function that calls back into the guest (host malloc → the guest's allocator) costs
 * hostReentrySlots more for the JS and wrapper frames in between.
 *
 * Measured on Node 20.20 / V8 11.3 x64: instrumented deep recursion until V8's RangeError at
 * --stack-size 500 and 900; bytes per frame = 400 KiB / difference in depth; slots by the
 * formula above; Liftoff = --liftoff-only, TurboFan = --no-liftoff (default tiering behaved as
 * Liftoff for every shape):
 *   shape                                   slots  Liftoff B/frame  TurboFan B/frame  worst B/slot
 *   no locals, 1 param                         14         64               48           4.6
 *   4000 i64 locals                          4014     31,508               48           7.9
 *   1000 i64 locals live across the call     1014      8,031            8,031           7.9
 *   operand stack of 300 i64                  314      2,453               48           7.8
 *   999 i64 params                           3007     24,094            8,031           8.0
 *   1000 i64 results                         3010     15,754           15,754           5.2
 *   call_indirect mutual recursion             14         64               48           4.6
 *   host malloc -> guest malloc -> ... cycle   269        634 (JS + wasm frames)         2.4
 * So every shape stays at or below ~8 bytes per slot. The engine assumes 16 (2× margin) and
 * requires the whole budget plus a reserve for host functions and the caller's own frames to
 * fit: maxStackSlots × bytesPerSlotBound + hostReserveBytes. The default (16,384 slots = 256 KiB
 * + 64 KiB reserve) fits `node --stack-size=400` (the smallest configuration tested; about
 * 340 KiB of V8 stack is needed), the default main thread (984 KiB) and worker threads with
 * stackSizeMb ≥ 2. Supported = wherever the start-up probe passes: creating an engine runs the
 * worst-case shapes to that depth on the current thread (runtime/native-stack-check.ts) and
 * refuses with CONFIG_STACK_TOO_SMALL otherwise, so a machine can refuse to run but never
 * produce a different result. If V8's stack still ran out during a call (a caller far deeper
 * than at start-up), the call has no result: the runtime throws InternalError.
 */
export const NATIVE_STACK = {
  frameOverheadSlots: 8,
  hostReentrySlots: 256,
  bytesPerSlotBound: 16,
  hostReserveBytes: 64 * 1024,
} as const;

/** Native stack bytes a thread must have free to run calls under `limits` (checked at start-up). */
export function requiredNativeStackBytes(limits: Pick<EngineLimits, 'maxStackSlots'>): number {
  return limits.maxStackSlots * NATIVE_STACK.bytesPerSlotBound + NATIVE_STACK.hostReserveBytes;
}

export interface CacheConfig {
  /** Compiled modules kept in memory (LRU). */
  readonly memoryEntries: number;
  /** Directory of the disk tier; undefined disables it. */
  readonly diskDir: string | undefined;
  /** Byte budget of the disk tier; least recently used entries are evicted to stay within it. */
  readonly diskBudgetBytes: number;
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
  maxStackSlots: 16_384,
  maxGasLimit: 10_000_000_000n,
  initGasLimit: 1_000_000_000n,
  maxPayloadBytes: 1024 * 1024,
  maxReturnDataBytes: 1024 * 1024,
  maxLogBytes: 16 * 1024,
};

export const DEFAULT_CACHE: CacheConfig = {
  memoryEntries: 256,
  diskDir: undefined,
  diskBudgetBytes: 256 * 1024 * 1024,
  poolPerModule: 4,
};

export function engineConfig(overrides: { limits?: Partial<EngineLimits>; cache?: Partial<CacheConfig> } = {}): EngineConfig {
  return {
    limits: { ...DEFAULT_LIMITS, ...overrides.limits },
    cache: { ...DEFAULT_CACHE, ...overrides.cache },
  };
}
