/** Access-log hygiene: no token, ticket or password ever reaches a log line (DESIGN §3). */
import type { FastifyRequest } from 'fastify';

/** The name of a query parameter as every query parser reads it ("%74oken" and "token" are one name); null when it does not decode. */
function decodedName(name: string): string | null {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/**
 * The request URL with the value of every `token` query parameter replaced, however its name is
 * spelled (upper case, percent-encoded): the gateway reads the credential with URLSearchParams,
 * which decodes names, so redaction must see names the same way. A name that does not decode is
 * redacted too, rather than guessed at.
 */
export function redactUrl(url: string | undefined): string {
  if (!url) return '';
  const hash = url.indexOf('#');
  const end = hash === -1 ? url.length : hash;
  const start = url.indexOf('?');
  if (start === -1 || start > end) return url;
  const params = url
    .slice(start + 1, end)
    .split('&')
    .map((param) => {
      const eq = param.indexOf('=');
      if (eq === -1) return param;
      const name = decodedName(param.slice(0, eq));
      return name === null || name.toLowerCase() === 'token' ? `${param.slice(0, eq)}=[REDACTED]` : param;
    });
  return `${url.slice(0, start + 1)}${params.join('&')}${url.slice(end)}`;
}

/** What an access-log line records about a request. */
export function requestLogFields(request: FastifyRequest): Record<string, unknown> {
  return { method: request.method, url: redactUrl(request.url), remoteAddress: request.ip, upgrade: request.headers.upgrade === 'websocket' };
}

/** pino `redact` paths for headers that carry credentials. */
export const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'req.headers["sec-websocket-protocol"]', 'headers.authorization'];
