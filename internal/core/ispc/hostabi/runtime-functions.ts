/** Host functions about the contract's own runtime: abort and malloc (ABI.md §2, §4). */
import { HostTrap } from '../../../../pkg/errors.js';
import { type EnvFunction, type HostBinding, envFunction } from './declare.js';

const PAGE = 65536;
const MAX_MALLOC_BYTES = 16 * 1024 * 1024;
const MAX_ABORT_MESSAGE_BYTES = 4 * 1024;

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
    // Paid before growing: a page costs what memory.grow's page costs plus the copy V8 may make.
    b.gas.chargeWork(MALLOC.gas, pages, 0, 'malloc');
    let old: number;
    try {
      old = memory.grow(pages);
    } catch {
      return 0;
    }
    b.hostHeapTop = old * PAGE;
  }
  const ptr = b.hostHeapTop;
  b.hostHeapTop += need;
  return ptr;
}

/** perItem: per 64 KiB page grown when the guest exports no allocator. */
const MALLOC: EnvFunction = envFunction({
  name: 'malloc',
  signatures: ['i->i'],
  gas: { base: 6_000, perItem: 2_200_000 },
  limits: { bytes: MAX_MALLOC_BYTES },
  impl: malloc,
});

export const RUNTIME_FUNCTIONS: readonly EnvFunction[] = [
  MALLOC,
  envFunction({
    name: 'abort',
    signatures: ['iiii->'],
    gas: { base: 5_000 },
    limits: { messageBytes: MAX_ABORT_MESSAGE_BYTES },
    impl: (b: HostBinding, msg: number, file: number, line: number, col: number): never => {
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
  }),
];
