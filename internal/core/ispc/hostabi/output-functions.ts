/** Host functions that record a call's results into the draft: return data, events, logs. */
import { utf8DecodeLossy } from '../../../../pkg/encoding.js';
import { MAX_DRAFT_EVENTS } from './limits.js';
import { type EnvFunction, type HostBinding, envFunction } from './declare.js';

const MAX_EVENT_BYTES = 64 * 1024;
const MAX_LOG_LINE_BYTES = 4 * 1024;

export const OUTPUT_FUNCTIONS: readonly EnvFunction[] = [
  envFunction({
    name: 'set_return_data',
    signatures: ['ii->i'],
    gas: { base: 100 },
    impl: (b: HostBinding, ptr: number, len: number): number => {
      const max = b.limits.maxReturnDataBytes;
      if (len >>> 0 > max) return 1;
      b.gas.chargeBytes(len >>> 0, 'set_return_data');
      b.call().draft.returnData = b.memory.read(ptr, len, max, 'set_return_data');
      return 0;
    },
  }),
  envFunction({
    name: 'emit_event',
    signatures: ['ii->i'],
    gas: { base: 300 },
    limits: { eventBytes: MAX_EVENT_BYTES, draftEvents: MAX_DRAFT_EVENTS },
    impl: (b: HostBinding, ptr: number, len: number): number => {
      if (len >>> 0 > MAX_EVENT_BYTES || b.call().draft.events.length >= MAX_DRAFT_EVENTS) return 1;
      b.gas.chargeBytes(len >>> 0, 'emit_event');
      b.call().draft.emitEvent(b.memory.read(ptr, len, MAX_EVENT_BYTES, 'emit_event'));
      return 0;
    },
  }),
  envFunction({
    name: 'log_debug',
    signatures: ['ii->i'],
    gas: { base: 100 },
    limits: { lineBytes: MAX_LOG_LINE_BYTES },
    impl: (b: HostBinding, ptr: number, len: number): number => {
      const n = Math.min(len >>> 0, MAX_LOG_LINE_BYTES);
      b.gas.chargeBytes(n, 'log_debug');
      b.logs()?.add(utf8DecodeLossy(b.memory.read(ptr, n, MAX_LOG_LINE_BYTES, 'log_debug')));
      return 0;
    },
  }),
];
