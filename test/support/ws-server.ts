import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** One accepted test connection: the socket, its request URL and every message it received. */
export interface TestConnection {
  readonly socket: WebSocket;
  readonly url: URL;
  readonly request: IncomingMessage;
  readonly received: (string | Buffer)[];
}

/** A real `ws` server on loopback for tests, with a per-connection handler. */
export interface TestWsServer {
  readonly port: number;
  readonly httpUrl: string;
  readonly wsUrl: string;
  readonly http: Server;
  readonly connections: TestConnection[];
  /** Connections still open. */
  open(): TestConnection[];
  /** Resolves with the next connection accepted. */
  nextConnection(): Promise<TestConnection>;
  /** Cuts every open connection without a close frame (the client sees 1006). */
  dropAll(): void;
  close(): Promise<void>;
}

/**
 * Starts a `ws` server on 127.0.0.1 with a random port; `onConnection` handles each socket and
 * `onRequest` plain HTTP requests (default: 404).
 */
export async function startWsServer(
  onConnection: (conn: TestConnection) => void = () => undefined,
  onRequest: RequestListener = (_req, res) => {
    res.writeHead(404).end();
  },
): Promise<TestWsServer> {
  const http = createServer(onRequest);
  const wss = new WebSocketServer({ server: http });
  const connections: TestConnection[] = [];
  const waiters: ((c: TestConnection) => void)[] = [];
  wss.on('connection', (socket, request) => {
    const conn: TestConnection = { socket, request, url: new URL(request.url ?? '/', 'http://127.0.0.1'), received: [] };
    connections.push(conn);
    socket.on('message', (data, isBinary) => {
      conn.received.push(isBinary ? Buffer.from(data as Buffer) : data.toString());
    });
    onConnection(conn);
    waiters.splice(0).forEach((w) => w(conn));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    port,
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    http,
    connections,
    open: () => connections.filter((c) => c.socket.readyState === c.socket.OPEN),
    nextConnection: () => new Promise((resolve) => waiters.push(resolve)),
    dropAll() {
      for (const c of connections) c.socket.terminate();
    },
    async close() {
      for (const c of connections) c.socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

export { until } from './until.ts';

/** The pod and query of an accepted pod endpoint connection. */
export interface PodSocketRequest {
  cluster: string;
  namespace: string;
  pod: string;
  query: URLSearchParams;
}

/**
 * Checks a connection to `/api/v1/ws/<endpoint>/:cluster/:ns/:pod` as the fake endpoints need:
 * 4400 for a malformed path, 4401 for a wrong token; null after closing.
 */
export function acceptPodSocket(conn: TestConnection, endpoint: 'logs' | 'terminal', token: string): PodSocketRequest | null {
  const m = new RegExp(`^/api/v1/ws/${endpoint}/([^/]+)/([^/]+)/([^/]+)$`).exec(conn.url.pathname);
  if (!m) {
    conn.socket.close(4400, `malformed ${endpoint === 'logs' ? 'log' : 'terminal'} path`);
    return null;
  }
  const query = new URLSearchParams(conn.url.searchParams);
  if (query.get('token') !== token) {
    conn.socket.close(4401, 'missing or invalid token');
    return null;
  }
  const [, cluster = '', namespace = '', pod = ''] = m;
  return { cluster, namespace, pod, query };
}
