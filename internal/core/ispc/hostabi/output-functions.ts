/** Host functions that record a call's results into the draft: return data, events, logs. */
import type { HostBinding } from '../../engines/wasm/abi/host-binding.js';
import type { HostFn } from '../../engines/wasm/abi/registry.js';
import { MAX_CALL_EVENT_BYTES, MAX_DRAFT_EVENTS, MAX_EVENT_BYTES, MAX_LOG_LINE_BYTES } from './limits.js';

export const OUTPUT_FUNCTIONS: Readonly<Record<string, HostFn>> = {
  set_return_data: (b: HostBinding, ptr: number, len: number): number => {
    const max = b.limits.maxReturnDataBytes;
    if (len >>> 0 > max) return 1;
    b.gas.chargeBytes(len >>> 0, 'set_return_data');
    b.call().draft.returnData = b.memory.read(ptr, len, max, 'set_return_data');
    return 0;
  },

  emit_event: (b: HostBinding, ptr: number, len: number): number => {
    const draft = b.call().draft;
    if (len >>> 0 > MAX_EVENT_BYTES || draft.events.length >= MAX_DRAFT_EVENTS || draft.eventBytes + (len >>> 0) > MAX_CALL_EVENT_BYTES) return 1;
    b.gas.chargeBytes(len >>> 0, 'emit_event');
    b.call().draft.emitEvent(b.memory.read(ptr, len, MAX_EVENT_BYTES, 'emit_event'));
    return 0;
  },

  log_debug: (b: HostBinding, ptr: number, len: number): number => {
    const n = Math.min(len >>> 0, MAX_LOG_LINE_BYTES);
    b.gas.chargeBytes(n, 'log_debug');
    b.logs()?.add(new TextDecoder().decode(b.memory.read(ptr, n, MAX_LOG_LINE_BYTES, 'log_debug')));
    return 0;
  },
};
