/**
 * One error hierarchy for the whole engine. Every failure a user (operator, contract author,
 * API client) can cause is a WesError with a stable `code`; messages say what to do about it.
 * Codes are part of the public contract: never rename one, add new ones instead.
 */
export type ErrorCategory = 'load' | 'execution' | 'host' | 'input' | 'tx' | 'chain' | 'config' | 'internal';

export class WesError extends Error {
  readonly code: string;
  readonly category: ErrorCategory;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: string, category: ErrorCategory, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.category = category;
    this.details = details;
  }

  toJSON(): { code: string; category: ErrorCategory; message: string; details: Readonly<Record<string, unknown>> } {
    return { code: this.code, category: this.category, message: this.message, details: this.details };
  }
}

/** A module failed a load-time rule (validation, limits, features) — nothing ran. */
export class ModuleRejectedError extends WesError {
  readonly rule: string;
  constructor(rule: string, message: string, details: Record<string, unknown> = {}) {
    super(`LOAD_${rule}`, 'load', message, { rule, ...details });
    this.rule = rule;
  }
}

/** Stable rule names for ModuleRejectedError (code = `LOAD_<rule>`). */
export const LoadRule = {
  BadMagic: 'BAD_MAGIC',
  BadVersion: 'BAD_VERSION',
  TooLarge: 'TOO_LARGE',
  Malformed: 'MALFORMED',
  /** Decodes, but the wasm validator (V8's, run on the original bytes before any rewriting) rejects it. */
  Invalid: 'INVALID',
  /** An index (local, global, function, type, table, memory, label depth) past the ones the module declares. */
  IndexOutOfRange: 'INDEX_OUT_OF_RANGE',
  /** The start function takes parameters or returns results (the engine calls it with none). */
  BadStartFunction: 'BAD_START_FUNCTION',
  NoMemory: 'NO_MEMORY',
  MultipleMemories: 'MULTIPLE_MEMORIES',
  MemoryTooLarge: 'MEMORY_TOO_LARGE',
  ForbiddenImportModule: 'FORBIDDEN_IMPORT_MODULE',
  UnknownImport: 'UNKNOWN_IMPORT',
  ImportSignatureMismatch: 'IMPORT_SIGNATURE_MISMATCH',
  ForbiddenImportKind: 'FORBIDDEN_IMPORT_KIND',
  TooManyFunctions: 'TOO_MANY_FUNCTIONS',
  TooManyTypes: 'TOO_MANY_TYPES',
  TooManyLocals: 'TOO_MANY_LOCALS',
  FunctionTooLarge: 'FUNCTION_TOO_LARGE',
  TableTooLarge: 'TABLE_TOO_LARGE',
  TooManyTables: 'TOO_MANY_TABLES',
  TooManyGlobals: 'TOO_MANY_GLOBALS',
  TooManyDataSegments: 'TOO_MANY_DATA_SEGMENTS',
  TooManyExports: 'TOO_MANY_EXPORTS',
  ReservedExport: 'RESERVED_EXPORT',
  UnsupportedFeature: 'UNSUPPORTED_FEATURE',
  CompileFailed: 'COMPILE_FAILED',
} as const;
export type LoadRuleName = (typeof LoadRule)[keyof typeof LoadRule];

/**
 * Why a contract execution stopped abnormally. Each carries the gas used up to that point,
 * which is deterministic: the same call fails the same way with the same gas everywhere.
 */
export const TRAP_KINDS = [
  'OUT_OF_GAS',
  'STACK_OVERFLOW',
  'MEMORY_LIMIT',
  'UNREACHABLE',
  'MEMORY_ACCESS',
  'CONTRACT_ABORT',
  'INTEGER_DIVIDE_BY_ZERO',
  'INTEGER_OVERFLOW',
  'INVALID_CONVERSION',
  'INDIRECT_CALL',
  'TABLE_ACCESS',
  'HOST_ERROR',
  'PROC_EXIT',
  /** No longer produced: V8's stack running out is an engine fault (InternalError), never a result. */
  'HOST_STACK_EXHAUSTED',
] as const;
export type TrapKind = (typeof TRAP_KINDS)[number];

export class ExecutionError extends WesError {
  readonly trap: TrapKind;
  gasUsed: bigint;
  constructor(trap: TrapKind, message: string, gasUsed = 0n, details: Record<string, unknown> = {}) {
    super(`EXEC_${trap}`, 'execution', message, details);
    this.trap = trap;
    this.gasUsed = gasUsed;
  }
  override toJSON(): ReturnType<WesError['toJSON']> & { trap: TrapKind; gasUsed: string } {
    return { ...super.toJSON(), trap: this.trap, gasUsed: this.gasUsed.toString() };
  }
}

/** A host function ended the call (bad pointer, exhausted gas inside a host call, abort, proc_exit). */
export class HostTrap extends ExecutionError {}

/** The caller asked for something that does not exist or is out of range (method, gas limit, payload). */
export class InvalidRequestError extends WesError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(`INPUT_${code}`, 'input', message, details);
  }
}

/** Something inside the engine broke an invariant. Reported, never swallowed. */
export class InternalError extends WesError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('INTERNAL', 'internal', message, details);
  }
}

/**
 * The engine cannot run deterministically in this process as configured (e.g. the thread's
 * native stack is too small for the stack budget). Raised when the engine starts, never by a
 * call: the operator must change the configuration. Codes are `CONFIG_<reason>`.
 */
export class EngineConfigError extends WesError {
  constructor(reason: string, message: string, details: Record<string, unknown> = {}) {
    super(`CONFIG_${reason}`, 'config', message, details);
  }
}

export function isWesError(e: unknown): e is WesError {
  return e instanceof WesError;
}

/**
 * A transaction, output, proof or signature is malformed, non-canonical or cannot be encoded,
 * hashed or signed. Codes are `TX_<reason>` (e.g. TX_NON_CANONICAL, TX_BAD_LENGTH).
 */
export class TxError extends WesError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(`TX_${code}`, 'tx', message, details);
  }
}

/**
 * A block, the chain store or the block producer refused or failed an operation: a block that
 * does not extend the tip, a bad header, a store that is closed or inconsistent. Codes are
 * `CHAIN_<reason>` (e.g. CHAIN_BAD_PARENT, CHAIN_BAD_MERKLE_ROOT, CHAIN_STORE_CLOSED).
 */
export class ChainError extends WesError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(`CHAIN_${code}`, 'chain', message, details);
  }
}

/**
 * The node stopped a simulation for its own protection, not by consensus rules: it ran past the
 * node's wall-clock deadline (EXEC_DEADLINE), its worker ran out of memory
 * (EXEC_SIMULATION_MEMORY) or it read more chain data than the node serves one simulation
 * (EXEC_SIMULATION_READS), or its effects are too large to bring back
 * (EXEC_SIMULATION_RESULT_TOO_LARGE). Block execution never raises these: it is bounded by gas alone.
 */
export class SimulationAbortedError extends WesError {
  constructor(
    code: 'EXEC_DEADLINE' | 'EXEC_SIMULATION_MEMORY' | 'EXEC_SIMULATION_READS' | 'EXEC_SIMULATION_RESULT_TOO_LARGE',
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(code, 'execution', message, details);
  }
}
