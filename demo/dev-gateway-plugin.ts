/**
 * The vite plugin behind `npm run dev`: in serve mode only, it starts the dev gateway on the
 * emulator, proxies `/api` (WebSockets included) to it, hands the page a dev admin token at
 * {@link DEV_SESSION_PATH}, and stops the gateway when vite closes. A `vite build` never runs it.
 */
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';
import { startDevGateway, type DevGateway } from '../server/dev/dev-gateway.js';
import { DEV_SESSION_PATH } from './dev-session-path.js';

/**
 * A page of another site may not read the token: browsers mark such fetches `Sec-Fetch-Site:
 * cross-site` (and could not read the answer without CORS anyway); curl sends no such header.
 */
function sameSite(request: IncomingMessage): boolean {
  const site = request.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

function serveDevSession(gateway: DevGateway, request: IncomingMessage, response: ServerResponse): void {
  const allowed = request.method === 'GET' && sameSite(request);
  response.statusCode = allowed ? 200 : 403;
  response.setHeader('Content-Type', 'application/json');
  response.setHeader('Cache-Control', 'no-store');
  response.end(JSON.stringify(allowed ? { accessToken: gateway.adminToken } : { error: { code: 403, reason: 'Forbidden', message: 'dev session is same-origin only' } }));
}

/** Starts the dev gateway for `vite` (serve) and wires the proxy and the dev session to it. */
export function devGateway(): Plugin {
  let gateway: DevGateway | null = null;
  return {
    name: 'kubevision-dev-gateway',
    apply: (_config, env) => env.command === 'serve' && env.isPreview !== true,
    async config() {
      gateway = await startDevGateway();
      // The Origin header passes through unchanged: the gateway in dev mode accepts loopback origins.
      // A RegExp key: the plain prefix "/api" would also swallow the demo's own module /api.ts.
      return { server: { proxy: { '^/api/': { target: gateway.url, ws: true } } } };
    },
    configureServer(server) {
      const running = gateway;
      if (!running) return;
      server.middlewares.use(DEV_SESSION_PATH, (request, response) => serveDevSession(running, request, response));
      server.httpServer?.once('listening', () => {
        const address = server.httpServer?.address() as AddressInfo | null;
        const host = typeof server.config.server.host === 'string' ? server.config.server.host : 'localhost';
        const info = (line: string) => server.config.logger.info(line, { timestamp: false });
        info(`KubeVision gateway listening on ${running.url} (emulator: ${running.clusters.join(', ')}; access log ${running.dataDir}/gateway.log)`);
        info(`KubeVision emulator: kubectl --kubeconfig ${running.kubeconfig} get pods -A`);
        if (address) info(`KubeVision demo: http://${host}:${address.port}/ (signed in as the dev admin)`);
      });
    },
    async closeBundle() {
      await gateway?.stop();
      gateway = null;
    },
  };
}
