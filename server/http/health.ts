/** `/healthz` (the process answers) and `/readyz` (it can serve: clusters configured, not shutting down). */
import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from '../ws/context.js';

/** Registers the health routes; they need no token. */
export function registerHealthRoutes(app: FastifyInstance, ctx: GatewayContext): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const clusters = ctx.clusters.list().map((c) => c.name);
    const ready = clusters.length > 0 && !ctx.shutdown.aborted;
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', clusters });
  });
}
