/**
 * Heartbeats (protocol extension, `heartbeat=N`): an empty binary frame every N seconds, the first
 * at once, for clients that cannot see pings (browsers), so that they notice a connection that
 * went dead without a close (a black-holed network).
 */
import type { WebSocket } from 'ws';
import { CloseCode, parseHeartbeat } from '../../src/core/protocol.js';
import { closeSocket } from './socket-util.js';

const EMPTY = Buffer.alloc(0);

/** Starts the heartbeats the upgrade asked for; false (the socket closed with 4400) when the value is invalid. */
export function startHeartbeat(socket: WebSocket, url: string): boolean {
  const parsed = parseHeartbeat(new URL(url, 'http://gateway.invalid').searchParams);
  if (!parsed.ok) {
    closeSocket(socket, CloseCode.BadRequest, parsed.error);
    return false;
  }
  if (parsed.value === undefined) return true;
  const beat = (): void => {
    if (socket.readyState === socket.OPEN) socket.send(EMPTY, { binary: true });
  };
  beat();
  const timer = setInterval(beat, parsed.value * 1000);
  socket.once('close', () => clearInterval(timer));
  return true;
}
