/** JSON errors of the REST API (DESIGN §8): `{ "error": { "code", "reason", "message" } }`. */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiErrorBody } from '../../src/core/protocol.js';
import { endLingering } from './lingering-close.js';

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  408: 'RequestTimeout',
  409: 'Conflict',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  431: 'RequestHeaderFieldsTooLarge',
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
  sendError(reply, 400, frameworkErrorMessage(error));
}

/** What is wrong with a path fastify cannot route; also the close reason of such a WebSocket upgrade. */
export function frameworkErrorMessage(error: { code?: string }): string {
  return error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'a path segment is too long' : 'the request path is not validly encoded';
}

/** HTTP status and message for what Node's HTTP parser refuses before fastify sees a request. */
function clientErrorAnswer(code: string | undefined): [number, string] {
  if (code === 'HPE_HEADER_OVERFLOW') return [431, 'the request headers are too large'];
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return [408, 'the request took too long to arrive'];
  return [400, 'the request is not valid HTTP'];
}

/**
 * fastify's clientErrorHandler: a request Node cannot parse (oversize headers, a body where the
 * framing allows none, garbage) is answered in the JSON error shape too, then the connection closed.
 */
export function clientError(error: Error & { code?: string }, socket: Duplex): void {
  // A reset connection has nobody left to answer; one already answered is lingering (Node's parser
  // reports every further chunk of the rejected request again).
  if (error.code === 'ECONNRESET' || socket.destroyed || socket.writableEnded) return;
  const [status, message] = clientErrorAnswer(error.code);
  const body = JSON.stringify(errorBody(status, message));
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  // Not destroy(): the answer must reach the client, whose request may still be arriving.
  socket.on('data', () => undefined);
  endLingering(socket, socket, 'end', `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
