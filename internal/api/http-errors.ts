/**
 * Maps errors to HTTP replies. A WesError's status comes from the one error registry
 * (pkg/error-registry.ts): bad input is 4xx with a stable code and a message that says what to
 * fix; only a fault of the node itself is a 5xx. An unregistered code is a 500 (and fails the
 * registry test).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isWesError } from '../../pkg/errors.js';
import { httpStatusOf } from '../../pkg/error-registry.js';

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
}

export function replyError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const fe = error as Partial<FastifyError> & { validation?: unknown };
  if (fe.validation !== undefined) {
    return reply.code(400).send({ error: { code: 'INPUT_VALIDATION', message: `invalid request: ${fe.message ?? 'bad input'}` } } satisfies ErrorBody);
  }
  if (isWesError(error)) {
    const status = httpStatusOf(error.code);
    if (status >= 500) request.log.error({ err: error }, 'node fault');
    return reply.code(status).send({ error: { code: error.code, message: error.message, details: error.details } } satisfies ErrorBody);
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return reply.code(fe.statusCode).send({ error: { code: fe.code ?? 'INPUT_BAD_REQUEST', message: fe.message ?? 'bad request' } } satisfies ErrorBody);
  }
  request.log.error({ err: error }, 'internal error');
  return reply.code(500).send({ error: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) } } satisfies ErrorBody);
}
