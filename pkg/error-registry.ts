/**
 * Every stable error code, declared once with its HTTP status and what it means (fastify's
 * lib/errors.js is the model). Handlers throw a WesError with a code; the HTTP edge looks the
 * status up here. A test scans the source tree and fails on any thrown code missing from this
 * table, and docs/errors.md is generated from it (`node scripts/gen-error-docs.mjs`).
 *
 * Adding a code is one line: `CODE: [status, 'meaning'],` in its section.
 * Status policy: 400 malformed request, 404 absent thing, 409 conflicts with chain or mempool
 * state, 413 too large, 422 well-formed but refused (rules, funds, execution), 503 node busy or
 * not ready. 5xx only for faults of the node itself, never for anything a client sent.
 */

export interface ErrorInfo {
  readonly code: string;
  readonly status: number;
  readonly meaning: string;
}

type Table = Readonly<Record<string, readonly [status: number, meaning: string]>>;

const LOAD: Table = {
  LOAD_BAD_MAGIC: [400, 'not a wasm module: the \\0asm magic number is missing'],
  LOAD_BAD_VERSION: [400, 'unsupported wasm binary version (only 1)'],
  LOAD_TOO_LARGE: [413, 'the module is larger than the code size limit'],
  LOAD_MALFORMED: [400, 'the module bytes cannot be parsed'],
  LOAD_INVALID: [400, 'the module decodes but fails wasm validation (V8\'s validator, run before any rewriting)'],
  LOAD_INDEX_OUT_OF_RANGE: [400, 'an index (local, global, function, type, table, memory, label depth) is past the ones the module declares'],
  LOAD_BAD_START_FUNCTION: [400, 'the start function takes parameters or returns results'],
  LOAD_NO_MEMORY: [400, 'the module defines or imports no memory'],
  LOAD_MULTIPLE_MEMORIES: [400, 'the module has more than one memory'],
  LOAD_MEMORY_TOO_LARGE: [400, 'the module\'s memory minimum or maximum is above the cap'],
  LOAD_FORBIDDEN_IMPORT_MODULE: [400, 'the module imports from a module other than the host ABI'],
  LOAD_UNKNOWN_IMPORT: [400, 'the module imports a host function that does not exist'],
  LOAD_IMPORT_SIGNATURE_MISMATCH: [400, 'a host import is declared with the wrong signature'],
  LOAD_FORBIDDEN_IMPORT_KIND: [400, 'the module imports a table, global or memory it may not'],
  LOAD_TOO_MANY_FUNCTIONS: [400, 'more functions than the limit'],
  LOAD_TOO_MANY_TYPES: [400, 'more function types than the limit'],
  LOAD_TOO_MANY_LOCALS: [400, 'a function declares more locals than the limit'],
  LOAD_FUNCTION_TOO_LARGE: [400, 'a function body is larger than the limit'],
  LOAD_TABLE_TOO_LARGE: [400, 'a table is larger than the limit'],
  LOAD_TOO_MANY_TABLES: [400, 'more tables than the limit'],
  LOAD_TOO_MANY_GLOBALS: [400, 'more globals than the limit'],
  LOAD_TOO_MANY_DATA_SEGMENTS: [400, 'more data segments than the limit'],
  LOAD_TOO_MANY_EXPORTS: [400, 'more exports than the limit'],
  LOAD_RESERVED_EXPORT: [400, 'the module exports a name reserved for the engine'],
  LOAD_UNSUPPORTED_FEATURE: [400, 'the module uses a wasm feature that is not deterministic or not enabled'],
  LOAD_COMPILE_FAILED: [400, 'the module fails WebAssembly validation'],
};

