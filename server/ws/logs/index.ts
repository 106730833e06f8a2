/** `/api/v1/ws/logs/:cluster/:ns/:pod` (DESIGN §7): a container log, one text frame per line. */
import type { FastifyInstance } from 'fastify';
import { Paths } from '../../../src/core/protocol.js';
import type { GatewayContext } from '../context.js';
import { parseLogRequest, serveLogSocket, type LogsEndpointOptions } from './session.js';

export type { LogsEndpointOptions } from './session.js';

interface LogsRoute {
  Params: { cluster: string; ns: string; pod: string };
}

/** Registers the log endpoint on a fastify instance that has @fastify/websocket. */
export function registerLogsEndpoint(app: FastifyInstance, ctx: GatewayContext, options: LogsEndpointOptions = {}): void {
  app.get<LogsRoute>(`${Paths.logs}/:cluster/:ns/:pod`, { websocket: true }, async (socket, request) => {
    const identity = await ctx.admit(socket, request);
    if (!identity) return;
    const { cluster, ns, pod } = request.params;
    // Text the client sends is ignored (no listener): the log socket only speaks one way.
    const parsed = parseLogRequest({ cluster, namespace: ns, pod }, new URL(request.url, 'http://gateway').searchParams);
    await serveLogSocket(socket, identity, parsed, ctx, options);
  });
}
