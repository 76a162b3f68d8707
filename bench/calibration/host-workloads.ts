/**
 * One calibration workload per host function and input size: the smallest useful input and the
 * largest the function's limits allow (or the worst case an attacker can pick: distinct
 * addresses past the memo, the richest owner, invalid text that decodes fully). Functions that
 * end the call (abort, proc_exit) cannot be looped and are measured by nothing here.
 */
import { addressToBase58, toBase64, toHex } from '../../pkg/encoding.js';
import type { HostFunction } from '../../internal/core/engines/wasm/abi/host-function.js';
import { CALLER, POOR, RICH, RESOURCE_HASH, txId } from './chain-fixture.js';
import type { Workload } from './runner.js';

/** The part of a declaration the bench reads. */
type Decl = Pick<HostFunction<unknown>, 'module' | 'name' | 'signatures'>;

const T: Record<string, string> = { i: 'i32', I: 'i64' };
const te = (s: string): Uint8Array => new TextEncoder().encode(s);
const hexEsc = (b: Uint8Array): string => [...b].map((x) => `\\${x.toString(16).padStart(2, '0')}`).join('');
const data = (at: number, bytes: Uint8Array): string => `(data (i32.const ${at}) "${hexEsc(bytes)}")`;

// Memory layout (48 pages = 3 MiB).
const A_RICH = 1024, A_POOR = 1048, A_CALLER = 1072, TXID0 = 1096, RES = 1136, KEY_K = 1176, KEY_BIG = 1180, TOKEN = 1184;
const B58 = 1200, B58_BAD = 1300, ADDR_VAR = 1480, LOCK_PROTO = 1500, LOCK_JSON = 1600, RES_JSON = 2000, DRAFT_SMALL = 2400;
const IOVS = 4096, OUT = 0x4000, B58_TABLE = 0x20000, BATCH = 0x50000, DRAFT_RICH = 0x90000, BIG_IN = 0x100000, BIG_OUT = 0x200000;
const MIB = 1024 * 1024;
export const DISTINCT_ADDRESSES = 5000; // above the 4096-entry memo of pkg/encoding

const lockProto = new Uint8Array([0x0a, 0x16, 0x12, 0x14, ...POOR]);
const oneLock = { single_key_lock: { required_address_hash: toHex(POOR) } };
const manyLocks = JSON.stringify(Array.from({ length: 150 }, () => oneLock)); // ~15 KiB, under MAX_LOCK_BYTES
const resJson = JSON.stringify({ content_hash: toHex(RESOURCE_HASH), category: 'wasm', mime_type: 'application/wasm', size: 10 });
const transfer = (from: Uint8Array): string =>
  JSON.stringify({ sign_mode: 'defer_sign', outputs: [], intents: [{ type: 'transfer', params: { from: toHex(from), to: toHex(POOR), token_id: '', amount: '500' } }] });
const batchItem = { recipient: toHex(POOR), amount: '7', token_id: toBase64(te('gold')), locking_conditions: [oneLock] };
const batch = (n: number): string => JSON.stringify(Array.from({ length: n }, () => batchItem));

function distinctAddressTable(): Uint8Array {
  const out = new Uint8Array(DISTINCT_ADDRESSES * 36);
  for (let i = 0; i < DISTINCT_ADDRESSES; i++) {
    const a = new Uint8Array(20).fill(0x40);
    new DataView(a.buffer).setUint32(0, i + 1);
    const text = te(addressToBase58(a));
    out.set(text, i * 36);
    out[i * 36 + 35] = text.length;
  }
  return out;
}

const richB58 = te(addressToBase58(RICH));
const badChecksum = richB58.slice();
badChecksum[10] = badChecksum[10] === 0x32 ? 0x33 : 0x32;

export const DATA = [
  data(A_RICH, RICH), data(A_POOR, POOR), data(A_CALLER, CALLER), data(TXID0, txId(0)), data(RES, RESOURCE_HASH),
  data(KEY_K, te('k')), data(KEY_BIG, te('big')), data(TOKEN, te('gold')), data(B58, richB58), data(B58_BAD, badChecksum),
  data(LOCK_PROTO, lockProto), data(LOCK_JSON, te(manyLocks)), data(RES_JSON, te(resJson)), data(DRAFT_SMALL, te(transfer(CALLER))),
  data(DRAFT_RICH, te(transfer(RICH))),
].join('\n');
const TABLE_DATA = data(B58_TABLE, distinctAddressTable());
const FILL_BIG = `(memory.fill (i32.const ${BIG_IN}) (i32.const 0x31) (i32.const ${MIB}))`;