const EXEC: Table = {
  EXEC_OUT_OF_GAS: [422, 'the call used its whole gas limit'],
  EXEC_STACK_OVERFLOW: [422, 'the call recursed deeper than the deterministic stack limit'],
  EXEC_MEMORY_LIMIT: [422, 'the contract tried to grow memory past the cap'],
  EXEC_UNREACHABLE: [422, 'the contract executed unreachable (a panic or failed assertion)'],
  EXEC_MEMORY_ACCESS: [422, 'the contract or a host call touched memory out of bounds'],
  EXEC_CONTRACT_ABORT: [422, 'the contract aborted'],
  EXEC_INTEGER_DIVIDE_BY_ZERO: [422, 'integer division by zero'],
  EXEC_INTEGER_OVERFLOW: [422, 'integer overflow in a trapping conversion or division'],
  EXEC_INVALID_CONVERSION: [422, 'a float could not be converted to an integer'],
  EXEC_INDIRECT_CALL: [422, 'call_indirect hit a null entry or a signature mismatch'],
  EXEC_TABLE_ACCESS: [422, 'a table index out of bounds'],
  EXEC_HOST_ERROR: [422, 'a host function refused the call (bad argument, limit)'],
  EXEC_PROC_EXIT: [422, 'the contract called proc_exit'],
  EXEC_DEADLINE: [422, 'an API simulation ran past the node\'s wall-clock deadline and was stopped (never raised by consensus execution)'],
  EXEC_SIMULATION_MEMORY: [422, 'an API simulation exceeded its worker\'s heap cap'],
  EXEC_SIMULATION_READS: [422, 'an API simulation read more chain items than the node serves one simulation'],
  EXEC_SIMULATION_RESULT_TOO_LARGE: [422, 'an API simulation produced more effects (events, state, outputs, logs) than the node replies with'],
  EXEC_HOST_STACK_EXHAUSTED: [500, 'no longer produced (the node\'s native stack running out is now INTERNAL); kept as a stable name'],
};

const INPUT: Table = {
  INPUT_VALIDATION: [400, 'the request does not match the route\'s schema'],
  INPUT_BAD_REQUEST: [400, 'the HTTP request itself is malformed'],
  INPUT_NOT_FOUND: [404, 'no such transaction, block or resource'],
  INPUT_CONTRACT_NOT_FOUND: [404, 'no contract is deployed at that address'],
  INPUT_METHOD_NOT_FOUND: [404, 'the contract does not export that method'],
  INPUT_KEY_NOT_FOUND: [404, 'no such key in the client keystore'],
  INPUT_BAD_ADDRESS: [400, 'not a WES address (Base58Check, version 0x1C, or 40 hex digits)'],
  INPUT_BAD_AMOUNT: [400, 'an amount is not a positive integer number of base units'],
  INPUT_BAD_BASE64: [400, 'not valid base64'],
  INPUT_BAD_HEX: [400, 'not valid hex'],
  INPUT_BAD_HASH: [400, 'a hash is not 32 bytes'],
  INPUT_BAD_CALL: [400, 'the call request is inconsistent (e.g. both params and payload)'],
  INPUT_BAD_PARAMS: [400, 'the call parameters are not valid JSON'],
  INPUT_BAD_GAS_LIMIT: [400, 'the gas limit is zero or above the cap'],
  INPUT_PAYLOAD_TOO_LARGE: [413, 'the call payload is larger than the limit'],
  INPUT_GAS_ABOVE_SIMULATION_CAP: [400, 'the gas limit is above this node\'s simulation gas cap (--sim-gas-cap)'],
  INPUT_SIMULATIONS_BUSY: [429, 'too many simulations are waiting for a worker; retry shortly'],
  INPUT_JSON_TOO_DEEP: [400, 'the request body nests arrays/objects deeper than 64 levels'],
  INPUT_BAD_CURSOR: [400, 'a page cursor is malformed or belongs to another listing; pass back the previous page\'s next'],
  INPUT_BAD_FLAG: [400, 'a command-line option value is not valid'],
  INPUT_BAD_TRANSACTION: [400, 'the submitted bytes are not a valid encoded transaction'],
  INPUT_BAD_CHAIN_JSON: [400, 'the chain-state file for `wes run` is malformed'],
  INPUT_BAD_INTERVAL: [400, 'the block interval option is not a positive number'],
  INPUT_BAD_PORT: [400, 'the port option is not a valid port'],
  INPUT_BAD_HOST: [400, 'the API host is not loopback (the node listens on 127.0.0.1 only)'],
  INPUT_BAD_ABCI_ADDRESS: [400, '--abci is not unix:///abs/path or tcp://127.0.0.1:PORT'],
  INPUT_BAD_RPC_ADDRESS: [400, '--rpc is not http://127.0.0.1:PORT'],
  INPUT_BAD_KEYSTORE: [400, 'the client keystore file is malformed'],
  INPUT_BAD_KEY_NAME: [400, 'a key name has characters that are not allowed'],
  INPUT_KEY_EXISTS: [409, 'a key with that name already exists in the keystore'],
  INPUT_FILE_NOT_READABLE: [400, 'a file named on the command line cannot be read'],
  INPUT_BAD_ARGUMENT: [400, 'command-line options that do not go together (e.g. wes deploy --params without --init)'],
  INPUT_FILE_NOT_WRITABLE: [400, 'a file named on the command line cannot be written'],
  INPUT_FILE_EXISTS: [409, 'the directory `wes new` would write to exists and is not empty'],
  INPUT_NO_CONTRACT_SOURCE: [400, 'no contract source was found to build'],
  INPUT_USAGE: [400, 'a command-line argument is wrong; see the command\'s --help'],
};

