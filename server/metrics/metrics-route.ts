/**
 * `GET /metrics` on the gateway's own port. That port is the one an Ingress publishes, so here the
 * metrics need an admin credential (Bearer); a scraper without one uses the separate metrics port
 * (`metrics.port`, see metrics-server.ts), which the Ingress never routes to.
 */
import type { FastifyInstance } from 'fastify';
import { sendError } from '../http/errors.js';
import type { GatewayContext } from '../ws/context.js';
import { METRICS_CONTENT_TYPE } from './gateway-metrics.js';

/** Registers `/metrics` for admins. */
export function registerMetricsRoute(app: FastifyInstance, ctx: GatewayContext): void {
  app.get('/metrics', async (request, reply) => {
    const identity = await ctx.identify(request);
    if (!identity) return sendError(reply, 401, 'missing, invalid or expired token');
    if (identity.role !== 'admin') return sendError(reply, 403, 'metrics are for admins');
    return reply.type(METRICS_CONTENT_TYPE).send(await ctx.metrics.text());
  });
}
