/**
 * The API's JSON body parser: fastify's JSON parsing (with its prototype-poisoning checks) after
 * a linear scan that refuses nesting deeper than MAX_JSON_DEPTH. Deeply nested input would
 * otherwise reach recursive code (validation, JSON.stringify of params, the engine's JSON) and
 * end as a stack overflow: a 500 for what is a client mistake.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { InvalidRequestError } from '../../pkg/errors.js';

/** Deepest array/object nesting a request body may have. */
export const MAX_JSON_DEPTH = 64;

/** Depth of the deepest nesting in `text`, stopping (and returning) as soon as it passes `max`. */
export function jsonDepth(text: string, max = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > deepest) deepest = depth;
      if (deepest > max) return deepest;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

export function installJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req: FastifyRequest, body: string | Buffer, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (jsonDepth(text) > MAX_JSON_DEPTH) {
      done(new InvalidRequestError('JSON_TOO_DEEP', `the request body nests arrays/objects deeper than ${MAX_JSON_DEPTH} levels`, { maxDepth: MAX_JSON_DEPTH }), undefined);
      return;
    }
    parseJson(req, text, done);
  });
}
