/**
 * Host-side gas accounting. Wasm code and host functions spend from the same counter: the
 * instrumented module's exported i64 global. A host charge that would go below zero sets the
 * counter negative (so the trap classifier and the gas report agree) and ends the call.
 */
import { HostTrap } from '../../../../../pkg/errors.js';
import { HOST_GAS_PER_BYTE } from '../loader/cost-table.js';
import type { HostGas } from './host-function.js';

export class GasMeter {
  constructor(private readonly global: WebAssembly.Global) {}

  get remaining(): bigint {
    return this.global.value as bigint;
  }

  set remaining(v: bigint) {
    this.global.value = v;
  }

  /** Charges `amount` gas; throws OUT_OF_GAS if it is not available. */
  charge(amount: number | bigint, what: string): void {
    if (amount === 0 || amount === 0n) return;
    const left = (this.global.value as bigint) - BigInt(amount);
    this.global.value = left;
    if (left < 0n) throw new HostTrap('OUT_OF_GAS', `out of gas in host function ${what}`);
  }

  /** Charges per byte moved between host and contract. */
  chargeBytes(bytes: number, what: string): void {
    this.charge(bytes * HOST_GAS_PER_BYTE, what);
  }

  /**
   * Charges a host function's variable work at its declared rates, before the work is done:
   * `items` things visited and `bytes` bytes processed (decoded, encoded, hashed).
   */
  chargeWork(gas: HostGas, items: number, bytes: number, what: string): void {
    this.charge(items * (gas.perItem ?? 0) + bytes * (gas.perByte ?? 0), what);
  }
}
