/** WebSocket helpers every endpoint uses: closing with a bounded reason, sending within the buffer limit. */
import type { WebSocket } from 'ws';
import { CloseCode, truncateCloseReason } from '../../src/core/protocol.js';

/** Closes with `code` and a reason cut to the 123 bytes a close frame allows; safe on a closed socket. */
export function closeSocket(socket: WebSocket, code: number, reason: string): void {
  if (socket.readyState === socket.CLOSED || socket.readyState === socket.CLOSING) return;
  socket.close(code, truncateCloseReason(reason));
}

/**
 * Sends unless the client has fallen `limit` bytes behind, in which case it is closed with 4408
 * (slow consumer) and nothing more is queued for it, so the gateway's memory stays bounded.
 * Returns false when nothing was sent.
 */
export function sendBounded(socket: WebSocket, data: string | Buffer, limit: number): boolean {
  if (socket.readyState !== socket.OPEN) return false;
  if (socket.bufferedAmount > limit) {
    // No terminate(): the close frame queues behind the backlog, so a client that reads again learns
    // why (4408); ws destroys the socket itself if the peer never answers the close.
    closeSocket(socket, CloseCode.SlowConsumer, 'slow consumer: too far behind');
    return false;
  }
  socket.send(data);
  return true;
}
