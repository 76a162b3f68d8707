// Contract status codes, the result of every exported method (ABI.md §8). Non-zero = failed: the
// host discards the call's draft (state writes, outputs, events).
export namespace Status {
  export const SUCCESS: u32 = 0;
  export const INVALID_PARAMS: u32 = 1;
  export const INSUFFICIENT_BALANCE: u32 = 2;
  export const UNAUTHORIZED: u32 = 3;
  export const NOT_FOUND: u32 = 4;
  export const ALREADY_EXISTS: u32 = 5;
  export const EXECUTION_FAILED: u32 = 6;
  export const INVALID_STATE: u32 = 7;
  export const TIMEOUT: u32 = 8;
  export const NOT_IMPLEMENTED: u32 = 9;
  export const PERMISSION_DENIED: u32 = 10;
  export const UNKNOWN: u32 = 999;
}
