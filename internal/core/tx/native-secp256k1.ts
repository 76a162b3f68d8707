/**
 * The native libsecp256k1 binding (npm `secp256k1`, linux-x64 prebuild loaded by node-gyp-build),
 * or null where it does not load (another platform, a stripped install). Loaded once, lazily
 * through createRequire because the package is CommonJS. The binding's own JS fallback
 * (elliptic) is deliberately not used: where the native code is missing we fall back to
 * node:crypto, which is faster than elliptic and already cross-checked here.
 */
import { createRequire } from 'node:module';

/** The subset of the binding we call; all byte arguments are exact-length Uint8Arrays. */
export interface NativeSecp256k1 {
  ecdsaVerify(signature: Uint8Array, message32: Uint8Array, publicKey: Uint8Array): boolean;
  ecdsaSign(message32: Uint8Array, privateKey: Uint8Array): { signature: Uint8Array; recid: number };
  publicKeyCreate(privateKey: Uint8Array, compressed: boolean): Uint8Array;
}

function load(): NativeSecp256k1 | null {
  if (process.env['WES_NO_NATIVE_SECP256K1'] === '1') return null;
  try {
    return createRequire(import.meta.url)('secp256k1/bindings') as NativeSecp256k1;
  } catch {
    return null;
  }
}

export const nativeSecp256k1: NativeSecp256k1 | null = load();
