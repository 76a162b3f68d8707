/**
 * Builds the OpenAPI 3.1 document from the routes' own JSON schemas (one source of truth for
 * requests) and response-schemas.ts (replies and operationIds). 3.1 because its schemas are JSON
 * Schema 2020-12, which the request schemas are written in (propertyNames, anyOf with null).
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import { ERROR_SCHEMA, ROUTE_RESPONSES } from './response-schemas.js';

interface Operation {
  readonly method: string;
  readonly url: string;
  readonly schema: Record<string, unknown>;
  readonly bodyLimit: number | undefined;
}

export function collectRoutes(app: FastifyInstance): Operation[] {
  const ops: Operation[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const m of methods) {
      if (m === 'HEAD' || route.url === '/openapi.json' || route.schema?.hide === true) continue;
      ops.push({ method: m.toLowerCase(), url: route.url, schema: (route.schema ?? {}) as Record<string, unknown>, bodyLimit: route.bodyLimit });
    }
  });
  return ops;
}

function pathParams(url: string): string[] {
  return [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
}

export function openApiDocument(ops: readonly Operation[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of [...ops].sort((a, b) => (a.url + a.method).localeCompare(b.url + b.method))) {
    const path = op.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const s = op.schema;
    const params = (s['params'] as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
    const query = (s['querystring'] as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
    const parameters = [
      ...pathParams(op.url).map((name) => ({ name, in: 'path', required: true, schema: params[name] ?? { type: 'string' } })),
      ...Object.entries(query).map(([name, schema]) => ({ name, in: 'query', required: false, schema })),
    ];
    const reply = ROUTE_RESPONSES[`${op.method.toUpperCase()} ${op.url}`];
    const ok = reply?.mediaType !== undefined
      ? { description: 'OK', content: { [reply.mediaType]: { schema: { type: 'string' } } } }
      : { description: 'OK', content: { 'application/json': { schema: reply?.schema ?? {} } } };
    const error = (description: string) => ({ description, content: { 'application/json': { schema: ERROR_SCHEMA } } });
    (paths[path] ??= {})[op.method] = {
      operationId: reply?.operationId ?? `${op.method}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
      summary: s['summary'],
      tags: s['tags'],
      parameters,
      ...(s['body']
        ? { requestBody: { required: true, content: { 'application/json': { schema: s['body'] } }, ...(op.bodyLimit !== undefined && { 'x-body-limit-bytes': op.bodyLimit }) } }
        : {}),
      responses: { '200': ok, '4XX': error('The request was refused: a typed error code (docs/errors.md)'), '5XX': error('A fault of the node') },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'wes-engine devnet node', version, description: 'JSON API. Bytes are hex, amounts decimal strings, addresses Base58Check. No route accepts a private key: clients sign locally.' },
    paths,
  };
}

// Routes carry their OpenAPI summary and tags in the same schema object fastify validates with.
declare module 'fastify' {
  interface FastifySchema {
    summary?: string;
    tags?: readonly string[];
    /** Left out of the OpenAPI document (pages and assets, not API). */
    hide?: boolean;
  }
}
