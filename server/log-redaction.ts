/** Access-log hygiene: no token, ticket or password ever reaches a log line (DESIGN §3). */
import type { FastifyRequest } from 'fastify';

/** The request URL with the `token` query parameter's value replaced. */
export function redactUrl(url: string | undefined): string {
  if (!url) return '';
  return url.replace(/([?&]token=)[^&#]*/gi, '$1[REDACTED]');
}

/** What an access-log line records about a request. */
export function requestLogFields(request: FastifyRequest): Record<string, unknown> {
  return { method: request.method, url: redactUrl(request.url), remoteAddress: request.ip, upgrade: request.headers.upgrade === 'websocket' };
}

/** pino `redact` paths for headers that carry credentials. */
export const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["sec-websocket-protocol"]', 'headers.authorization'];
