/**
 * Caps shared by several host functions (ABI.md §2). A cap only one function uses is declared
 * beside that function; every function lists the caps that apply to it in its declaration.
 */
export const MAX_VALUE_BYTES = 1024 * 1024;
export const MAX_KEY_BYTES = 64 * 1024;
/** JSON a contract hands the host (draft JSON, batch outputs, lock lists). */
export const MAX_JSON_BYTES = 256 * 1024;
/** Token / fungible class ids. */
export const MAX_TOKEN_ID_BYTES = 256;
/** Encoded locking conditions. */
export const MAX_LOCK_BYTES = 16 * 1024;
/** Effects one call may record: bounds the draft (and its encoding) whatever the contract does. */
export const MAX_DRAFT_INPUTS = 1024;
export const MAX_DRAFT_OUTPUTS = 1024;
export const MAX_DRAFT_EVENTS = 1024;
export const MAX_STATE_WRITES = 4096;
/**
 * Bytes one call may record (fee-policy.ts prices what is stored): event data in total, and
 * state — key + value of every pending write plus the state outputs' id, value and public
 * inputs. State travels inside the transaction (256 KiB at most), so no more can ever land;
 * the cap stops a simulation from building gigabytes a transaction could never carry.
 */
export const MAX_CALL_EVENT_BYTES = 256 * 1024;
export const MAX_CALL_STATE_BYTES = 256 * 1024;
/** Items one batch_create_outputs / host_build_transaction call may add. */
export const MAX_BATCH_ITEMS = 256;
/** UTXOs one transfer intent may consume. */
export const MAX_SELECTED_UTXOS = 256;

