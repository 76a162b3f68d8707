/** Read-only routes: status, transactions, accounts, contract state and events, blocks. */
import type { FastifyInstance } from 'fastify';
import { InvalidRequestError } from '../../../pkg/errors.js';
import { fromHex, utf8Encode } from '../../../pkg/encoding.js';
import type { NodeService } from '../node-service.js';
import { ADDRESS, ADDRESS_PARAMS, HASH_HEX } from '../schemas.js';

export function decodeKey(key: string, encoding: string | undefined): Uint8Array {
  return encoding === 'hex' ? fromHex(key) : utf8Encode(key);
}

const BLOCK_ID = { type: 'string', pattern: '^([0-9]{1,20}|(0x)?[0-9a-fA-F]{64}|latest)$' } as const;
const STATE_PARAMS = { type: 'object', required: ['address', 'key'], properties: { address: ADDRESS, key: { type: 'string', minLength: 1, maxLength: 4096 } } } as const;
const STATE_QUERY = { type: 'object', additionalProperties: false, properties: { encoding: { type: 'string', enum: ['utf8', 'hex'] } } } as const;
const PAGE_PROPERTIES = {
  cursor: { type: 'string', minLength: 2, maxLength: 12 * 1024, pattern: '^[A-Za-z0-9_-]+$', description: 'opaque: the "next" value of the previous page' },
  limit: { type: 'string', pattern: '^([1-9][0-9]{0,2}|1000)$', description: 'items per page, 1-1000 (default 100); pages are also capped at 1 MiB of payload' },
} as const;
const PAGE_QUERY = { type: 'object', additionalProperties: false, properties: PAGE_PROPERTIES } as const;
const EVENTS_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: { from: { type: 'string', pattern: '^[0-9]{1,20}$', description: 'first block height (ignored with a cursor)' }, ...PAGE_PROPERTIES },
} as const;

type PageQuery = { cursor?: string; limit?: string };
const page = (q: PageQuery): { cursor?: string; limit?: number } => ({
  ...(q.cursor !== undefined && { cursor: q.cursor }),
  ...(q.limit !== undefined && { limit: Number(q.limit) }),
});

function notFound(what: string): never {
  throw new InvalidRequestError('NOT_FOUND', `${what} not found`);
}

