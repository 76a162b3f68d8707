/**
 * Deterministic WASI preview1 (ABI.md §6): no arguments or environment, every clock reads the
 * block timestamp, random_get is a seeded stream, fd_write to stdout/stderr goes to the call's
 * bounded debug log, proc_exit ends the call. Every other preview1 name is declared too and
 * answers ENOSYS, so modules importing them still link. These functions use only the engine's
 * own per-instance state, so they serve whatever the host layer's per-call state is.
 */
import { WASI_MODULE } from '../../../../../pkg/abi.js';
import { utf8DecodeLossy } from '../../../../../pkg/encoding.js';
import { HostTrap } from '../../../../../pkg/errors.js';
import type { HostBinding as EngineHostBinding } from '../abi/host-binding.js';
import type { HostFunction } from '../abi/host-function.js';

type HostBinding = EngineHostBinding<unknown>;
export type WasiFunction = HostFunction<unknown>;

function wasiFunction(decl: Omit<WasiFunction, 'module'>): WasiFunction {
  return { module: WASI_MODULE, ...decl };
}

export const WASI_ENOSYS = 52;

const ERRNO_SUCCESS = 0;
const ERRNO_BADF = 8;
const ERRNO_INVAL = 28;
const MAX_RANDOM_BYTES = 64 * 1024;
const MAX_IOVS = 1024;
const MAX_WRITE_BYTES = 64 * 1024;
/** Per byte of keystream beyond the copy, and per iovec read (bench/calibration). */
const RANDOM_BYTE_GAS = 12;
const IOVEC_GAS = 6_000;

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

const IMPLEMENTED: readonly WasiFunction[] = [
  wasiFunction({
    name: 'args_sizes_get',
    signatures: ['ii->i'],
    gas: { base: 2_700 },
    impl: zeroPair,
  }),
  wasiFunction({
    name: 'environ_sizes_get',
    signatures: ['ii->i'],
    gas: { base: 2_700 },
    impl: zeroPair,
  }),
  wasiFunction({
    name: 'args_get',
    signatures: ['ii->i'],
    gas: { base: 100 },
    impl: () => ERRNO_SUCCESS,
  }),
  wasiFunction({
    name: 'environ_get',
    signatures: ['ii->i'],
    gas: { base: 200 },
    impl: () => ERRNO_SUCCESS,
  }),
  wasiFunction({
    name: 'sched_yield',
    signatures: ['->i'],
    gas: { base: 300 },
    impl: () => ERRNO_SUCCESS,
  }),
  wasiFunction({
    name: 'clock_time_get',
    signatures: ['iIi->i'],
    gas: { base: 4_000 },
    impl: (b: HostBinding, _id: number, _precision: bigint, outPtr: number): number => {
      const ts = b.call().context.blockTimestamp;
      b.memory.writeU64(outPtr, ts * 1_000_000_000n, 'clock_time_get');
      return ERRNO_SUCCESS;
    },
  }),
  wasiFunction({
    name: 'clock_res_get',
    signatures: ['ii->i'],
    gas: { base: 2_000 },
    impl: (b: HostBinding, _id: number, outPtr: number): number => {
      b.memory.writeU64(outPtr, 1_000_000_000n, 'clock_res_get');
      return ERRNO_SUCCESS;
    },
  }),
  wasiFunction({
    name: 'random_get',
    signatures: ['ii->i'],
    gas: { base: 36_000, perByte: RANDOM_BYTE_GAS },
    impl: (b: HostBinding, ptr: number, len: number): number => {
      const n = len >>> 0;
      if (n > MAX_RANDOM_BYTES) return ERRNO_INVAL;
      b.memory.check(ptr, n, 'random_get');
      b.gas.chargeBytes(n * (1 + RANDOM_BYTE_GAS), 'random_get');
      const out = new Uint8Array(n);
      b.random().fill(out);
      b.memory.write(ptr, out, 'random_get');
      return ERRNO_SUCCESS;
    },
  }),
  wasiFunction({
    name: 'fd_write',
    signatures: ['iiii->i'],
    gas: { base: 20_000, perItem: IOVEC_GAS },
    impl: (b: HostBinding, fd: number, iovs: number, iovsLen: number, nwrittenPtr: number): number => {
      if (fd !== 1 && fd !== 2) return ERRNO_BADF;
      const count = iovsLen >>> 0;
      if (count > MAX_IOVS) return ERRNO_INVAL;
      b.gas.charge(count * IOVEC_GAS, 'fd_write');
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
      const text = utf8DecodeLossy(Buffer.concat(chunks));
      b.logs()?.add(fd === 2 ? `[stderr] ${text}` : text);
      b.memory.writeU32(nwrittenPtr, total, 'fd_write nwritten');
      return ERRNO_SUCCESS;
    },
  }),
  wasiFunction({
    name: 'proc_exit',
    signatures: ['i->'],
    gas: { base: 100 },
    impl: (_b: HostBinding, code: number): never => {
      throw new ProcExit(code >>> 0);
    },
  }),
];

/** Preview1 names with no deterministic meaning here (files, sockets, polling): ENOSYS. */
const UNSUPPORTED: readonly [string, readonly string[]][] = [
  ['fd_advise', ['iIIi->i']],
  ['fd_allocate', ['iII->i']],
  ['fd_close', ['i->i']],
  ['fd_datasync', ['i->i']],
  ['fd_fdstat_get', ['ii->i']],
  ['fd_fdstat_set_flags', ['ii->i']],
  ['fd_fdstat_set_rights', ['iII->i']],
  ['fd_filestat_get', ['ii->i']],
  ['fd_filestat_set_size', ['iI->i']],
  ['fd_filestat_set_times', ['iIIi->i']],
  ['fd_pread', ['iiiIi->i']],
  ['fd_prestat_get', ['ii->i']],
  ['fd_prestat_dir_name', ['iii->i']],
  ['fd_pwrite', ['iiiIi->i']],
  ['fd_read', ['iiii->i']],
  ['fd_readdir', ['iiiIi->i']],
  ['fd_renumber', ['ii->i']],
  ['fd_seek', ['iIii->i']],
  ['fd_sync', ['i->i']],
  ['fd_tell', ['ii->i']],
  ['path_create_directory', ['iii->i']],
  ['path_filestat_get', ['iiiii->i']],
  ['path_filestat_set_times', ['iiiiIIi->i']],
  ['path_link', ['iiiiiii->i']],
  ['path_open', ['iiiiiIIii->i']],
  ['path_readlink', ['iiiiii->i']],
  ['path_remove_directory', ['iii->i']],
  ['path_rename', ['iiiiii->i']],
  ['path_symlink', ['iiiii->i']],
  ['path_unlink_file', ['iii->i']],
  ['poll_oneoff', ['iiii->i']],
  ['proc_raise', ['i->i']],
  ['sock_accept', ['iii->i']],
  ['sock_recv', ['iiiiii->i']],
  ['sock_send', ['iiiii->i']],
  ['sock_shutdown', ['ii->i']],
];

/** Every wasi_snapshot_preview1 import a contract may declare. */
export const WASI_FUNCTIONS: readonly WasiFunction[] = [
  ...IMPLEMENTED,
  ...UNSUPPORTED.map(([name, signatures]) => wasiFunction({ name, signatures, gas: { base: 200 }, impl: () => WASI_ENOSYS })),
];
