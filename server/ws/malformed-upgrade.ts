/**
 * A WebSocket upgrade whose path fastify cannot route (bad percent-encoding, a segment over
 * maxParamLength) still gets the upgrade and then close 4400 after the credential check (4401),
 * as every other bad name does (DESIGN §3): a browser cannot read the HTTP status of a refused
 * upgrade, and would take a plain 400 for a network failure and reconnect for ever.
 */
import type { FastifyRequest } from 'fastify';
import { CloseCode, Paths } from '../../src/core/protocol.js';
import type { GatewayContext } from './context.js';
import { socketError } from './protocol-errors.js';
import { closeSocket } from './socket-util.js';

/** True for an upgrade request to one of the gateway's WebSocket endpoints. */
export function isEndpointUpgrade(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '';
  const endpoint = [Paths.watch, Paths.terminal, Paths.logs].some((p) => path === p || path.startsWith(`${p}/`));
  return endpoint && request.headers.upgrade?.toLowerCase() === 'websocket';
}

/** Upgrades `request`, admits it (4401 / 4429 when that fails) and closes it with 4400 `reason`. */
export function refuseMalformedUpgrade(ctx: GatewayContext, request: FastifyRequest, reason: string): void {
  // The socket is the client's upgrade: nothing has been written to it yet, and nothing follows the headers.
  request.server.websocketServer.handleUpgrade(request.raw, request.raw.socket, Buffer.alloc(0), (socket) => {
    // Not a route's socket, so @fastify/websocket attached no error listener: without one, a client's
    // oversize frame would be an uncaught exception.
    socket.on('error', (error) => socketError(error, socket, request));
    ctx.admit(socket, request).then(
      (identity) => {
        if (identity) closeSocket(socket, CloseCode.BadRequest, reason);
      },
      (error: unknown) => {
        ctx.log.error({ err: error }, 'websocket: admitting a malformed upgrade failed');
        closeSocket(socket, CloseCode.InternalError, 'internal error');
      },
    );
  });
}
