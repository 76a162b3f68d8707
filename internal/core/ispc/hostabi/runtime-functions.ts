/** Host functions about the contract's own runtime: abort and malloc (ABI.md §2, §4). */
import { HostTrap } from '../../../../pkg/errors.js';
import type { HostBinding } from '../../engines/wasm/abi/host-binding.js';
import type { HostFn } from '../../engines/wasm/abi/registry.js';
import { MAX_ABORT_MESSAGE_BYTES } from './limits.js';

const PAGE = 65536;
const MAX_MALLOC_BYTES = 16 * 1024 * 1024;

/**
 * Allocate with the guest's own allocator when it exports one (TinyGo `malloc`, AssemblyScript
 * `__new` + `__pin`), so host and guest never hand out the same memory; otherwise grow memory
 * and bump-allocate in the new pages, which lie above anything the guest heap has used.
 */
function malloc(b: HostBinding, size: number): number {
  const n = size >>> 0;
  if (n > MAX_MALLOC_BYTES) return 0;
  const ex = b.exports;
  if (typeof ex['malloc'] === 'function') {
    return b.callGuest('malloc', n) >>> 0;
  }
  if (typeof ex['__new'] === 'function') {
    const ptr = b.callGuest('__new', n, 0) >>> 0;
    if (ptr !== 0 && typeof ex['__pin'] === 'function') b.callGuest('__pin', ptr);
    return ptr;
  }
  const need = Math.max(8, (n + 7) & ~7);
  if (b.hostHeapTop === 0 || b.hostHeapTop % PAGE + need > PAGE * Math.ceil(need / PAGE) || (b.hostHeapTop + need) > b.memory.size) {
    const pages = Math.ceil(need / PAGE);
    const memory = b.exports['__wes_memory'] as WebAssembly.Memory;
    let old: number;
    try {
      old = memory.grow(pages);
    } catch {
      return 0;
    }
    b.gas.charge(pages * 1000, 'malloc');
    b.hostHeapTop = old * PAGE;
  }
  const ptr = b.hostHeapTop;
  b.hostHeapTop += need;
  return ptr;
}

export const RUNTIME_FUNCTIONS: Readonly<Record<string, HostFn>> = {
  malloc,

  abort: (b: HostBinding, msg: number, file: number, line: number, col: number): never => {
    let message = '';
    let fileName = '';
    try {
      message = b.memory.readAsString(msg, MAX_ABORT_MESSAGE_BYTES);
      fileName = b.memory.readAsString(file, MAX_ABORT_MESSAGE_BYTES);
    } catch {
      // A bad message pointer must not hide the abort itself.
    }
    throw new HostTrap('CONTRACT_ABORT', `contract aborted: ${message || '(no message)'} at ${fileName || '?'}:${line >>> 0}:${col >>> 0}`, 0n, {
      message,
      file: fileName,
      line: line >>> 0,
      column: col >>> 0,
    });
  },
};
