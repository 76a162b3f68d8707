/**
 * Routes that build unsigned transactions, simulate calls and accept signed transactions.
 * None takes a private key: the node returns unsigned bytes and sighashes; clients sign.
 */
import type { FastifyInstance } from 'fastify';
import { fromBase64 } from '../../../pkg/encoding.js';
import type { CallSpec, NodeService } from '../node-service.js';
import { ADDRESS, ADDRESS_PARAMS, AMOUNT, BODY_LIMITS, CALL_BODY, MAX_BATCH_TXS, MODULE_BASE64, TX_BASE64 } from '../schemas.js';
import { isWesError } from '../../../pkg/errors.js';

type CallBody = Omit<CallSpec, 'contract'>;

export function writeRoutes(app: FastifyInstance, node: NodeService): void {
  app.post<{ Body: { wasm: string; from: string } }>(
    '/v1/contracts',
    {
      bodyLimit: BODY_LIMITS.deploy,
      schema: {
        summary: 'Build an unsigned deploy transaction for wasm code',
        tags: ['contracts'],
        body: { type: 'object', additionalProperties: false, required: ['wasm', 'from'], properties: { wasm: { ...MODULE_BASE64, minLength: 8 }, from: ADDRESS } },
      },
    },
    (req) => node.buildDeploy({ wasm: fromBase64(req.body.wasm), from: req.body.from }),
  );

  app.post<{ Params: { address: string }; Body: CallBody }>(
    '/v1/contracts/:address/simulate',
    { bodyLimit: BODY_LIMITS.call, schema: { summary: 'Run a call read-only: status, gas, return data, events, draft', tags: ['contracts'], params: ADDRESS_PARAMS, body: CALL_BODY } },
    (req) => node.simulate({ ...req.body, contract: req.params.address }),
  );

  app.post<{ Params: { address: string }; Body: CallBody }>(
    '/v1/contracts/:address/calls',
    { bodyLimit: BODY_LIMITS.call, schema: { summary: 'Simulate a call and build its unsigned transaction', tags: ['contracts'], params: ADDRESS_PARAMS, body: CALL_BODY } },
    (req) => node.buildCall({ ...req.body, contract: req.params.address }),
  );

  app.post<{ Body: { from: string; to: string; amount: string } }>(
    '/v1/transfers',
    {
      schema: {
        summary: 'Build an unsigned native-coin transfer',
        tags: ['tx'],
        body: { type: 'object', additionalProperties: false, required: ['from', 'to', 'amount'], properties: { from: ADDRESS, to: ADDRESS, amount: AMOUNT } },
      },
    },
    (req) => node.buildTransfer(req.body),
  );

  app.post<{ Body: { tx: string; attachments?: Record<string, string> } }>(
    '/v1/transactions',
    {
      bodyLimit: BODY_LIMITS.submit,
      schema: {
        summary: 'Submit a signed transaction (protobuf, base64)',
        tags: ['tx'],
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['tx'],
          properties: {
            tx: { ...TX_BASE64, minLength: 4 },
            attachments: { type: 'object', maxProperties: 4, propertyNames: { pattern: '^[0-9a-f]{64}$' }, additionalProperties: MODULE_BASE64 },
          },
        },
      },
    },
    (req) =>
      node.submit({
        tx: fromBase64(req.body.tx),
        attachments: new Map(Object.entries(req.body.attachments ?? {}).map(([k, v]) => [k, fromBase64(v)])),
      }),
  );

  app.post<{ Body: { txs: string[] } }>(
    '/v1/transactions/batch',
    {
      bodyLimit: BODY_LIMITS.batch,
      schema: {
        summary: 'Submit many signed transactions at once (no attachments); each is admitted or refused on its own',
        tags: ['tx'],
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['txs'],
          properties: { txs: { type: 'array', minItems: 1, maxItems: MAX_BATCH_TXS, items: { ...TX_BASE64, minLength: 4 } } },
        },
      },
    },
    async (req) => {
      // Concurrently, so their signatures are checked in parallel; admission itself is serial.
      const settled = await Promise.allSettled(req.body.txs.map((tx) => node.submit({ tx: fromBase64(tx), attachments: new Map() })));
      return {
        results: settled.map((r) => {
          if (r.status === 'fulfilled') return r.value;
          if (isWesError(r.reason)) return { error: { code: r.reason.code, message: r.reason.message } };
          throw r.reason; // a node fault, not the client's transaction: the whole request fails as a 5xx
        }),
      };
    },
  );

  app.post('/v1/blocks', { schema: { summary: 'Produce a block now (devnet)', tags: ['blocks'] } }, () => node.produceBlock());
}

export { ADDRESS };
