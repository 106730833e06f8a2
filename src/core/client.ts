/**
 * The entry point of the core: one object per gateway that builds endpoint URLs, fetches a fresh
 * single-use ws ticket before every connect (falling back to the token where the gateway has no
 * ticket endpoint), and owns the page's shared watch socket.
 */
import type { BackoffOptions } from './backoff.js';
import type { PageSignals } from './environment.js';
import { dns1123LabelError } from './names.js';
import { LogStream, type LogStreamOptions } from './log-stream.js';
import {
  HEARTBEAT_PARAM,
  Paths,
  logQueryParams,
  podPath,
  terminalQueryParams,
  validatePodTarget,
  type PodTarget,
  type WsTicketResponse,
} from './protocol.js';
import { AuthError, ReconnectingSocket, type ConnectContext, type ReconnectingSocketOptions, type WebSocketConstructor } from './reconnecting-socket.js';
import type { FrameScheduler } from './scheduler.js';
import { TerminalConnection, type TerminalConnectionOptions } from './terminal-connection.js';
import { WatchClient } from './watch-client.js';

/** Supplies the access token; `forceRefresh` is set after the gateway refused the last one. Null means signed out. */
export type TokenProvider = (options: { forceRefresh: boolean }) => string | null | Promise<string | null>;

/** Options of {@link createKubeVisionClient}. */
export interface KubeVisionClientOptions {
  /** The gateway's http(s) URL, path prefix allowed; default the page's origin. */
  baseUrl?: string;
  getToken: TokenProvider;
  /** Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Default the global WebSocket. */
  WebSocket?: WebSocketConstructor;
  backoff?: Partial<BackoffOptions>;
  connectTimeoutMs?: number;
  /**
   * Reconnect a socket that heard nothing for this long (see {@link ReconnectingSocketOptions.livenessTimeoutMs});
   * every socket asks the gateway for a heartbeat three times as often. Default 45 s; 0 turns both off.
   */
  livenessTimeoutMs?: number;
  /** Batch boundary for watch and log notifications; default requestAnimationFrame or a timer. */
  scheduler?: FrameScheduler;
  /** Page signals (online, visibility); default the browser's, `null` to ignore. */
  page?: PageSignals | null;
  /** Delay before a watch subscription nobody uses is really ended; default 100 ms. */
  watchLingerMs?: number;
}

/** What {@link KubeVisionClient.openLogs} takes: the pod plus the stream options. */
export type OpenLogsOptions = PodTarget & Omit<LogStreamOptions, 'target' | 'socket' | 'scheduler'>;

/** What {@link KubeVisionClient.openTerminal} takes: the pod plus the terminal options. */
export type OpenTerminalOptions = PodTarget & Omit<TerminalConnectionOptions, 'target' | 'socket'>;

/** One gateway as seen by a page or a script. */
export interface KubeVisionClient {
  /** The normalised http(s) base URL. */
  readonly baseUrl: string;
  /** The shared watch subscriptions. */
  readonly watch: WatchClient;
  /** The shared watch socket, for connection status displays. */
  readonly connection: ReconnectingSocket;
  /** A started log stream; dispose it when done. Invalid names throw a TypeError before any connection. */
  openLogs(options: OpenLogsOptions): LogStream;
  /** A started terminal session; dispose it when done. Invalid names throw a TypeError before any connection. */
  openTerminal(options: OpenTerminalOptions): TerminalConnection;
  /** The ws(s) URL of an endpoint path with these parameters (no credential). */
  wsUrl(path: string, params?: URLSearchParams): string;
  /** A credential for one connect: a fresh ticket, or the token where tickets are not offered. */
  credential(context: Pick<ConnectContext, 'forceRefresh' | 'signal'>): Promise<string>;
  /** Closes every socket the client opened. */
  dispose(): void;
}

/** How long a socket that has heard heartbeats may stay silent before it counts as lost. */
const DEFAULT_LIVENESS_TIMEOUT_MS = 45_000;

function defaultBaseUrl(): string {
  const origin = typeof location === 'undefined' ? undefined : location.origin;
  if (!origin || origin === 'null') throw new TypeError('createKubeVisionClient needs a baseUrl outside a web page');
  return origin;
}

function isTicketResponse(v: unknown): v is WsTicketResponse {
  return typeof v === 'object' && v !== null && typeof (v as WsTicketResponse).ticket === 'string';
}

