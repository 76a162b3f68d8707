/**
 * Host-function registry: the table of `env` and `wasi_snapshot_preview1` functions, and the
 * builder of the import object of one instance. Every ABI name links: names without an
 * implementation answer NotImplemented (env) or ENOSYS (WASI) instead of failing to link.
 */
import { injectable } from 'tsyringe';
import { ENV_MODULE, ENV_SIGNATURES, WASI_MODULE, WASI_SIGNATURES } from '../../../../../pkg/abi.js';
import { HostErrorCode } from '../../../../../pkg/types.js';
import type { HostBinding } from './host-binding.js';

/** A host function: receives the instance binding, then the wasm arguments. */
export type HostFn = (b: HostBinding, ...args: never[]) => number | bigint | void;

export const WASI_ENOSYS = 52;

type Invoker = (b: HostBinding, ...args: (number | bigint)[]) => number | bigint | void;

/**
 * Wraps `fn` with a closure of its own declared arity (minus the binding): V8 calls a
 * matching-arity JS function from wasm without an arguments adaptor.
 */
function bindArity(fn: Invoker, b: HostBinding): (...args: (number | bigint)[]) => number | bigint | void {
  type A = number | bigint;
  switch (Math.max(0, fn.length - 1)) {
    case 0:
      return () => fn(b);
    case 1:
      return (x: A) => fn(b, x);
    case 2:
      return (x: A, y: A) => fn(b, x, y);
    case 3:
      return (x: A, y: A, z: A) => fn(b, x, y, z);
    case 4:
      return (x: A, y: A, z: A, u: A) => fn(b, x, y, z, u);
    case 5:
      return (x: A, y: A, z: A, u: A, v: A) => fn(b, x, y, z, u, v);
    default:
      return (...args: A[]) => fn(b, ...args);
  }
}

@injectable()
export class HostFunctionRegistry {
  private readonly fns = new Map<string, HostFn>();

  register(module: string, name: string, fn: HostFn): this {
    const table = module === ENV_MODULE ? ENV_SIGNATURES : module === WASI_MODULE ? WASI_SIGNATURES : undefined;
    if (table === undefined || !Object.prototype.hasOwnProperty.call(table, name)) {
      throw new Error(`cannot register ${module}.${name}: not part of the host ABI`);
    }
    this.fns.set(`${module}.${name}`, fn);
    return this;
  }

  registerAll(module: string, fns: Readonly<Record<string, HostFn>>): this {
    for (const [name, fn] of Object.entries(fns)) this.register(module, name, fn);
    return this;
  }

  has(module: string, name: string): boolean {
    return this.fns.has(`${module}.${name}`);
  }

  private fallback(module: string): HostFn {
    return module === WASI_MODULE ? () => WASI_ENOSYS : () => HostErrorCode.NotImplemented;
  }

  /** Import object for one instance; only the names the module imports are built. */
  buildImports(binding: HostBinding, imports: readonly { module: string; name: string }[]): WebAssembly.Imports {
    const out: Record<string, Record<string, WebAssembly.ImportValue>> = { [ENV_MODULE]: {}, [WASI_MODULE]: {} };
    for (const { module, name } of imports) {
      const target = out[module];
      if (target === undefined) continue;
      const fn = (this.fns.get(`${module}.${name}`) ?? this.fallback(module)) as unknown as Invoker;
      target[name] = bindArity(fn, binding);
    }
    return out;
  }
}
