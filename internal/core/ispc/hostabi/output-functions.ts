/** Host functions that record a call's results into the draft: return data, events, logs. */
import { utf8DecodeLossy } from '../../../../pkg/encoding.js';
import { MAX_CALL_EVENT_BYTES, MAX_DRAFT_EVENTS } from './limits.js';
import { type EnvFunction, type HostBinding, envFunction } from './declare.js';

const MAX_EVENT_BYTES = 64 * 1024;
const MAX_LOG_LINE_BYTES = 4 * 1024;
/** Per byte beyond the copy (bench/calibration): return data and events are kept and encoded with the draft; log lines are decoded as UTF-8. */
const KEPT_BYTE_GAS = 4;
const LOG_BYTE_GAS = 12;

export const OUTPUT_FUNCTIONS: readonly EnvFunction[] = [
  envFunction({
    name: 'set_return_data',
    signatures: ['ii->i'],
    gas: { base: 7_000, perByte: KEPT_BYTE_GAS },
    impl: (b: HostBinding, ptr: number, len: number): number => {
      const max = b.limits.maxReturnDataBytes;
      if (len >>> 0 > max) return 1;
      b.gas.chargeBytes((len >>> 0) * (1 + KEPT_BYTE_GAS), 'set_return_data');
      b.call().draft.returnData = b.memory.read(ptr, len, max, 'set_return_data');
      return 0;
    },
  }),
  envFunction({
    name: 'emit_event',
    signatures: ['ii->i'],
    gas: { base: 32_000, perByte: KEPT_BYTE_GAS },
    limits: { eventBytes: MAX_EVENT_BYTES, draftEvents: MAX_DRAFT_EVENTS, callEventBytes: MAX_CALL_EVENT_BYTES },
    impl: (b: HostBinding, ptr: number, len: number): number => {
      const draft = b.call().draft;
      if (len >>> 0 > MAX_EVENT_BYTES || draft.events.length >= MAX_DRAFT_EVENTS || draft.eventBytes + (len >>> 0) > MAX_CALL_EVENT_BYTES) return 1;
      b.gas.chargeBytes((len >>> 0) * (1 + KEPT_BYTE_GAS), 'emit_event');
      b.call().draft.emitEvent(b.memory.read(ptr, len, MAX_EVENT_BYTES, 'emit_event'));
      return 0;
    },
  }),
  envFunction({
    name: 'log_debug',
    signatures: ['ii->i'],
    gas: { base: 11_000, perByte: LOG_BYTE_GAS },
    limits: { lineBytes: MAX_LOG_LINE_BYTES },
    impl: (b: HostBinding, ptr: number, len: number): number => {
      const n = Math.min(len >>> 0, MAX_LOG_LINE_BYTES);
      b.gas.chargeBytes(n * (1 + LOG_BYTE_GAS), 'log_debug');
      b.logs()?.add(utf8DecodeLossy(b.memory.read(ptr, n, MAX_LOG_LINE_BYTES, 'log_debug')));
      return 0;
    },
  }),
];
