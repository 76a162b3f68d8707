/**
 * Deterministic WASI preview1 (ABI.md §6): no arguments or environment, every clock reads the
 * block timestamp, random_get is a seeded stream, fd_write to stdout/stderr goes to the call's
 * bounded debug log, proc_exit ends the call. Everything else links to ENOSYS (registry).
 */
import { HostTrap } from '../../../../../pkg/errors.js';
import type { HostBinding } from '../abi/host-binding.js';
import type { HostFn } from '../abi/registry.js';

const ERRNO_SUCCESS = 0;
const ERRNO_BADF = 8;
const ERRNO_INVAL = 28;
const MAX_RANDOM_BYTES = 64 * 1024;
const MAX_IOVS = 1024;
const MAX_WRITE_BYTES = 64 * 1024;

/** proc_exit: ends the call; the runtime treats code 0 from _start as a normal end of start-up. */
export class ProcExit extends HostTrap {
  constructor(readonly exitCode: number) {
    super('PROC_EXIT', `contract called proc_exit(${exitCode})`, 0n, { exitCode });
  }
}

function zeroPair(b: HostBinding, countPtr: number, sizePtr: number): number {
  b.memory.writeU32(countPtr, 0, 'args/environ count');
  b.memory.writeU32(sizePtr, 0, 'args/environ size');
  return ERRNO_SUCCESS;
}

export const WASI_FUNCTIONS: Readonly<Record<string, HostFn>> = {
  args_sizes_get: zeroPair,
  environ_sizes_get: zeroPair,
  args_get: () => ERRNO_SUCCESS,
  environ_get: () => ERRNO_SUCCESS,
  sched_yield: () => ERRNO_SUCCESS,

  clock_time_get: (b: HostBinding, _id: number, _precision: bigint, outPtr: number): number => {
    const ts = b.call().context.blockTimestamp;
    b.memory.writeU64(outPtr, ts * 1_000_000_000n, 'clock_time_get');
    return ERRNO_SUCCESS;
  },

  clock_res_get: (b: HostBinding, _id: number, outPtr: number): number => {
    b.memory.writeU64(outPtr, 1_000_000_000n, 'clock_res_get');
    return ERRNO_SUCCESS;
  },

  random_get: (b: HostBinding, ptr: number, len: number): number => {
    const n = len >>> 0;
    if (n > MAX_RANDOM_BYTES) return ERRNO_INVAL;
    b.memory.check(ptr, n, 'random_get');
    b.gas.chargeBytes(n, 'random_get');
    const out = new Uint8Array(n);
    b.random().fill(out);
    b.memory.write(ptr, out, 'random_get');
    return ERRNO_SUCCESS;
  },

  fd_write: (b: HostBinding, fd: number, iovs: number, iovsLen: number, nwrittenPtr: number): number => {
    if (fd !== 1 && fd !== 2) return ERRNO_BADF;
    const count = iovsLen >>> 0;
    if (count > MAX_IOVS) return ERRNO_INVAL;
    let total = 0;
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      const base = b.memory.readU32(iovs + i * 8, 'fd_write iovec');
      const len = b.memory.readU32(iovs + i * 8 + 4, 'fd_write iovec');
      if (total + len > MAX_WRITE_BYTES) return ERRNO_INVAL;
      chunks.push(b.memory.read(base, len, MAX_WRITE_BYTES, 'fd_write buffer'));
      total += len;
    }
    b.gas.chargeBytes(total, 'fd_write');
    const text = new TextDecoder().decode(Buffer.concat(chunks));
    b.logs()?.add(fd === 2 ? `[stderr] ${text}` : text);
    b.memory.writeU32(nwrittenPtr, total, 'fd_write nwritten');
    return ERRNO_SUCCESS;
  },

  proc_exit: (_b: HostBinding, code: number): never => {
    throw new ProcExit(code >>> 0);
  },
};
