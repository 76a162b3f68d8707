/** Size caps for data contracts pass to host functions (ABI.md §2). */
export const MAX_VALUE_BYTES = 1024 * 1024;
export const MAX_KEY_BYTES = 64 * 1024;
export const MAX_EVENT_BYTES = 64 * 1024;
export const MAX_LOG_LINE_BYTES = 4 * 1024;
export const MAX_ABORT_MESSAGE_BYTES = 4 * 1024;
