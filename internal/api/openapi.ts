/** Builds the OpenAPI 3 document from the routes' own JSON schemas (one source of truth). */
import type { FastifyInstance, RouteOptions } from 'fastify';

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
    (paths[path] ??= {})[op.method] = {
      summary: s['summary'],
      tags: s['tags'],
      parameters,
      ...(s['body']
        ? { requestBody: { required: true, content: { 'application/json': { schema: s['body'] } }, ...(op.bodyLimit !== undefined && { 'x-body-limit-bytes': op.bodyLimit }) } }
        : {}),
      responses: { '200': { description: 'OK' }, '4XX': { description: 'Bad request: { error: { code, message } }' } },
    };
  }
  return {
    openapi: '3.0.3',
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