export function importLine(f: Decl, signature = 0): string {
  const [params, results] = f.signatures[signature]!.split('->') as [string, string];
  const p = params ? `(param ${[...params].map((c) => T[c]).join(' ')})` : '';
  const r = results ? `(result ${T[results]})` : '';
  return `(import "${f.module}" "${f.name}" (func $f ${p} ${r}))`;
}

interface Case {
  readonly label: string;
  readonly args: string;
  readonly iterations: number;
  readonly signature?: number;
  readonly setup?: string;
  readonly pre?: string;
  readonly extraData?: string;
  readonly payload?: Uint8Array;
  readonly caller?: Uint8Array;
  readonly emptyOp?: string;
}

const c = (label: string, args: string, iterations: number, more: Partial<Case> = {}): Case => ({ label, args, iterations, ...more });
const i32s = (...xs: number[]): string => xs.map((x) => `(i32.const ${x})`).join(' ');

/** name -> cases (small first, then maximal/worst). */
const CASES: Record<string, readonly Case[]> = {
  get_abi_version: [c('', '', 20000)],
  get_caller: [c('', i32s(OUT), 20000)],
  get_contract_address: [c('', i32s(OUT), 20000)],
  get_contract_init_params: [c('32 B', i32s(OUT, 64), 20000, { payload: new Uint8Array(32) }), c('1 MiB', i32s(BIG_OUT, MIB), 40, { payload: new Uint8Array(MIB) })],
  get_block_height: [c('', '', 20000)],
  get_timestamp: [c('', '', 20000)],
  get_block_timestamp: [c('', '', 20000)],
  get_tx_index: [c('', '', 20000)],
  get_block_hash: [c('', `(i64.const 3) ${i32s(OUT)}`, 20000)],
  get_merkle_root: [c('', `(i64.const 3) ${i32s(OUT)}`, 20000)],
  get_state_root: [c('', `(i64.const 3) ${i32s(OUT)}`, 20000)],
  get_miner_address: [c('', `(i64.const 3) ${i32s(OUT)}`, 20000)],
  get_chain_id: [c('', i32s(OUT), 20000)],
  get_tx_hash: [c('', i32s(OUT), 20000)],
  get_transaction_id: [c('', i32s(OUT), 20000)],
  address_bytes_to_base58: [
    c('same address (memo)', i32s(A_RICH, OUT, 64), 20000),
    c('distinct addresses', i32s(ADDR_VAR, OUT, 64), 5000, { pre: `(i32.store (i32.const ${ADDR_VAR}) (i32.add (local.get $i) (i32.const 0x01000000)))` }),
  ],
  address_base58_to_bytes: [
    c('same text (memo)', i32s(B58, richB58.length, OUT), 20000),
    c('distinct valid texts', `(local.get $p) (i32.load8_u (i32.add (local.get $p) (i32.const 35))) ${i32s(OUT)}`, DISTINCT_ADDRESSES, {
      extraData: TABLE_DATA,
      pre: `(local.set $p (i32.add (i32.const ${B58_TABLE}) (i32.mul (local.get $i) (i32.const 36))))`,
    }),
    c('bad checksum (never cached)', i32s(B58_BAD, richB58.length, OUT), 5000),
    c('128 chars of valid alphabet', i32s(BIG_IN, 128, OUT), 5000, { setup: `(memory.fill (i32.const ${BIG_IN}) (i32.const 0x7a) (i32.const 128))` }),
  ],
  state_get: [c('32 B value', i32s(KEY_K, 1, OUT, 64), 10000), c('1 MiB value', i32s(KEY_BIG, 3, BIG_OUT, MIB), 30)],
  state_exists: [c('1 B key', i32s(KEY_K, 1), 20000), c('64 KiB key', i32s(BIG_IN, 65536), 200, { setup: FILL_BIG })],
  state_set: [c('1 B key, 32 B value', i32s(KEY_K, 1, OUT, 32), 4000), c('64 KiB key, 192 KiB value (the per-call state cap)', i32s(BIG_IN, 65536, BIG_IN, 196608), 30, { setup: FILL_BIG })],
  state_read: [c('32 B value', i32s(KEY_K, 1, OUT, 64), 10000), c('1 MiB value', i32s(KEY_BIG, 3, BIG_OUT, MIB), 30)],
  state_write: [c('1 B key, 32 B value', i32s(KEY_K, 1, OUT, 32), 4000), c('64 KiB key, 192 KiB value (the per-call state cap)', i32s(BIG_IN, 65536, BIG_IN, 196608), 30, { setup: FILL_BIG })],
  state_delete: [c('committed key, then not found', i32s(KEY_K, 1), 10000)],
  get_state_version: [c('1 B key', i32s(KEY_K, 1), 20000), c('64 KiB key', i32s(BIG_IN, 65536), 200, { setup: FILL_BIG })],
  state_get_from_chain: [c('32 B value', i32s(KEY_K, 1, OUT, 64, OUT + 128), 10000), c('1 MiB value', i32s(KEY_BIG, 3, BIG_OUT, MIB, OUT + 128), 30)],
  query_utxo_balance: [c('1 UTXO', i32s(A_POOR, 0, 0), 10000), c('20,000 UTXOs', i32s(A_RICH, 0, 0), 10)],
  utxo_lookup: [c('', i32s(TXID0, 32, 0, OUT, 1024), 10000)],
  utxo_lookup_json: [c('', i32s(TXID0, 32, 0, OUT, 1024), 10000)],
  utxo_exists: [c('', i32s(TXID0, 32, 0), 20000)],
  append_tx_input: [c('no proof', i32s(TXID0, 32, 0, 1, 0, 0), 1000), c('64 KiB proof', i32s(TXID0, 32, 0, 1, BIG_IN, 65536), 1000, { setup: FILL_BIG })],
  resource_lookup: [c('', i32s(RES, 32, OUT, 4096), 10000)],
  resource_lookup_json: [c('~2 KiB JSON', i32s(RES, 32, OUT, 4096), 10000)],
  resource_exists: [c('', i32s(RES, 32), 20000)],
  set_return_data: [c('32 B', i32s(OUT, 32), 20000), c('1 MiB', i32s(BIG_IN, MIB), 40)],
  emit_event: [c('32 B', i32s(OUT, 32), 1000), c('64 KiB (4 fill the per-call event cap)', i32s(BIG_IN, 65536), 4)],
  log_debug: [c('32 B', i32s(OUT, 32), 20000), c('4 KiB', i32s(BIG_IN, 4096), 5000, { setup: FILL_BIG })],
  append_state_output: [
    c('1 B id', `${i32s(KEY_K, 1)} (i64.const 1) ${i32s(TXID0, 0, 0, 0)}`, 1000),
    c('64 KiB id, 128 KiB public input (one fills the per-call state cap)', `${i32s(BIG_IN, 65536)} (i64.const 1) ${i32s(TXID0, BIG_IN, 131072, TXID0)}`, 1, { setup: FILL_BIG }),
  ],
  create_utxo_output: [
    c('native', `${i32s(A_POOR)} (i64.const 5) ${i32s(0, 0)}`, 1000),
    c('256 B token id', `${i32s(A_POOR)} (i64.const 5) ${i32s(BIG_IN, 256)}`, 1000, { setup: FILL_BIG }),
  ],
  create_asset_output_with_lock: [
    c('default lock', `${i32s(A_POOR, 20)} (i64.const 5) ${i32s(TOKEN, 4, 0, 0)}`, 1000),
    c('~15 KiB JSON locks', `${i32s(A_POOR, 20)} (i64.const 5) ${i32s(TOKEN, 4, LOCK_JSON, te(manyLocks).length)}`, 300),
  ],
  append_asset_output: [c('protobuf lock', `${i32s(A_POOR, 20)} (i64.const 5) ${i32s(TOKEN, 4, LOCK_PROTO, lockProto.length)}`, 1000)],
  batch_create_outputs: [
    c('1 item', i32s(BATCH, te(batch(1)).length), 1000, { extraData: data(BATCH, te(batch(1))) }),
    c('256 items', i32s(BATCH, te(batch(256)).length), 4, { extraData: data(BATCH, te(batch(256))) }),
  ],
  append_resource_output: [c('', i32s(RES_JSON, te(resJson).length, A_POOR, 20, 0, 0), 1000)],
  host_build_transaction: [
    c('transfer, 300 UTXOs', i32s(DRAFT_SMALL, te(transfer(CALLER)).length, OUT), 100, { signature: 1 }),
    c('transfer, 20,000 UTXOs', i32s(DRAFT_RICH, te(transfer(RICH)).length, OUT), 10, { signature: 1, caller: RICH }),
  ],
  host_declare_external_state: [c('', i32s(0, 0, 0, 0), 20000)],
  host_provide_evidence: [c('', i32s(0, 0, 0, 0), 20000)],
  host_query_controlled_state: [c('', i32s(0, 0, 0, 0), 20000)],
  malloc: [c('16 B', i32s(16), 20000), c('64 KiB (grows memory)', i32s(65536), 150, { emptyOp: '(if (i32.eqz (local.get $i)) (then (drop (call $f (i32.const 65536)))))' })],
  args_sizes_get: [c('', i32s(OUT, OUT + 4), 20000)],
  environ_sizes_get: [c('', i32s(OUT, OUT + 4), 20000)],
  args_get: [c('', i32s(OUT, OUT), 20000)],
  environ_get: [c('', i32s(OUT, OUT), 20000)],
  sched_yield: [c('', '', 20000)],
  clock_time_get: [c('', `${i32s(0)} (i64.const 1) ${i32s(OUT)}`, 20000)],
  clock_res_get: [c('', i32s(0, OUT), 20000)],
  random_get: [c('32 B', i32s(OUT, 32), 20000), c('64 KiB', i32s(BIG_OUT, 65536), 300)],
  fd_write: [
    c('1 × 32 B', i32s(1, IOVS, 1, OUT), 5000, { setup: `(i32.store (i32.const ${IOVS}) (i32.const ${OUT})) (i32.store (i32.const ${IOVS + 4}) (i32.const 32))` }),
    c('1024 × 64 B', i32s(1, IOVS, 1024, OUT), 300, {
      setup: `(loop $s (i32.store (i32.add (i32.const ${IOVS}) (i32.shl (local.get $p) (i32.const 3))) (i32.const ${BIG_IN}))
        (i32.store (i32.add (i32.const ${IOVS + 4}) (i32.shl (local.get $p) (i32.const 3))) (i32.const 64))
        (br_if $s (i32.lt_u (local.tee $p (i32.add (local.get $p) (i32.const 1))) (i32.const 1024))))`,
    }),
  ],
  fd_read: [c('ENOSYS', i32s(0, 0, 0, 0), 20000)],
};

