/**
 * The API's JSON body parser: fastify's JSON parsing (with its prototype-poisoning checks) after
 * a linear scan that refuses nesting deeper than MAX_JSON_DEPTH. Deeply nested input would
 * otherwise reach recursive code (validation, JSON.stringify of params, the engine's JSON) and
 * end as a stack overflow: a 500 for what is a client mistake.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { InvalidRequestError } from '../../pkg/errors.js';
import { jsonDepth } from '../../pkg/json-depth.js';

/** Deepest array/object nesting a request body may have. */
export const MAX_JSON_DEPTH = 64;

/** The scan itself is shared with the host ABI's bound on contract JSON. */
export { jsonDepth };

export function installJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req: FastifyRequest, body: string | Buffer, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
      done(new InvalidRequestError('JSON_TOO_DEEP', `the request body nests arrays/objects deeper than ${MAX_JSON_DEPTH} levels`, { maxDepth: MAX_JSON_DEPTH }), undefined);
      return;
    }
    parseJson(req, text, done);
  });
}
