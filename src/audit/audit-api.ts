/**
 * Authorised REST calls to the audit API (DESIGN §8). The audit components take the token function
 * themselves (an admin's), not the provider's, and send it as a Bearer through {@link gatewayFetch}.
 */
import { GatewayApiError, gatewayFetch, Paths, type TerminalSessionPage, type TerminalSessionQuery, type TokenProvider } from '@kubevision/kit';

/** Where the audit API lives and how to authorise against it (an admin token). */
export interface AuditConnection {
  /** The gateway's base URL; default the page's origin. */
  baseUrl?: string;
  /** Supplies the access token; called again with `forceRefresh` after the gateway answered 401. */
  getToken: TokenProvider;
}

/** A non-2xx answer of the audit API, with the gateway's message when it sent one. */
export class AuditApiError extends GatewayApiError {
  override readonly name = 'AuditApiError';
}

/** Resolves a gateway path (or absolute URL) against the connection's base URL. */
export function auditUrl(connection: Pick<AuditConnection, 'baseUrl'>, path: string): string {
  return new URL(path, connection.baseUrl ?? window.location.origin).toString();
}

/** The URL of one session's asciicast recording. */
export function recordingUrl(connection: Pick<AuditConnection, 'baseUrl'>, id: string): string {
  return auditUrl(connection, `${Paths.terminalSessions}/${encodeURIComponent(id)}/recording`);
}

/** GETs `url` with the connection's Bearer token (see {@link gatewayFetch}); a non-2xx answer rejects with an {@link AuditApiError}. */
export function auditFetch(connection: AuditConnection, url: string, signal?: AbortSignal): Promise<Response> {
  return gatewayFetch(connection.getToken, url, signal, AuditApiError);
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
