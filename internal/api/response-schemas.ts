/**
 * What each route replies, as JSON Schema 2020-12 (OpenAPI 3.1), with its operationId. Used only
 * for the OpenAPI document — never as fastify response schemas, which would silently drop fields
 * the schema does not list. test/api/openapi.test.ts checks real replies of a devnet against them.
 */
const str = { type: 'string' } as const;
const dec = { type: 'string', pattern: '^[0-9]+$', description: 'decimal string' } as const;
const hex = { type: 'string', pattern: '^[0-9a-f]*$', description: 'hex' } as const;
const int = { type: 'integer', minimum: 0 } as const;
const obj = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)) => ({ type: 'object', properties, required }) as const;
const nullable = (s: Record<string, unknown>) => ({ anyOf: [s, { type: 'null' }] });
const next = nullable({ ...str, description: 'cursor of the next page' });

const EVENT = obj({ contract: str, index: int, text: str, data: hex, height: dec, txId: hex }, ['contract', 'index', 'data']);
const UNSIGNED_TX = obj(
  {
    txId: hex,
    unsignedTx: { ...str, description: 'protobuf bytes of the unsigned transaction, base64' },
    fee: dec,
    signatures: { type: 'array', items: obj({ inputIndex: int, sighash: hex }) },
    attachments: { type: 'object', additionalProperties: str },
    contract: str,
  },
  ['txId', 'unsignedTx', 'fee', 'signatures'],
);
const SIMULATION = obj(
  {
    ok: { type: 'boolean' },
    status: nullable(int),
    statusName: str,
    gasUsed: dec,
    returnData: hex,
    returnText: str,
    events: { type: 'array', items: EVENT },
    error: nullable(obj({ code: str, message: str })),
    draft: nullable({ type: 'object' }),
    logs: { type: 'array', items: str },
  },
  ['ok', 'status', 'statusName', 'gasUsed', 'returnData', 'events', 'error', 'draft', 'logs'],
);
const STATUS = obj({
  chainId: str,
  height: dec,
  tipHash: hex,
  tipTimestamp: dec,
  mempoolSize: int,
  engine: obj({ version: str, costTableVersion: int, abiVersion: str }),
  feePolicy: { type: 'object', additionalProperties: dec, description: 'minimumFee, feePerByte, gasPerFeeUnit, storageFeePerByte, …' },
});
const BLOCK = obj({ height: dec, hash: hex, parentHash: hex, timestamp: dec, txIds: { type: 'array', items: hex }, header: { type: 'object' } });
const TX = obj(
  {
    txId: hex,
    status: { type: 'string', enum: ['pending', 'included', 'failed'], description: 'pending: waiting for a block (height "", txIndex -1); a dropped transaction is a TX_DROPPED error' },
    reason: str,
    height: { anyOf: [dec, { const: '' }] },
    txIndex: { type: 'integer', minimum: -1 },
    tx: { type: 'object' },
    raw: str,
    rawReceipt: str,
    receipt: nullable({ type: 'object' }),
    events: { type: 'array', items: EVENT },
    eventsNext: next,
  },
  ['txId', 'status', 'height', 'txIndex', 'tx', 'raw', 'receipt', 'events', 'eventsNext'],
);
const BALANCE = obj(
  { address: str, native: dec, tokens: { type: 'array', items: obj({ contract: str, classId: hex, classIdText: str, amount: dec }, ['contract', 'classId', 'amount']) }, tokenClasses: int, tokensTruncated: { type: 'boolean' } },
  ['address', 'native', 'tokens'],
);
const UTXOS = obj({ utxos: { type: 'array', items: obj({ txId: hex, index: int, height: dec, output: { type: 'object' } }) }, next });
const STATE = obj({ contract: str, key: str, found: { type: 'boolean' }, version: dec, value: nullable(hex), text: str }, ['contract', 'key', 'found', 'version', 'value']);
const STATE_ENTRIES = obj({ entries: { type: 'array', items: obj({ key: hex, keyText: str, version: dec, value: hex, text: str }, ['key', 'version', 'value']) }, next });
const EVENTS = obj({ events: { type: 'array', items: EVENT }, next });
/** A transaction's events: an empty page marked pending while it waits for a block (a dropped one is a TX_DROPPED error). */
const TX_EVENTS = obj(
  { events: { type: 'array', items: EVENT }, next, status: { type: 'string', enum: ['pending'], description: 'present only while the transaction waits for a block' } },
  ['events', 'next'],
);

