/**
 * The API validates every request at the edge: wrong types, missing fields, bad addresses,
 * oversized bodies and unknown routes get a typed 4xx before any handler runs — never a 5xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createApiServer, BODY_LIMIT } from '../../internal/api/server.js';
import { NodeMetrics } from '../../internal/api/metrics.js';
import type { NodeService } from '../../internal/api/node-service.js';
import { InvalidRequestError } from '../../pkg/errors.js';

const ADDR = 'CTwsn9TsfEN2AKv7ZASti9CkL7y1jt7FTQ';
const calls: string[] = [];

// A node whose every method records the call; unknown things are typed "not found" errors.
const fake = new Proxy({} as NodeService, {
  get: (_t, name: string) => async (...args: unknown[]) => {
    calls.push(name);
    if (name === 'getTx' || name === 'block') return undefined;
    if (name === 'balance' && args[0] === '1111111111111111111111111') throw new InvalidRequestError('BAD_ADDRESS', 'not a WES address');
    return { ok: true };
  },
});

let app: FastifyInstance;
beforeAll(async () => {
  app = createApiServer(fake, new NodeMetrics(), { version: 'test' });
  await app.ready();
});
afterAll(() => app.close());

async function send(method: 'GET' | 'POST', url: string, payload?: unknown): Promise<{ status: number; body: { error?: { code: string; message: string } } }> {
  const res = await app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, body: res.json() };
}

describe('API edge validation', () => {
  const bad: [string, 'GET' | 'POST', string, unknown][] = [
    ['non-address in path', 'GET', '/v1/accounts/not-an-address!/balance', undefined],
    ['bad tx id', 'GET', '/v1/transactions/xyz', undefined],
    ['bad block id', 'GET', '/v1/blocks/-1', undefined],
    ['missing body fields', 'POST', '/v1/transfers', { from: ADDR }],
    ['amount as a number', 'POST', '/v1/transfers', { from: ADDR, to: ADDR, amount: 5 }],
    ['negative amount', 'POST', '/v1/transfers', { from: ADDR, to: ADDR, amount: '-5' }],
    ['unknown field', 'POST', '/v1/transfers', { from: ADDR, to: ADDR, amount: '5', privateKey: 'aa' }],
    ['private key smuggled into a call', 'POST', `/v1/contracts/${ADDR}/simulate`, { method: 'Run', caller: ADDR, privateKey: '00' }],
    ['method name with spaces', 'POST', `/v1/contracts/${ADDR}/simulate`, { method: 'rm -rf', caller: ADDR }],
    ['wasm not base64', 'POST', '/v1/contracts', { wasm: '%%%%%%%%%', from: ADDR }],
    ['gas limit not a number', 'POST', `/v1/contracts/${ADDR}/calls`, { method: 'Run', caller: ADDR, gasLimit: 'lots' }],
    ['events limit too high', 'GET', `/v1/contracts/${ADDR}/events?limit=100000`, undefined],
    ['state key encoding unknown', 'GET', `/v1/contracts/${ADDR}/state/k?encoding=rot13`, undefined],
  ];
  for (const [name, method, url, payload] of bad) {
    it(`400 for ${name}`, async () => {
      const before = calls.length;
      const r = await send(method, url, payload);
      expect(r.status).toBe(400);
      expect(r.body.error?.code).toBe('INPUT_VALIDATION');
      expect(calls.length).toBe(before); // no handler ran
    });
  }

  it('413 for an oversized body', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/contracts', payload: { wasm: 'A'.repeat(BODY_LIMIT + 10), from: ADDR } });
    expect(res.statusCode).toBe(413);
  });

  it('400 for malformed JSON', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/transfers', payload: '{"from": ', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
  });

  it('404 with a typed code for unknown routes and missing objects', async () => {
    expect((await send('GET', '/v1/nope')).status).toBe(404);
    const tx = await send('GET', `/v1/transactions/${'ab'.repeat(32)}`);
    expect(tx.status).toBe(404);
    expect(tx.body.error?.code).toBe('INPUT_NOT_FOUND');
    expect((await send('GET', '/~block@1.0/12')).status).toBe(404);
  });

  it('typed service errors become 400 with their code', async () => {
    const r = await send('GET', '/v1/accounts/1111111111111111111111111/balance');
    expect(r.status).toBe(400);
    expect(r.body.error?.code).toBe('INPUT_BAD_ADDRESS');
  });

  it('serves an OpenAPI document listing every route, and Prometheus metrics', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/status', '/v1/transactions', '/v1/contracts/{address}/state/{key}', '/~contract@1.0/{address}/state/{key}', '/~block@1.0/{id}']));
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('wes_http_requests_total');
  });

  it('no route accepts a private key anywhere in its schema', async () => {
    const doc = JSON.stringify((await app.inject({ method: 'GET', url: '/openapi.json' })).json());
    expect(doc.toLowerCase()).not.toMatch(/private_?key|secret|mnemonic/);
  });
});