/** Creates the client for one gateway. */
export function createKubeVisionClient(options: KubeVisionClientOptions): KubeVisionClient {
  const base = new URL(options.baseUrl ?? defaultBaseUrl());
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new TypeError(`baseUrl must be http or https, got ${base.protocol}`);
  const prefix = base.pathname.replace(/\/+$/, '');
  const httpBase = `${base.origin}${prefix}`;
  const wsBase = `${base.protocol === 'https:' ? 'wss:' : 'ws:'}//${base.host}${prefix}`;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  let ticketsOffered: boolean | null = null;
  const sockets = new Set<{ dispose(): void }>();

  const livenessTimeoutMs = options.livenessTimeoutMs ?? DEFAULT_LIVENESS_TIMEOUT_MS;
  // A gateway without heartbeats ignores the parameter, and the socket then never arms the check.
  const heartbeatSeconds = livenessTimeoutMs > 0 ? String(Math.max(1, Math.floor(livenessTimeoutMs / 3000))) : null;
  // Options left undefined take the socket's defaults, as absent ones would.
  const socketOptions: Omit<ReconnectingSocketOptions, 'target'> = {
    WebSocket: options.WebSocket,
    backoff: options.backoff,
    connectTimeoutMs: options.connectTimeoutMs,
    livenessTimeoutMs: heartbeatSeconds === null ? undefined : livenessTimeoutMs,
    page: options.page,
  };

  async function credential({ forceRefresh, signal }: Pick<ConnectContext, 'forceRefresh' | 'signal'>): Promise<string> {
    const token = await options.getToken({ forceRefresh });
    if (!token) throw new AuthError('signed out: the token provider returned no token');
    if (ticketsOffered === false) return token;
    const response = await doFetch(`${httpBase}${Paths.wsTicket}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      signal,
    });
    if (response.status === 401) throw new AuthError('the gateway refused the token');
    if (response.status === 404 || response.status === 405) {
      ticketsOffered = false;
      return token;
    }
    if (!response.ok) throw new Error(`ws ticket request failed with HTTP ${response.status}`);
    const body: unknown = (response.headers.get('content-type') ?? '').includes('json') ? await response.json() : null;
    if (!isTicketResponse(body)) {
      ticketsOffered = false;
      return token;
    }
    ticketsOffered = true;
    return body.ticket;
  }

  function wsUrl(path: string, params?: URLSearchParams): string {
    const query = params?.toString();
    return `${wsBase}${path}${query ? `?${query}` : ''}`;
  }

  async function withCredential(path: string, params: URLSearchParams, context: ConnectContext): Promise<string> {
    if (heartbeatSeconds !== null) params.set(HEARTBEAT_PARAM, heartbeatSeconds);
    params.set('token', await credential(context));
    return wsUrl(path, params);
  }

  function checkedTarget(target: PodTarget, container: string | undefined): PodTarget {
    const valid = validatePodTarget(target);
    if (!valid.ok) throw new TypeError(valid.error);
    const containerError = container === undefined ? null : dns1123LabelError(container);
    if (containerError) throw new TypeError(`container ${containerError}`);
    return valid.value;
  }

  function track<T extends { dispose(): void; onDisposed(listener: () => void): unknown }>(item: T): T {
    sockets.add(item);
    item.onDisposed(() => sockets.delete(item));
    return item;
  }

  const connection = new ReconnectingSocket({
    ...socketOptions,
    target: (context) => withCredential(Paths.watch, new URLSearchParams(), context),
  });
  const watch = new WatchClient(connection, { scheduler: options.scheduler, lingerMs: options.watchLingerMs, retryBackoff: options.backoff });

  return {
    baseUrl: httpBase,
    watch,
    connection,
    wsUrl,
    credential,
    openLogs({ cluster, namespace, pod, ...rest }) {
      const path = podPath(Paths.logs, checkedTarget({ cluster, namespace, pod }, rest.container));
      const stream = track(
        new LogStream({
          ...rest,
          socket: socketOptions,
          scheduler: options.scheduler,
          target: (query, context) => withCredential(path, logQueryParams(query), context),
        }),
      );
      stream.start();
      return stream;
    },
    openTerminal({ cluster, namespace, pod, ...rest }) {
      const path = podPath(Paths.terminal, checkedTarget({ cluster, namespace, pod }, rest.container));
      const terminal = track(
        new TerminalConnection({
          ...rest,
          socket: socketOptions,
          target: (query, context) => withCredential(path, terminalQueryParams(query), context),
        }),
      );
      terminal.start();
      return terminal;
    },
    dispose() {
      for (const item of [...sockets]) item.dispose();
      watch.dispose();
      connection.dispose();
    },
  };
}
