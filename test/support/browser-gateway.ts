import type { TestConnection, TestWsServer } from './ws-server.ts';
import { startWsServer } from './ws-server.ts';

/** The objects the browser tests' watch endpoint holds. */
export const BROWSER_PODS = [
  { metadata: { name: 'web-1', namespace: 'default', uid: 'u-web-1', labels: { app: 'web' } }, status: { phase: 'Running' } },
  { metadata: { name: 'db-1', namespace: 'default', uid: 'u-db-1', labels: { app: 'db' } }, status: { phase: 'Running' } },
];

function handleWatch(conn: TestConnection): void {
  conn.socket.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { action: string; cluster: string; namespace: string; resource: string };
    if (msg.action !== 'subscribe') return;
    for (const object of BROWSER_PODS) {
      conn.socket.send(JSON.stringify({ type: 'ADDED', cluster: msg.cluster, resource: msg.resource, object }));
    }
    conn.socket.send(JSON.stringify({ type: 'SYNCED', cluster: msg.cluster, namespace: msg.namespace, resource: msg.resource }));
  });
}

function handleTerminal(conn: TestConnection): void {
  conn.socket.on('message', (data, isBinary) => {
    if (isBinary) {
      conn.socket.send(data, { binary: true });
      return;
    }
    const control = JSON.parse(String(data)) as { type: string; cols?: number; rows?: number };
    if (control.type === 'resize') conn.socket.send(Buffer.from(`resized ${control.cols}x${control.rows}\r\n`), { binary: true });
  });
}

/** A tiny gateway for tests that run the core in Chromium: a watch endpoint and an echo terminal. */
export function startBrowserGateway(): Promise<TestWsServer> {
  return startWsServer(
    (conn) => {
      if (conn.url.pathname === '/api/v1/ws/watch') handleWatch(conn);
      else if (conn.url.pathname.startsWith('/api/v1/ws/terminal/')) handleTerminal(conn);
      else conn.socket.close(4404, 'no such endpoint');
    },
    (req, res) => {
      // Browsers preflight the cross-origin ticket POST; answer so the kit sees a plain 404 and uses the token.
      res.writeHead(req.method === 'OPTIONS' ? 204 : 404, {
        'access-control-allow-origin': '*',
        'access-control-allow-headers': 'authorization',
        'access-control-allow-methods': 'POST',
      });
      res.end();
    },
  );
}