const TX: Table = {
  // Encoding
  TX_NON_CANONICAL: [400, 'the bytes are not the canonical encoding of a transaction'],
  TX_MALFORMED: [400, 'a record or field cannot be decoded'],
  TX_BAD_ENVELOPE: [400, 'not a canonical CometBFT transaction envelope (tx, then only the attachments it lists)'],
  TX_MISSING_FIELD: [400, 'a required field is absent'],
  TX_UNSUPPORTED: [400, 'the transaction uses a form this node does not support'],
  TX_BAD_LENGTH: [400, 'a byte field has the wrong length'],
  TX_BAD_AMOUNT: [400, 'an amount is not a valid uint64'],
  TX_U8_RANGE: [400, 'a value does not fit in 8 bits'],
  TX_U32_RANGE: [400, 'a value does not fit in 32 bits'],
  TX_U64_RANGE: [400, 'a value does not fit in 64 bits'],
  TX_DUPLICATE_KEY: [400, 'a map has the same key twice'],
  TX_BAD_INPUT_INDEX: [400, 'an input index does not exist'],
  TX_BAD_SIGHASH_TYPE: [400, 'a signature hash type is not a byte'],
  TX_BAD_PRIVATE_KEY: [400, 'a private key is not a valid secp256k1 secret'],
  TX_BAD_PUBLIC_KEY: [400, 'a public key is not a compressed secp256k1 point'],
  // Rules
  TX_BAD_VERSION: [422, 'unsupported transaction version'],
  TX_WRONG_CHAIN: [422, 'the transaction is for another chain id'],
  TX_TOO_LARGE: [413, 'the transaction is larger than the limit'],
  TX_TOO_DEEP: [400, 'encoded bytes nest deeper than the decoder allows (so that everything admitted can be stored in a block)'],
  TX_TOO_MANY_INPUTS: [422, 'more inputs than the limit'],
  TX_TOO_MANY_OUTPUTS: [422, 'more outputs than the limit'],
  TX_MEMO_TOO_LARGE: [422, 'the memo is longer than the limit'],
  TX_TOO_MANY_ATTACHMENTS: [422, 'more attachments than the limit'],
  TX_PAYLOAD_TOO_LARGE: [413, 'the call payload is larger than the limit'],
  TX_BAD_GAS_LIMIT: [422, 'a contract call needs a positive gas limit'],
  TX_UNSUPPORTED_FEE: [422, 'only the implicit fee or a native minimum fee is supported'],
  TX_DUPLICATE_INPUT: [422, 'the same outpoint is spent twice in one transaction'],
  TX_ZERO_AMOUNT: [422, 'an asset output or a transfer has no value'],
  TX_STATE_WITHOUT_CALL: [422, 'a signed transaction carries a state output: state is written only by a call\'s execution at inclusion'],
  TX_OUTSIDE_VALIDITY_WINDOW: [422, 'the transaction is not valid at this time or height'],
  TX_BAD_MINT: [422, 'a mint (genesis) transaction breaks the mint rules'],
  TX_BAD_COINBASE: [422, 'a coinbase claims more than the block\'s fees or has a bad nonce'],
  TX_NO_INPUTS: [422, 'a transaction must spend at least one UTXO'],
  TX_INPUT_MISSING: [409, 'an input does not exist or is already spent'],
  TX_UNLOCK_FAILED: [422, 'an input\'s proof does not satisfy its lock'],
  TX_TOKEN_NOT_CONSERVED: [422, 'token outputs exceed token inputs without a mint by the token\'s contract'],
  TX_NATIVE_NOT_CONSERVED: [422, 'native outputs exceed native inputs'],
  TX_FEE_TOO_LOW: [422, 'the fee is below the fee policy\'s minimum'],
  TX_OWNER_LOCK_MISMATCH: [422, 'an output\'s owner is not the key or contract its lock names'],
  TX_LOCK_FIELD_UNENFORCED: [422, 'a lock carries a field the verifier does not enforce (refused, never weakened)'],
  TX_NOT_STORABLE: [422, 'the transaction cannot be stored in a block (encoding depth or size)'],
  TX_ADMISSION_FAILED: [422, 'the transaction could not be checked for admission; it was refused'],
  TX_DROPPED: [410, 'the transaction was admitted, then dropped from the mempool; the reason is in details'],
  TX_MISSING_ATTACHMENT: [422, 'a deployed code hash is not listed in the attachments'],
  TX_MISSING_CODE: [422, 'the code of a deployment was not supplied'],
  TX_CODE_HASH_MISMATCH: [422, 'the supplied code does not hash to the declared content hash'],
  TX_BAD_CONTRACT: [422, 'the deployed code is rejected by the engine'],
  TX_BAD_INSTANCE_ADDRESS: [422, 'a deployment names an instance address other than the one its creator, input 0 and code hash derive'],
  TX_INSTANCE_EXISTS: [409, 'a contract instance already exists at the derived address'],
  // Calls
  TX_NO_CALL: [422, 'not a contract-call transaction'],
  TX_NO_CALLER: [422, 'a call must spend, as input 0, a UTXO locked to one key (the caller)'],
  TX_UNKNOWN_CONTRACT: [404, 'no contract is deployed at the called address'],
  TX_CALL_FAILED: [422, 'the call fails (in simulation, or against the tip at submission), so it is not submitted or admitted'],
  TX_EFFECTS_REFUSED: [422, 'receipt code: the call\'s effects break the rules (a spend not locked to the contract, value not conserved, coin locked to the contract\'s address as a key); the call failed at inclusion and paid its fee'],
  // Mempool and builder
  TX_DUPLICATE: [409, 'the transaction is already in the mempool or on chain'],
  TX_CONFLICT: [409, 'the transaction spends an output a pending transaction already spends'],
  TX_POOL_FULL: [503, 'the mempool is full; retry later or pay a higher fee'],
  TX_EVICTED: [409, 'a TX_DROPPED reason: the admitted transaction was evicted from the full mempool by one paying more per byte (outbid); resubmit with a higher fee'],
  TX_MEMPOOL_REJECTED: [422, 'CometBFT\'s CheckTx refused the transaction (the reason is in the message)'],
  TX_ALREADY_KNOWN: [409, 'CometBFT already has this transaction in its mempool (the node treats a resubmission as success)'],
  TX_INSUFFICIENT_FUNDS: [422, 'the payer\'s spendable coins do not cover amount and fee'],
  TX_NO_GENESIS: [503, 'the node has no genesis block yet'],
  TX_FEE_NOT_CONVERGED: [500, 'the builder could not settle the fee (a node bug)'],
  // Client-side intent checks (the client refused to sign what the node built)
  TX_ID_MISMATCH: [422, 'the node\'s transaction id does not match its bytes'],
  TX_NOT_AS_ASKED: [422, 'the unsigned transaction does not do what the user asked (outputs, call, fields)'],
  TX_FOREIGN_INPUT: [422, 'the unsigned transaction spends an input that is neither the user\'s nor the call\'s'],
  TX_PREVOUT_UNVERIFIED: [422, 'the node\'s copy of a spent output does not hash to the outpoint\'s transaction id'],
  TX_FEE_ABOVE_MAX: [422, 'the fee is above the client\'s maximum (--max-fee)'],
  TX_SPEND_ABOVE_MAX: [422, 'more of the user\'s coin would go to others than the user allowed (--spend)'],
  TX_TIMEOUT: [504, 'the client waited for inclusion and gave up (client only)'],
};

