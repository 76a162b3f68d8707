/**
 * Host ABI vocabulary (ABI.md §4, §6): the two import modules and the signature notation.
 * The imports themselves (names, signatures, gas, limits) are declared once beside their
 * implementations (internal/core/ispc/hostabi for "env", the engine's wasi-shim for WASI) and
 * reach the loader through the HostAbi the composition root builds.
 * Signature strings: params "->" results, i = i32, I = i64.
 */
export const ENV_MODULE = 'env';
export const WASI_MODULE = 'wasi_snapshot_preview1';

/** Signature string of a wasm function type given as value-type bytes. */
export function signatureString(params: readonly number[], results: readonly number[]): string {
  const t = (v: number): string => (v === 0x7f ? 'i' : v === 0x7e ? 'I' : v === 0x7d ? 'f' : v === 0x7c ? 'F' : '?');
  return params.map(t).join('') + '->' + results.map(t).join('');
}
