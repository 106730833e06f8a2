/** JSON errors of the REST API (DESIGN §8): `{ "error": { "code", "reason", "message" } }`. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiErrorBody } from '../../src/core/protocol.js';

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
};

/** The body of an error answer. */
export function errorBody(code: number, message: string, reason?: string): ApiErrorBody {
  return { error: { code, reason: reason ?? REASONS[code] ?? 'Error', message } };
}

/** Sends a JSON error. */
export function sendError(reply: FastifyReply, code: number, message: string, reason?: string): FastifyReply {
  return reply.code(code).type('application/json').send(errorBody(code, message, reason));
}

/**
 * Fastify's own answer to a path it cannot route (bad percent-encoding, a segment longer than
 * maxParamLength), in the shape above: 400, without fastify's echo of the URL, whose query may
 * carry a token.
 */
export function frameworkError(error: { code?: string }, _request: FastifyRequest, reply: FastifyReply): void {
  sendError(reply, 400, error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a path segment is too long' : 'the request path is not validly encoded');
}
