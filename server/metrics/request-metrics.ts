/** Times every REST answer by method, route pattern and status; WebSocket upgrades are not requests here. */
import type { FastifyInstance } from 'fastify';
import type { GatewayMetrics } from './gateway-metrics.js';

/** The label for a request no route matched (404s, preflights): never its URL. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Adds the timing hook to `app`; call before routes are registered so that all inherit it. */
export function timeRequests(app: FastifyInstance, metrics: GatewayMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    if (request.headers.upgrade?.toLowerCase() === 'websocket') return;
    // routeOptions.url is the pattern (`/api/v1/clusters/:cluster/:resource`); unset without a route.
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    metrics.requestAnswered(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
}
