/**
 * WebSocket protocol violations by a client (a frame over the size limit, invalid UTF-8 in a text
 * frame, a malformed frame), which `ws` answers itself: they get a close reason like every other
 * close of the gateway (DESIGN §3), are logged as the client's fault rather than the gateway's, and
 * the close handshake is left to finish, so the client reads the code instead of a reset.
 */
import type { FastifyRequest } from 'fastify';
import { WebSocket } from 'ws';
import { CloseCode } from '../../src/core/protocol.js';

/** Reasons for the codes `ws` closes with on its own, without one. */
const REASONS: Record<number, string> = {
  [CloseCode.MessageTooBig]: 'frame too large for this gateway',
  [CloseCode.InvalidPayload]: 'text frame is not valid UTF-8',
  [CloseCode.ProtocolError]: 'WebSocket protocol error',
};

/** The gateway's server-side socket: `ws` closes it with a reason on a client's protocol error. */
export class GatewaySocket extends WebSocket {
  override close(code?: number, data?: string | Buffer): void {
    const reason = data === undefined || data.length === 0 ? REASONS[code ?? 0] : undefined;
    super.close(code, reason ?? data);
  }
}

/**
 * Makes `server` create {@link GatewaySocket}s (ws reads its `WebSocket` option at every upgrade).
 * @types/ws types that option as the module's export with its statics, which no subclass has.
 */
export function createGatewaySockets(server: { options: object }): void {
  const options: { WebSocket?: unknown } = server.options;
  options.WebSocket = GatewaySocket;
}

/** True for the errors `ws` raises about what the peer sent (they carry a `WS_ERR_` code). */
function isProtocolError(error: Error): boolean {
  return 'code' in error && typeof error.code === 'string' && error.code.startsWith('WS_ERR_');
}

/**
 * The error handler of @fastify/websocket: a protocol error is the client's (info, and `ws` is
 * already closing with its code); anything else is logged as a warning and the socket cut.
 */
export function socketError(error: Error, socket: WebSocket, request: FastifyRequest): void {
  if (isProtocolError(error)) {
    request.log.info({ code: 'code' in error ? error.code : undefined }, `websocket: client protocol error: ${error.message}`);
    return;
  }
  request.log.warn({ err: error }, 'websocket: socket error');
  socket.terminate();
}
