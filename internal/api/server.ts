/**
 * The node's HTTP API (fastify): every request is validated against its JSON schema before a
 * handler runs, bodies are size-capped, errors are typed 4xx replies. Serves /openapi.json and
 * Prometheus /metrics.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { NodeService } from './node-service.js';
import type { NodeMetrics } from './metrics.js';
import { replyError } from './http-errors.js';
import { collectRoutes, openApiDocument } from './openapi.js';
import { readRoutes } from './routes/read-routes.js';
import { writeRoutes } from './routes/write-routes.js';
import { installJsonBodyParser } from './json-body.js';
import { BODY_LIMITS } from './schemas.js';
import { explorerRoutes } from './routes/explorer-routes.js';

/** The largest body any route accepts (a deploy); each route has its own limit (BODY_LIMITS). */
export const BODY_LIMIT = Math.max(...Object.values(BODY_LIMITS));

export interface ApiOptions {
  readonly version: string;
  /** Called on every scrape to refresh gauges that are read, not pushed. */
  readonly refreshMetrics?: () => void;
  readonly logger?: boolean;
}

export function createApiServer(node: NodeService, metrics: NodeMetrics, opts: ApiOptions): FastifyInstance {
  const app = Fastify({
    logger: opts.logger ?? false,
    // Routes that carry code, transactions or payloads raise this to their own BODY_LIMITS entry.
    bodyLimit: BODY_LIMITS.small,
    // State keys travel in the path (up to 4096 characters, see read-routes.ts).
    routerOptions: { maxParamLength: 8 * 1024 },
    // No type coercion: an amount sent as a JSON number (precision lost past 2^53) is an error.
    ajv: { customOptions: { allErrors: false, coerceTypes: false, removeAdditional: false } },
  });
  installJsonBodyParser(app);
  const ops = collectRoutes(app);
  app.setErrorHandler((error, request, reply) => replyError(error, request, reply));
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: { code: 'INPUT_NOT_FOUND', message: `no route ${request.method} ${request.url}; see GET /openapi.json` } }),
  );
  app.addHook('onResponse', (request, reply, done) => {
    metrics.httpRequests.inc({ route: request.routeOptions.url ?? 'unknown', code: String(reply.statusCode) });
    done();
  });

  readRoutes(app, node);
  writeRoutes(app, node);
  explorerRoutes(app);
  app.get('/metrics', { schema: { summary: 'Prometheus metrics', tags: ['node'] } }, async (_req, reply) => {
    opts.refreshMetrics?.();
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.get('/openapi.json', () => openApiDocument(ops, opts.version));
  return app;
}
