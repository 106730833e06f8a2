/**
 * Authorised REST calls to the audit API (DESIGN §8). The core client only hands out WebSocket
 * credentials, so the audit components take the token function themselves and send it as a Bearer.
 */
import { Paths, type TerminalSessionPage, type TerminalSessionQuery, type TokenProvider } from '../core/index.js';

/** Where the audit API lives and how to authorise against it (an admin token). */
export interface AuditConnection {
  /** The gateway's base URL; default the page's origin. */
  baseUrl?: string;
  /** Supplies the access token; called again with `forceRefresh` after the gateway answered 401. */
  getToken: TokenProvider;
}

/** A non-2xx answer of the audit API, with the gateway's message when it sent one. */
export class AuditApiError extends Error {
  override readonly name = 'AuditApiError';
  constructor(
    /** The HTTP status. */
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Resolves a gateway path (or absolute URL) against the connection's base URL. */
export function auditUrl(connection: Pick<AuditConnection, 'baseUrl'>, path: string): string {
  return new URL(path, connection.baseUrl ?? window.location.origin).toString();
}

/** The URL of one session's asciicast recording. */
export function recordingUrl(connection: Pick<AuditConnection, 'baseUrl'>, id: string): string {
  return auditUrl(connection, `${Paths.terminalSessions}/${encodeURIComponent(id)}/recording`);
}

async function errorMessage(response: Response): Promise<string> {
  try {
    const body: unknown = await response.json();
    const message = (body as { error?: { message?: unknown } }).error?.message;
    if (typeof message === 'string') return message;
  } catch {
    // Not the gateway's JSON error body (a proxy's page, say): the status text is all there is.
  }
  return `${response.status} ${response.statusText}`.trim();
}

/**
 * GETs `url` with the connection's Bearer token. A 401 is retried once with a refreshed token,
 * as the rest of the kit does, because an expired token is the usual cause.
 */
export async function auditFetch(connection: AuditConnection, url: string, signal?: AbortSignal): Promise<Response> {
  for (const forceRefresh of [false, true]) {
    const token = await connection.getToken({ forceRefresh });
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    const response = await fetch(url, { headers, signal: signal ?? null });
    if (response.ok) return response;
    if (response.status === 401 && !forceRefresh) continue;
    throw new AuditApiError(response.status, await errorMessage(response));
  }
  throw new AuditApiError(401, 'the gateway refused the token');
}

/** Lists one page of recorded terminal sessions, newest first. */
export async function fetchTerminalSessions(
  connection: AuditConnection,
  query: TerminalSessionQuery = {},
  signal?: AbortSignal,
): Promise<TerminalSessionPage> {
  const params = new URLSearchParams();
  if (query.cluster) params.set('cluster', query.cluster);
  if (query.user) params.set('user', query.user);
  if (query.from) params.set('from', query.from.toISOString());
  if (query.to) params.set('to', query.to.toISOString());
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  if (query.cursor) params.set('cursor', query.cursor);
  const search = params.size > 0 ? `?${params}` : '';
  const response = await auditFetch(connection, auditUrl(connection, `${Paths.terminalSessions}${search}`), signal);
  return (await response.json()) as TerminalSessionPage;
}
