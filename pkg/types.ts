/** Shared value types. Bytes are Uint8Array, amounts and heights are bigint. */

/** 20-byte account or contract address: RIPEMD160(SHA256(key or wasm)). */
export type Address = Uint8Array;
/** 32-byte hash (transaction id, block hash, code hash). */
export type Hash = Uint8Array;
/** Base units of an asset (1 WES = 10^8). Never a JS number. */
export type Amount = bigint;

export const ADDRESS_LENGTH = 20;
export const HASH_LENGTH = 32;

/** Contract status codes returned by exported methods (ABI.md §8). */
export const ContractStatus = {
  SUCCESS: 0,
  INVALID_PARAMS: 1,
  INSUFFICIENT_BALANCE: 2,
  UNAUTHORIZED: 3,
  NOT_FOUND: 4,
  ALREADY_EXISTS: 5,
  EXECUTION_FAILED: 6,
  INVALID_STATE: 7,
  TIMEOUT: 8,
  NOT_IMPLEMENTED: 9,
  PERMISSION_DENIED: 10,
  UNKNOWN: 999,
} as const;
export type ContractStatusName = keyof typeof ContractStatus;

const statusNames = new Map<number, ContractStatusName>(
  (Object.entries(ContractStatus) as [ContractStatusName, number][]).map(([k, v]) => [v, k]),
);

/** Name of a status code; codes outside the table are reported as UNKNOWN. */
export function contractStatusName(code: number): ContractStatusName {
  return statusNames.get(code) ?? 'UNKNOWN';
}

/** Host error codes (ABI.md §7), returned to contracts by host functions. */
export const HostErrorCode = {
  InvalidParameter: 1001,
  BufferTooSmall: 1005,
  InvalidAddress: 1010,
  InvalidHash: 1011,
  InsufficientBalance: 2001,
  NotFound: 2002,
  ResourceNotFound: 2003,
  PermissionDenied: 2004,
  Internal: 5001,
  Encoding: 5002,
  ContextNotFound: 5003,
  MemoryAccess: 5004,
  ServiceUnavailable: 5005,
  NotImplemented: 5006,
  OutOfGas: 6001,
  LimitExceeded: 6002,
} as const;

/** ABI version reported by get_abi_version: (major << 16) | (minor << 8) | patch. */
export const ABI_VERSION = 0x00010100;
