/**
 * Bounded input at the edge: JSON nesting depth, per-route body limits sized to what each route
 * carries, string lengths in schemas, long path parameters — each a typed 4xx before any handler
 * runs, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createApiServer } from '../../internal/api/server.js';
import { NodeMetrics } from '../../internal/api/metrics.js';
import type { NodeService } from '../../internal/api/node-service.js';
import { BODY_LIMITS } from '../../internal/api/schemas.js';
import { MAX_JSON_DEPTH, jsonDepth } from '../../internal/api/json-body.js';

const ADDR = 'CTwsn9TsfEN2AKv7ZASti9CkL7y1jt7FTQ';
const calls: string[] = [];
const fake = new Proxy({} as NodeService, {
  get: (_t, name: string) => async () => {
    calls.push(name);
    return { ok: true };
  },
});

let app: FastifyInstance;
beforeAll(async () => {
  app = createApiServer(fake, new NodeMetrics(), { version: 'test' });
  await app.ready();
});
afterAll(() => app.close());

const nested = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown;

async function post(url: string, body: string): Promise<{ status: number; code: string | undefined; ran: boolean }> {
  const before = calls.length;
  const res = await app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/json' } });
  return { status: res.statusCode, code: (res.json() as { error?: { code: string } }).error?.code, ran: calls.length > before };
}

describe('JSON depth', () => {
  it('params nested 10,000 deep: 400 INPUT_JSON_TOO_DEEP, no handler runs', async () => {
    const body = `{"method":"Run","caller":"${ADDR}","params":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const r = await post(`/v1/contracts/${ADDR}/simulate`, body);
    expect(r).toMatchObject({ status: 400, code: 'INPUT_JSON_TOO_DEEP', ran: false });
  });

  it('nesting up to the limit is accepted; brackets inside strings do not count', async () => {
    const ok = await post(`/v1/contracts/${ADDR}/simulate`, JSON.stringify({ method: 'Run', caller: ADDR, params: nested(MAX_JSON_DEPTH - 1) }));
    expect(ok).toMatchObject({ status: 200, ran: true });
    const inString = await post(`/v1/contracts/${ADDR}/simulate`, JSON.stringify({ method: 'Run', caller: ADDR, params: { s: '[{'.repeat(5000) + '\\"[' } }));
    expect(inString).toMatchObject({ status: 200, ran: true });
    const over = await post(`/v1/contracts/${ADDR}/simulate`, JSON.stringify({ method: 'Run', caller: ADDR, params: nested(MAX_JSON_DEPTH) }));
    expect(over).toMatchObject({ status: 400, code: 'INPUT_JSON_TOO_DEEP', ran: false });
  });

  it('jsonDepth handles escapes and stops early', () => {
    expect(jsonDepth('{"a":"\\"[[[","b":[[1]]}')).toBe(3);
    expect(jsonDepth('['.repeat(1_000_000), 10)).toBe(11);
    expect(jsonDepth('[[]]')).toBe(2);
  });
});

describe('per-route body limits', () => {
  it('small routes refuse bodies above the small limit (413)', async () => {
    const r = await post('/v1/transfers', JSON.stringify({ from: ADDR, to: ADDR, amount: '1', pad: 'x'.repeat(BODY_LIMITS.small) }));
    expect(r.status).toBe(413);
    expect(r.ran).toBe(false);
  });

  it('a call may carry a maximal payload, not more', async () => {
    const max = await post(`/v1/contracts/${ADDR}/simulate`, JSON.stringify({ method: 'Run', caller: ADDR, payload: 'ab'.repeat(1024 * 1024) }));
    expect(max).toMatchObject({ status: 200, ran: true });
    const tooLong = await post(`/v1/contracts/${ADDR}/simulate`, JSON.stringify({ method: 'Run', caller: ADDR, payload: 'ab'.repeat(1024 * 1024 + 2) }));
    expect(tooLong).toMatchObject({ status: 400, ran: false });
    const tooBig = await post(`/v1/contracts/${ADDR}/simulate`, JSON.stringify({ method: 'Run', caller: ADDR, payload: 'ab'.repeat(BODY_LIMITS.call) }));
    expect(tooBig).toMatchObject({ status: 413, ran: false });
  });

  it('a deploy may carry a maximal module; a submission a maximal transaction', async () => {
    const wasm = 'A'.repeat(4 * Math.ceil((4 * 1024 * 1024) / 3));
    expect(await post('/v1/contracts', JSON.stringify({ wasm, from: ADDR }))).toMatchObject({ status: 200, ran: true });
    expect(await post('/v1/contracts', JSON.stringify({ wasm: `${wasm}AAAA`, from: ADDR }))).toMatchObject({ status: 400, ran: false });
    const tx = 'A'.repeat(4 * Math.ceil((256 * 1024) / 3));
    expect(await post('/v1/transactions', JSON.stringify({ tx }))).toMatchObject({ status: 200, ran: true });
    expect(await post('/v1/transactions', JSON.stringify({ tx: `${tx}AAAA` }))).toMatchObject({ status: 400, ran: false });
    // A deploy-sized body is refused by a call route.
    expect((await post(`/v1/contracts/${ADDR}/calls`, JSON.stringify({ method: 'Run', caller: ADDR, params: { w: wasm } }))).status).toBe(413);
  });
});

describe('string lengths', () => {
  it('a method name over 128 characters is 400', async () => {
    expect(await post(`/v1/contracts/${ADDR}/simulate`, JSON.stringify({ method: 'M'.repeat(129), caller: ADDR }))).toMatchObject({ status: 400, ran: false });
  });

  it('a state key over 4096 characters is 400 (not a 404 from the router); 4096 is served', async () => {
    const long = await app.inject({ method: 'GET', url: `/v1/contracts/${ADDR}/state/${'k'.repeat(4097)}` });
    expect(long.statusCode).toBe(400);
    const max = await app.inject({ method: 'GET', url: `/v1/contracts/${ADDR}/state/${'k'.repeat(4096)}` });
    expect(max.statusCode).toBe(200);
  });
});
