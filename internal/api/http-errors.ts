/**
 * Maps errors to HTTP replies. Bad input is 4xx with a stable code and a message that says what
 * to fix; only a broken invariant inside the node is a 5xx.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isWesError, type WesError } from '../../pkg/errors.js';

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
}

function statusOf(e: WesError): number {
  if (/NOT_FOUND/.test(e.code)) return 404;
  switch (e.category) {
    case 'input':
    case 'load':
      return 400;
    case 'tx':
      return /SPENT|CONFLICT|DUPLICATE|DOUBLE/.test(e.code) ? 409 : 422;
    case 'execution':
    case 'host':
      return 422;
    case 'chain':
      return 409;
    default:
      return 500;
  }
}

export function replyError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const fe = error as Partial<FastifyError> & { validation?: unknown };
  if (fe.validation !== undefined) {
    return reply.code(400).send({ error: { code: 'INPUT_VALIDATION', message: `invalid request: ${fe.message ?? 'bad input'}` } } satisfies ErrorBody);
  }
  if (isWesError(error)) {
    return reply.code(statusOf(error)).send({ error: { code: error.code, message: error.message, details: error.details } } satisfies ErrorBody);
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return reply.code(fe.statusCode).send({ error: { code: fe.code ?? 'INPUT_BAD_REQUEST', message: fe.message ?? 'bad request' } } satisfies ErrorBody);
  }
  request.log.error({ err: error }, 'internal error');
  return reply.code(500).send({ error: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) } } satisfies ErrorBody);
}
