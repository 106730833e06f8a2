/**
 * Found by the chaos run's black-hole fault, which never recovered: the gateway drops a peer that
 * stops answering pings, but over a black hole its close never reaches the client, whose socket
 * then stays "open" for ever with a dead screen. With `livenessTimeoutMs` the client gives up on a socket that heard
 * nothing, not even a ping or a heartbeat, and reconnects; pings or heartbeats alone keep an idle
 * socket alive, and a peer that sends neither is never cut.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ReconnectingSocket, type WebSocketConstructor } from '../../src/core/reconnecting-socket.ts';
import { startFaultProxy, type FaultProxy } from '../chaos/fault-proxy.ts';
import { startWsServer, until, type TestConnection, type TestWsServer } from '../support/ws-server.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A ws server that does `beat` to every client every 100 ms and sends nothing else, behind the fault proxy. */
async function beatingServerBehindProxy(beat: (socket: TestConnection['socket']) => void): Promise<{ server: TestWsServer; proxy: FaultProxy }> {
  const server = await startWsServer((c) => {
    const timer = setInterval(() => beat(c.socket), 100);
    c.socket.on('close', () => clearInterval(timer));
  });
  const proxy = await startFaultProxy(server.port);
  cleanups.push(() => server.close(), () => proxy.close());
  return { server, proxy };
}

const pingingServerBehindProxy = () => beatingServerBehindProxy((s) => s.ping());

/** A liveness-checked socket to the watch path of `httpOrWsUrl`, disposed after the test. */
function socketTo(httpOrWsUrl: string, livenessTimeoutMs = 500): ReconnectingSocket {
  const socket = new ReconnectingSocket({
    target: () => `${httpOrWsUrl.replace(/^http/, 'ws')}/api/v1/ws/watch`,
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    page: null,
    backoff: { baseMs: 20, maxMs: 100 },
    livenessTimeoutMs,
  });
  cleanups.push(() => socket.dispose());
  return socket;
}

const socketVia = (proxy: FaultProxy) => socketTo(proxy.url);

describe('ReconnectingSocket liveness', () => {
  it('reconnects when a black-holed connection delivers nothing, not even pings', async () => {
    const { server, proxy } = await pingingServerBehindProxy();
    const socket = socketVia(proxy);
    socket.start();
    await until(() => socket.status.state === 'open', 'the first connection');
    // The check starts with the first ping (every 100 ms): let a few arrive.
    await new Promise((r) => setTimeout(r, 300));
    expect(proxy.stallOne(() => 0)).toBe('/api/v1/ws/watch');
    await until(() => server.connections.length === 2 && socket.status.state === 'open', 'a second connection after the black hole', 10_000);
    expect(socket.status.closeCode).toBe(1006);
  });

  it('keeps an idle socket that hears pings', async () => {
    const { server, proxy } = await pingingServerBehindProxy();
    const socket = socketVia(proxy);
    socket.start();
    await until(() => socket.status.state === 'open', 'the connection');
    // Three liveness periods without a single message.
    await new Promise((r) => setTimeout(r, 1500));
    expect(server.connections).toHaveLength(1);
    expect(socket.status.state).toBe('open');
  });

  it('keeps a quiet socket to a peer that sends neither pings nor heartbeats', async () => {
    const server = await startWsServer(() => undefined);
    cleanups.push(() => server.close());
    const socket = socketTo(server.wsUrl, 200);
    socket.start();
    await until(() => socket.status.state === 'open', 'the connection');
    await new Promise((r) => setTimeout(r, 1000));
    expect(server.connections).toHaveLength(1);
    expect(socket.status.state).toBe('open');
  });

  it('counts heartbeats (empty binary frames) as signs of life and hands none of them on', async () => {
    const { server, proxy } = await beatingServerBehindProxy((s) => s.send(Buffer.alloc(0), { binary: true }));
    const socket = socketVia(proxy);
    const messages: unknown[] = [];
    socket.on('message', (m) => messages.push(m));
    socket.start();
    await until(() => socket.status.state === 'open', 'the first connection');
    await new Promise((r) => setTimeout(r, 1500));
    expect(server.connections).toHaveLength(1);
    expect(messages).toEqual([]);
    expect(proxy.stallOne(() => 0)).toBe('/api/v1/ws/watch');
    await until(() => server.connections.length === 2 && socket.status.state === 'open', 'a second connection after the black hole', 10_000);
  });
});