const CHAIN: Table = {
  CHAIN_BAD_HEIGHT: [422, 'a block\'s height does not follow the tip'],
  CHAIN_BAD_PARENT: [409, 'a block does not extend the tip'],
  CHAIN_BAD_TIMESTAMP: [422, 'a block\'s timestamp is earlier than its parent\'s'],
  CHAIN_BAD_HEADER: [422, 'a block header field is invalid'],
  CHAIN_BAD_MERKLE_ROOT: [422, 'a block\'s merkle root does not match its transactions'],
  CHAIN_BAD_STATE_ROOT: [422, 'a block\'s state root does not match its effects'],
  CHAIN_WRONG_CHAIN: [422, 'a block is for another chain id'],
  CHAIN_TIP_MOVED: [409, 'blocks kept being committed while the call was simulated; retry'],
  CHAIN_STORE_CLOSED: [503, 'the chain store is closed (the node is stopping)'],
  CHAIN_STORE_INCONSISTENT: [500, 'the chain store contradicts itself (a node fault)'],
  CHAIN_PARENT_WRITE_FAILED: [503, 'the previous block could not be written to disk; the block built on it was discarded and its transactions are pending again (a node fault)'],
  CHAIN_BLOCKS_BY_CONSENSUS: [409, 'a CometBFT node makes blocks by consensus, not on request'],
  CHAIN_MEMPOOL_REJECTED: [422, 'CometBFT\'s RPC refused the transaction (too large, mempool full, …)'],
  CHAIN_CONSENSUS_UNREACHABLE: [503, 'this node\'s CometBFT RPC does not answer; is cometbft running?'],
  CHAIN_BAD_GENESIS: [500, 'CometBFT\'s genesis.json cannot be read or has no chain_id (node set-up)'],
  CHAIN_BAD_APP_STATE: [500, 'genesis app_state is not {allocations, feeCollector} (node set-up)'],
  CHAIN_GENESIS_MISMATCH: [500, 'InitChain\'s app_state differs from the genesis file the node was started with'],
  CHAIN_BAD_INITIAL_HEIGHT: [500, 'the CometBFT genesis sets initial_height above 1 (unsupported)'],
  CHAIN_NOTHING_TO_COMMIT: [500, 'CometBFT sent Commit without FinalizeBlock (ABCI protocol fault)'],
  CHAIN_ABCI_BAD_MESSAGE: [500, 'an ABCI request from CometBFT does not decode (ABCI protocol fault)'],
  CHAIN_ABCI_BAD_FRAME: [500, 'an ABCI length prefix is malformed (ABCI protocol fault)'],
  CHAIN_ABCI_FRAME_TOO_LARGE: [500, 'an ABCI message exceeds the frame cap (ABCI protocol fault)'],
  CHAIN_COMETBFT_MISSING: [500, 'the pinned cometbft binary is not installed: make cometbft (needs Go)'],
  CHAIN_COMETBFT_PROTO_MISSING: [500, 'CometBFT\'s .proto files are not in the Go module cache: make cometbft (needs Go)'],
  CHAIN_BAD_COMETBFT_CONFIG: [500, 'a generated config.toml lacks a key this CometBFT version should have'],
  CHAIN_TESTNET_START_FAILED: [500, 'a testnet process exited or hung during start-up (see its log)'],
};

