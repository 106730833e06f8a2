/**
 * The separate metrics listener (`metrics.port`): `GET /metrics` without a token, as Prometheus
 * scrapes. It binds to `metrics.host` (default 127.0.0.1); whoever opens it wider (0.0.0.0 in a
 * pod) restricts it by network (a NetworkPolicy admitting only the scraper), not by credential.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { METRICS_CONTENT_TYPE, type GatewayMetrics } from './gateway-metrics.js';

/** A running metrics listener. */
export interface MetricsServer {
  /** `http://host:port/metrics`. */
  readonly url: string;
  close(): Promise<void>;
}

function serve(server: Server, metrics: GatewayMetrics): void {
  server.on('request', (request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('only GET /metrics is served here\n');
      return;
    }
    metrics.text().then(
      (text) => response.writeHead(200, { 'Content-Type': METRICS_CONTENT_TYPE }).end(text),
      () => response.writeHead(500, { 'Content-Type': 'text/plain' }).end('metrics unavailable\n'),
    );
  });
}

/** Starts the listener on `host:port` (0: any free port). */
export async function startMetricsServer(metrics: GatewayMetrics, port: number, host: string): Promise<MetricsServer> {
  const server = createServer();
  serve(server, metrics);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actual}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