/** Registers the read routes under `prefix`; HyperBEAM-style aliases reuse the same handlers. */
export function readRoutes(app: FastifyInstance, node: NodeService): void {
  app.get('/v1/status', { schema: { summary: 'Node status', tags: ['node'] } }, () => node.status());

  app.get<{ Params: { txId: string } }>(
    '/v1/transactions/:txId',
    { schema: { summary: 'A transaction with its receipt and events', tags: ['tx'], params: { type: 'object', required: ['txId'], properties: { txId: HASH_HEX } } } },
    async (req) => (await node.getTx(req.params.txId)) ?? notFound(`transaction ${req.params.txId}`),
  );

  app.get<{ Params: { txId: string }; Querystring: PageQuery }>(
    '/v1/transactions/:txId/events',
    {
      schema: {
        summary: "A page of a transaction's events (cursor: eventsNext of the transaction, then next)",
        tags: ['tx'],
        params: { type: 'object', required: ['txId'], properties: { txId: HASH_HEX } },
        querystring: PAGE_QUERY,
      },
    },
    async (req) => (await node.txEvents(req.params.txId, page(req.query))) ?? notFound(`transaction ${req.params.txId}`),
  );

  app.get<{ Params: { address: string } }>('/v1/accounts/:address/balance', { schema: { summary: 'Native and token balances', tags: ['accounts'], params: ADDRESS_PARAMS } }, (req) =>
    node.balance(req.params.address),
  );

  app.get<{ Params: { address: string }; Querystring: PageQuery }>(
    '/v1/accounts/:address/utxos',
    { schema: { summary: 'Unspent outputs, a page at a time in outpoint order', tags: ['accounts'], params: ADDRESS_PARAMS, querystring: PAGE_QUERY } },
    (req) => node.utxos(req.params.address, page(req.query)),
  );

  app.get<{ Params: { address: string }; Querystring: PageQuery }>(
    '/v1/contracts/:address/state',
    { schema: { summary: 'Contract state entries, a page at a time in key order', tags: ['contracts'], params: ADDRESS_PARAMS, querystring: PAGE_QUERY } },
    (req) => node.stateEntries(req.params.address, page(req.query)),
  );

  app.get<{ Params: { address: string } }>(
    '/v1/contracts/:address',
    { schema: { summary: 'A contract instance: its address and the hash of the code it runs', tags: ['contracts'], params: ADDRESS_PARAMS } },
    async (req) => (await node.contract(req.params.address)) ?? notFound(`contract ${req.params.address}`),
  );

  app.get<{ Params: { codeHash: string }; Querystring: { limit?: string } }>(
    '/v1/codes/:codeHash',
    {
      schema: {
        summary: 'Stored code by SHA-256: size and its instances (address order, at most limit)', tags: ['contracts'],
        params: { type: 'object', required: ['codeHash'], properties: { codeHash: HASH_HEX } },
        querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'string', pattern: '^([1-9][0-9]{0,2}|1000)$', description: '1-1000' } } },
      },
    },
    async (req) => (await node.code(req.params.codeHash, Number(req.query.limit ?? '100'))) ?? notFound(`code ${req.params.codeHash}`),
  );

  app.get<{ Params: { address: string; key: string }; Querystring: { encoding?: string } }>(
    '/v1/contracts/:address/state/:key',
    { schema: { summary: 'Contract state by key (utf8 by default, ?encoding=hex)', tags: ['contracts'], params: STATE_PARAMS, querystring: STATE_QUERY } },
    (req) => node.state(req.params.address, decodeKey(req.params.key, req.query.encoding)),
  );

  app.get<{ Params: { address: string }; Querystring: { from?: string } & PageQuery }>(
    '/v1/contracts/:address/events',
    { schema: { summary: 'Events emitted by a contract', tags: ['contracts'], params: ADDRESS_PARAMS, querystring: EVENTS_QUERY } },
    (req) => node.events(req.params.address, BigInt(req.query.from ?? '0'), page(req.query)),
  );

  app.get<{ Params: { id: string } }>(
    '/v1/blocks/:id',
    { schema: { summary: 'A block by height, hash or "latest"', tags: ['blocks'], params: { type: 'object', required: ['id'], properties: { id: BLOCK_ID } } } },
    async (req) => (await node.block(req.params.id)) ?? notFound(`block ${req.params.id}`),
  );

  // HyperBEAM-style device paths over the same data (see hyperbeam-pvm-notes.md).
  app.get('/~meta@1.0/info', { schema: { summary: 'Node status (HyperBEAM path)', tags: ['hyperbeam'] } }, () => node.status());
  app.get<{ Params: { address: string; key: string }; Querystring: { encoding?: string } }>(
    '/~contract@1.0/:address/state/:key',
    { schema: { summary: 'Contract state (HyperBEAM path)', tags: ['hyperbeam'], params: STATE_PARAMS, querystring: STATE_QUERY } },
    (req) => node.state(req.params.address, decodeKey(req.params.key, req.query.encoding)),
  );
  app.get<{ Params: { address: string }; Querystring: { from?: string } & PageQuery }>(
    '/~contract@1.0/:address/events',
    { schema: { summary: 'Contract events (HyperBEAM path)', tags: ['hyperbeam'], params: ADDRESS_PARAMS, querystring: EVENTS_QUERY } },
    (req) => node.events(req.params.address, BigInt(req.query.from ?? '0'), page(req.query)),
  );
  app.get<{ Params: { id: string } }>(
    '/~block@1.0/:id',
    { schema: { summary: 'Block (HyperBEAM path)', tags: ['hyperbeam'], params: { type: 'object', required: ['id'], properties: { id: BLOCK_ID } } } },
    async (req) => (await node.block(req.params.id)) ?? notFound(`block ${req.params.id}`),
  );
  app.get<{ Params: { txId: string } }>(
    '/~tx@1.0/:txId',
    { schema: { summary: 'Transaction (HyperBEAM path)', tags: ['hyperbeam'], params: { type: 'object', required: ['txId'], properties: { txId: HASH_HEX } } } },
    async (req) => (await node.getTx(req.params.txId)) ?? notFound(`transaction ${req.params.txId}`),
  );
  app.get<{ Params: { address: string } }>('/~account@1.0/:address/balance', { schema: { summary: 'Balances (HyperBEAM path)', tags: ['hyperbeam'], params: ADDRESS_PARAMS } }, (req) =>
    node.balance(req.params.address),
  );
}
