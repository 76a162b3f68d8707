/** The block explorer page at `/` (internal/api/explorer/page.ts): static text, strict CSP. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { EXPLORER_CSS, EXPLORER_HTML, EXPLORER_JS } from '../explorer/page.js';

const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function staticText(reply: FastifyReply, type: string, body: string): FastifyReply {
  return reply.header('content-security-policy', CSP).header('x-content-type-options', 'nosniff').header('cache-control', 'no-cache').type(type).send(body);
}

export function explorerRoutes(app: FastifyInstance): void {
  const hide = { hide: true } as const; // not part of the JSON API's OpenAPI document
  app.get('/', { schema: hide }, (_req, reply) => staticText(reply, 'text/html; charset=utf-8', EXPLORER_HTML));
  app.get('/explorer.js', { schema: hide }, (_req, reply) => staticText(reply, 'text/javascript; charset=utf-8', EXPLORER_JS));
  app.get('/explorer.css', { schema: hide }, (_req, reply) => staticText(reply, 'text/css; charset=utf-8', EXPLORER_CSS));
}