/** The engine cannot run deterministically as configured; raised at start-up, never by a call. */
const CONFIG: Table = {
  CONFIG_STACK_TOO_SMALL: [500, 'the thread\'s native stack cannot hold the configured stack budget; the operator must change it'],
};

/** Codes of the CLI's HTTP client; never sent by a node. */
const CLIENT: Table = {
  NODE_UNREACHABLE: [502, 'the client cannot reach the node (client only)'],
  BAD_REPLY: [502, 'the node replied with something that is not JSON (client only)'],
};

const INTERNAL: Table = {
  INTERNAL: [500, 'a broken invariant inside the node; report it'],
};

export const ERROR_SECTIONS: readonly { readonly title: string; readonly table: Table }[] = [
  { title: 'Module loading (LOAD_)', table: LOAD },
  { title: 'Contract execution (EXEC_)', table: EXEC },
  { title: 'Request input (INPUT_)', table: INPUT },
  { title: 'Transactions (TX_)', table: TX },
  { title: 'Blocks and chain store (CHAIN_)', table: CHAIN },
  { title: 'Engine configuration (CONFIG_)', table: CONFIG },
  { title: 'Client only', table: CLIENT },
  { title: 'Internal', table: INTERNAL },
];

const REGISTRY: ReadonlyMap<string, ErrorInfo> = new Map(
  ERROR_SECTIONS.flatMap(({ table }) => Object.entries(table).map(([code, [status, meaning]]) => [code, { code, status, meaning }] as const)),
);

/** Every registered code, in declaration order. */
export function registeredErrors(): readonly ErrorInfo[] {
  return [...REGISTRY.values()];
}

export function errorInfo(code: string): ErrorInfo | undefined {
  return REGISTRY.get(code);
}

/** HTTP status for a code; an unregistered code is a node bug, so 500 (and the registry test fails). */
export function httpStatusOf(code: string): number {
  return REGISTRY.get(code)?.status ?? 500;
}

/** docs/errors.md, generated from the table (scripts/gen-error-docs.mjs writes it; a test checks it). */
export function errorCatalogMarkdown(): string {
  const lines = [
    '# Error codes',
    '',
    '<!-- Generated from pkg/error-registry.ts by `node scripts/gen-error-docs.mjs`; do not edit. -->',
    '',
    'Every failure carries a stable code. The HTTP API replies with the status below and',
    '`{"error":{"code","message","details"}}`; 5xx means a fault of the node, never of the request.',
  ];
  for (const { title, table } of ERROR_SECTIONS) {
    lines.push('', `## ${title}`, '', '| Code | HTTP | Meaning |', '| --- | --- | --- |');
    for (const [code, [status, meaning]] of Object.entries(table)) lines.push(`| \`${code}\` | ${status} | ${meaning.replace(/\|/g, '\\|')} |`);
  }
  return `${lines.join('\n')}\n`;
}
