/**
 * The shape of one host function, declared once beside its implementation (CosmWasm's
 * imports.rs style): the import name, the wasm signatures it accepts, its gas and its limits.
 * The engine derives everything else from these declarations — the loader's import check, the
 * static gas charged at each call site, and the import object of an instance — so nothing about
 * a host function is restated elsewhere under its name.
 *
 * `S` is the host layer's per-call state (see HostState): the engine never knows what it is.
 */
import type { HostBinding } from './host-binding.js';

/** A host function: receives the instance binding, then the wasm arguments. */
export type HostFn<S> = (b: HostBinding<S>, ...args: never[]) => number | bigint | void;

/**
 * Gas of one host function. `base` is charged by the instrumented code at the call site,
 * before the host runs. Work that grows with its inputs or with chain data is charged by the
 * implementation BEFORE it is done, at these rates (GasMeter.chargeWork), on top of the
 * engine's per-byte copy charge for bytes moved between host and contract memory.
 */
export interface HostGas {
  readonly base: number;
  /** Per byte the function decodes/encodes/hashes beyond the copy (0 when none). */
  readonly perByte?: number;
  /** Per byte of a lookup key (keys become map keys: hashed and compared, dearer than copying). */
  readonly perKeyByte?: number;
  /** Per item the function visits (UTXOs scanned, outputs built, iovecs read). */
  readonly perItem?: number;
  /**
   * The whole cost is `base`: the function never charges at run time, so the call site may skip
   * syncing the gas counter (test/core/engines/wasm/gas-neutral.test.ts holds each to that).
   */
  readonly neutral?: boolean;
}

export interface HostFunction<S> {
  readonly module: string;
  readonly name: string;
  /** Wasm signatures accepted for the import: params "->" results, i = i32, I = i64. */
  readonly signatures: readonly string[];
  readonly gas: HostGas;
  /** Size/count caps of this function's inputs (the bench builds its maximal inputs from them). */
  readonly limits?: Readonly<Record<string, number>>;
  readonly impl: HostFn<S>;
}

/** What the loader needs to know about one import. */
export interface ImportSpec {
  readonly signatures: readonly string[];
  readonly baseGas: number;
  readonly gasNeutral: boolean;
}

/**
 * The import side of the host ABI, as the loader sees it: which imports exist, with which
 * signatures and static gas. `fingerprint` changes whenever any of that changes, so compiled
 * code instrumented under other host costs is never reused (it is part of the cache key).
 */
export interface ImportTable {
  lookup(module: string, name: string): ImportSpec | undefined;
  readonly fingerprint: string;
}
