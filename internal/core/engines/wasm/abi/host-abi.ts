/**
 * The host ABI one engine runs with: the host functions (declared by the host layer, see
 * host-function.ts) and the factory of the host layer's per-call state. The composition root
 * builds it; the loader reads its import table, the runtime builds instances' imports from it,
 * the executor opens one host state per call. The engine core never names the concrete host
 * layer: `S` is whatever that layer keeps per call (CosmWasm's Environment<A, S, Q> model).
 */
import { createHash } from 'node:crypto';
import { ENV_MODULE, WASI_MODULE } from '../../../../../pkg/abi.js';
import type { TransactionDraft } from '../../../../../pkg/draft.js';
import type { Address } from '../../../../../pkg/types.js';
import type { HostBinding } from './host-binding.js';
import type { HostFunction, ImportSpec, ImportTable } from './host-function.js';

/** What the engine reads back from the host layer's per-call state after a call. */
export interface HostState {
  /** Set by the contract (set_return_data); reported whether or not the call succeeded. */
  readonly returnData: Uint8Array;
  /** The call's effects; asked for only when the call succeeded. */
  freeze(): TransactionDraft;
}

/** Opens the host layer's state for one call of `contract` by `caller`. */
export type OpenHostState<S> = (contract: Address, caller: Address) => S;

type Invoker = (b: unknown, ...args: (number | bigint)[]) => number | bigint | void;
type Bound = (...args: (number | bigint)[]) => number | bigint | void;

/**
 * Wraps `fn` with a closure of its own declared arity (minus the binding): V8 calls a
 * matching-arity JS function from wasm without an arguments adaptor.
 */
function bindArity(fn: Invoker, b: unknown): Bound {
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

const qualified = (module: string, name: string): string => `${module}.${name}`;

export class HostAbi<S extends HostState> implements ImportTable {
  private readonly byName = new Map<string, HostFunction<S>>();
  readonly fingerprint: string;

  constructor(
    functions: readonly HostFunction<S>[],
    readonly openState: OpenHostState<S>,
  ) {
    for (const f of functions) {
      if (f.module !== ENV_MODULE && f.module !== WASI_MODULE) throw new Error(`host function ${f.name}: module "${f.module}" is not "env" or "wasi_snapshot_preview1"`);
      const key = qualified(f.module, f.name);
      if (this.byName.has(key)) throw new Error(`host function ${key} is declared twice`);
      if (f.signatures.length === 0) throw new Error(`host function ${key} declares no signature`);
      this.byName.set(key, f);
    }
    const shape = [...this.byName.keys()].sort().map((k) => {
      const f = this.byName.get(k)!;
      return [k, f.signatures, f.gas.base, f.gas.neutral === true];
    });
    this.fingerprint = createHash('sha256').update(JSON.stringify(shape)).digest('hex').slice(0, 16);
  }

  /** Every declared function, in declaration order (documentation, benchmarks, tests). */
  get functions(): readonly HostFunction<S>[] {
    return [...this.byName.values()];
  }

  function(module: string, name: string): HostFunction<S> | undefined {
    return this.byName.get(qualified(module, name));
  }

  lookup(module: string, name: string): ImportSpec | undefined {
    const f = this.byName.get(qualified(module, name));
    return f === undefined ? undefined : { signatures: f.signatures, baseGas: f.gas.base, gasNeutral: f.gas.neutral === true };
  }

  /** A copy with some functions replaced or added (tests, embedders). */
  with(overrides: readonly HostFunction<S>[]): HostAbi<S> {
    const merged = new Map(this.byName);
    for (const f of overrides) merged.set(qualified(f.module, f.name), f);
    return new HostAbi([...merged.values()], this.openState);
  }

  /** Import object for one instance; only the names the module imports are built (the loader checked them). */
  buildImports(binding: HostBinding<S>, imports: readonly { module: string; name: string }[]): WebAssembly.Imports {
    const out: Record<string, Record<string, WebAssembly.ImportValue>> = { [ENV_MODULE]: {}, [WASI_MODULE]: {} };
    for (const { module, name } of imports) {
      const target = out[module];
      const f = this.byName.get(qualified(module, name));
      if (target === undefined || f === undefined) continue;
      target[name] = bindArity(f.impl as unknown as Invoker, binding);
    }
    return out;
  }
}