export interface RouteResponse {
  readonly operationId: string;
  /** JSON body schema, or a media type and description for non-JSON replies. */
  readonly schema?: Record<string, unknown>;
  readonly mediaType?: string;
}

/** Keyed by "METHOD url" exactly as the route is registered. */
export const ROUTE_RESPONSES: Readonly<Record<string, RouteResponse>> = {
  'GET /v1/status': { operationId: 'getStatus', schema: STATUS },
  'GET /v1/transactions/:txId': { operationId: 'getTransaction', schema: TX },
  'GET /v1/transactions/:txId/events': { operationId: 'getTransactionEvents', schema: TX_EVENTS },
  'GET /v1/accounts/:address/balance': { operationId: 'getBalance', schema: BALANCE },
  'GET /v1/accounts/:address/utxos': { operationId: 'listUtxos', schema: UTXOS },
  'GET /v1/contracts/:address/state': { operationId: 'listContractState', schema: STATE_ENTRIES },
  'GET /v1/contracts/:address/state/:key': { operationId: 'getContractState', schema: STATE },
  'GET /v1/contracts/:address/events': { operationId: 'listContractEvents', schema: EVENTS },
  'GET /v1/blocks/:id': { operationId: 'getBlock', schema: BLOCK },
  'GET /v1/contracts/:address': { operationId: 'getContract', schema: obj({ address: str, codeHash: hex, codeSize: int }) },
  'GET /v1/codes/:codeHash': { operationId: 'getCode', schema: obj({ codeHash: hex, size: int, instances: { type: 'array', items: str }, totalInstances: int }) },
  'GET /~meta@1.0/info': { operationId: 'hbGetStatus', schema: STATUS },
  'GET /~contract@1.0/:address/state/:key': { operationId: 'hbGetContractState', schema: STATE },
  'GET /~contract@1.0/:address/events': { operationId: 'hbListContractEvents', schema: EVENTS },
  'GET /~block@1.0/:id': { operationId: 'hbGetBlock', schema: BLOCK },
  'GET /~tx@1.0/:txId': { operationId: 'hbGetTransaction', schema: TX },
  'GET /~account@1.0/:address/balance': { operationId: 'hbGetBalance', schema: BALANCE },
  'POST /v1/contracts': { operationId: 'buildDeploy', schema: UNSIGNED_TX },
  'POST /v1/contracts/:address/simulate': { operationId: 'simulateCall', schema: SIMULATION },
  'POST /v1/contracts/:address/calls': { operationId: 'buildCall', schema: obj({ simulation: SIMULATION, tx: UNSIGNED_TX }) },
  'POST /v1/transfers': { operationId: 'buildTransfer', schema: UNSIGNED_TX },
  'POST /v1/transactions': { operationId: 'submitTransaction', schema: obj({ txId: hex, fee: dec }) },
  'POST /v1/transactions/batch': {
    operationId: 'submitTransactionBatch',
    schema: obj({ results: { type: 'array', items: { oneOf: [obj({ txId: hex, fee: dec }), obj({ error: obj({ code: str, message: str }) })] } } }),
  },
  'POST /v1/blocks': { operationId: 'produceBlock', schema: BLOCK },
  'GET /metrics': { operationId: 'getMetrics', mediaType: 'text/plain' },
};

export const ERROR_SCHEMA = obj({ error: obj({ code: str, message: str, details: { type: 'object' } }, ['code', 'message']) });
