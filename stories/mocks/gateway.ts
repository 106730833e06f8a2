/**
 * The fake gateway every story talks to. msw answers everything under {@link MOCK_BASE_URL}, so
 * Storybook needs no server; this module holds what all endpoints share: the address, the token and
 * the single-use ws tickets of DESIGN §3 (issued by `POST /api/v1/auth/ws-ticket`, checked on upgrade).
 */
import { http, HttpResponse } from 'msw';
import type { TokenProvider } from '@kubevision/kit/core';
import { CloseCode, Paths, type ApiErrorBody, type WsTicketResponse } from '../../src/core/protocol.ts';

/** The gateway's http base URL as the stories give it to the kit; nothing is ever sent there for real. */
export const MOCK_BASE_URL = 'http://kubevision.mock';

/** The access token the stories' token provider hands out; the mocks refuse any other. */
export const MOCK_TOKEN = 'storybook-admin-token';

/** The token provider of every story. */
export const getMockToken: TokenProvider = () => MOCK_TOKEN;

/** The http URL of a gateway path. */
export function mockHttpUrl(path: string): string {
  return `${MOCK_BASE_URL}${path}`;
}

/** The ws URL pattern of a gateway path, derived as the kit's client derives it (http → ws). */
export function mockWsUrl(path: string): string {
  return `${MOCK_BASE_URL.replace(/^http/, 'ws')}${path}`;
}

/** The gateway's JSON error body (DESIGN §8). */
export function errorResponse(code: number, reason: string, message: string): Response {
  const body: ApiErrorBody = { error: { code, reason, message } };
  return HttpResponse.json(body, { status: code });
}

/** True when the request carries the stories' token as a Bearer. */
export function hasMockToken(request: Request): boolean {
  return request.headers.get('authorization') === `Bearer ${MOCK_TOKEN}`;
}

const issued = new Set<string>();
let ticketCount = 0;

/** `POST /api/v1/auth/ws-ticket`: a fresh single-use ticket for a valid Bearer token, else 401. */
export const ticketHandler = http.post(mockHttpUrl(Paths.wsTicket), ({ request }) => {
  if (!hasMockToken(request)) return errorResponse(401, 'Unauthorized', 'missing or invalid token');
  const ticket = `ticket-${++ticketCount}`;
  issued.add(ticket);
  return HttpResponse.json<WsTicketResponse>({ ticket, expiresIn: 30 });
});

/** Redeems the `token` query parameter of an upgrade URL: true once for each issued ticket. */
export function redeemTicket(url: URL): boolean {
  const ticket = url.searchParams.get('token');
  return ticket !== null && issued.delete(ticket);
}

/** What the gateway does after the upgrade when the credential is not a valid ticket. */
export const REFUSED_TICKET = { close: CloseCode.Unauthorized, reason: 'missing, invalid or expired token' } as const;
