/**
 * A staged close for HTTP connections (RFC 9112 §9.6): when the gateway answers before it has read
 * the whole request (413 over the body limit, a 401 or 404 on a request that carried a body, a
 * request Node cannot parse) and then closes, the unread bytes make the kernel reset the
 * connection, and the reset can destroy the answer before the client reads it. So such a
 * connection ends its side, goes on reading and dropping what the client sends until the client is
 * done, and is cut after a bound at the latest (by then the client has read the answer).
 */
import type { EventEmitter } from 'node:events';
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** How long a closing connection waits for the client to stop sending. */
const LINGER_MS = 2000;

/**
 * Writes `answer`, ends `socket`, and destroys it once `source` emits `doneEvent` (the client has
 * sent everything) or after {@link LINGER_MS}.
 */
export function endLingering(socket: Duplex, source: EventEmitter, doneEvent: string, answer = ''): void {
  const cut = setTimeout(() => socket.destroy(), LINGER_MS);
  cut.unref();
  socket.once('close', () => clearTimeout(cut));
  source.once(doneEvent, () => {
    clearTimeout(cut);
    if (socket.writableFinished) socket.destroy();
    else socket.once('finish', () => socket.destroy());
  });
  socket.end(answer);
}

/** Replaces Node's immediate close of a connection whose request body is still arriving. */
function linger(socket: Socket, requests: WeakMap<Socket, IncomingMessage>): void {
  const immediate = socket.destroySoon.bind(socket);
  socket.destroySoon = () => {
    const request = requests.get(socket);
    if (!request || request.complete) return immediate();
    endLingering(socket, request, 'end');
    // A body parser that gave up (the 413) left the request paused, which stops the socket's reads.
    request.resume();
  };
}

/** Gives every connection of `server` the staged close. */
export function lingerOnClose(server: Server): void {
  const requests = new WeakMap<Socket, IncomingMessage>();
  server.on('connection', (socket: Socket) => linger(socket, requests));
  // Every request, also those fastify answers before any hook (a path it cannot route).
  server.on('request', (request: IncomingMessage) => requests.set(request.socket, request));
}