/** Names deliberately not measured, with the reason. */
export const NOT_MEASURED: Readonly<Record<string, string>> = {
  abort: 'ends the call (one per call; its base gas covers reading two ≤ 4 KiB strings)',
  proc_exit: 'ends the call',
};

export function hostWorkloads(functions: readonly Decl[]): { workload: Workload; fn: Decl; label: string }[] {
  const out: { workload: Workload; fn: Decl; label: string }[] = [];
  for (const f of functions) {
    for (const k of CASES[f.name] ?? []) {
      const [, results] = f.signatures[k.signature ?? 0]!.split('->') as [string, string];
      const call = `(call $f ${k.args})`;
      out.push({
        fn: f,
        label: k.label,
        workload: {
          name: `${f.name}${k.label ? ` (${k.label})` : ''}`,
          imports: importLine(f, k.signature),
          data: `${DATA}\n${k.extraData ?? ''}`,
          setup: k.setup,
          op: `${k.pre ?? ''} ${results ? `(drop ${call})` : call}`,
          iterations: k.iterations,
          ...(k.emptyOp ? { emptyOp: k.emptyOp } : {}),
          ...(k.payload ? { payload: k.payload } : {}),
          ...(k.caller ? { context: { caller: k.caller } } : {}),
        },
      });
    }
  }
  return out;
}

/** Declared names with no case here (the bench fails loudly rather than skip a new function). */
export function unmeasured(functions: readonly Decl[]): string[] {
  return functions.filter((f) => CASES[f.name] === undefined && NOT_MEASURED[f.name] === undefined && !isEnosysStub(f)).map((f) => `${f.module}.${f.name}`);
}

/** The WASI names that only answer ENOSYS share one implementation, measured as fd_read. */
export function isEnosysStub(f: Decl): boolean {
  return f.module === 'wasi_snapshot_preview1' && CASES[f.name] === undefined && f.name !== 'proc_exit';
}
