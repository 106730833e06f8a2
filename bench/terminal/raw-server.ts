/**
 * The raw baseline's server: a plain `ws` server in the bench process. `/flood` sends the flood's
 * bytes in `chunk`-byte frames on "go", keeping at most `window` bytes not yet credited by the page;
 * `/echo` sends every binary frame straight back, as a terminal in echo mode would.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { floodPattern } from './payload.ts';

/** Options of {@link startRawServer}. */
export interface RawServerOptions {
  /** Bytes per flood. */
  readonly bytes: number;
  /** Bytes per frame. */
  readonly chunk: number;
  /** Bytes sent but not yet parsed by the page, at most. */
  readonly window: number;
}

/** A running raw server. */
export interface RawServer {
  /** ws:// URL of `/flood` and `/echo`. */
  url(path: 'flood' | 'echo'): string;
  close(): Promise<void>;
}

function flood(socket: WebSocket, options: RawServerOptions, pattern: Buffer): void {
  let sent = 0;
  let credited = 0;
  let offset = 0;
  const pump = (): void => {
    while (sent < options.bytes && sent - credited < options.window) {
      const size = Math.min(options.chunk, options.bytes - sent, pattern.length - offset);
      socket.send(pattern.subarray(offset, offset + size));
      sent += size;
      offset = (offset + size) % pattern.length;
    }
  };
  socket.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) return;
    const text = String(data);
    if (text === 'go') pump();
    else {
      credited = Number(text);
      pump();
    }
  });
}

/** Starts the raw server on a free loopback port. */
export async function startRawServer(options: RawServerOptions): Promise<RawServer> {
  const pattern = floodPattern(1 << 20);
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (socket, request) => {
    if (request.url === '/flood') flood(socket, options, pattern);
    else socket.on('message', (data: RawData, isBinary: boolean) => socket.send(data, { binary: isBinary }));
  });
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `ws://127.0.0.1:${port}/${path}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
