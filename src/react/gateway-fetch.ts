/**
 * Authorised REST calls to the gateway (DESIGN §8), shared by the audit API and `useCan`. The core
 * client only hands out WebSocket credentials, so these take the token function themselves.
 */
import type { ApiErrorBody, TokenProvider } from '../core/index.js';

/** A non-2xx answer of the gateway's REST API, with its status, reason and message (DESIGN §8). */
export class GatewayApiError extends Error {
  override readonly name: string = 'GatewayApiError';
  constructor(
    /** The HTTP status. */
    readonly status: number,
    message: string,
    /** The gateway's (or Kubernetes') reason, e.g. `Forbidden` or `ClusterTokenRequired`. */
    readonly reason?: string,
  ) {
    super(message);
  }
}

/**
 * Requests `url` (GET unless `init` says otherwise) with the Bearer token of `getToken` and resolves with a 2xx answer; any
 * other answer rejects with `Failure`. A 401 is retried once with a refreshed token, as the rest of
 * the kit does, because an expired token is the usual cause; not a missing cluster token, which a
 * new gateway token cannot cure (and a refresh may sign the user out).
 */
export async function gatewayFetch(
  getToken: TokenProvider,
  url: string,
  signal?: AbortSignal,
  Failure: new (status: number, message: string, reason?: string) => Error = GatewayApiError,
  forceRefresh = false,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const token = await getToken({ forceRefresh });
  const response = await fetch(url, { ...init, headers: { ...init.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) }, signal: signal ?? null });
  if (response.ok) return response;
  // Not the gateway's JSON error body (a proxy's page, say): the status text is all there is.
  const body = (await response.json().catch(() => null)) as Partial<ApiErrorBody> | null;
  const { reason, message } = body?.error ?? {};
  if (response.status === 401 && !forceRefresh && reason !== 'ClusterTokenRequired') return gatewayFetch(getToken, url, signal, Failure, true, init);
  throw new Failure(response.status, message ?? `${response.status} ${response.statusText}`.trim(), reason);
}
