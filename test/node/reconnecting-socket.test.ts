import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthError, ReconnectingSocket, type ReconnectingSocketOptions, type SocketStatus } from '../../src/core/reconnecting-socket.ts';
import { startWsServer, until, type TestWsServer } from '../support/ws-server.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(onConnection?: Parameters<typeof startWsServer>[0]): Promise<TestWsServer> {
  const s = await startWsServer(onConnection);
  cleanups.push(() => s.close());
  return s;
}

function socketFor(options: Partial<ReconnectingSocketOptions> & Pick<ReconnectingSocketOptions, 'target'>): ReconnectingSocket {
  const socket = new ReconnectingSocket({ page: null, backoff: { baseMs: 20, maxMs: 100 }, ...options });
  cleanups.push(() => socket.dispose());
  return socket;
}

function states(socket: ReconnectingSocket): SocketStatus['state'][] {
  const seen: SocketStatus['state'][] = [];
  socket.on('status', (s) => {
    if (seen.at(-1) !== s.state) seen.push(s.state);
  });
  return seen;
}

describe('ReconnectingSocket against a real ws server', () => {
  it('reconnects after the server drops the socket and delivers messages again', async () => {
    const s = await server((c) => c.socket.send(`hello ${s.connections.length}`));
    const socket = socketFor({ target: () => `${s.wsUrl}/x` });
    const messages: unknown[] = [];
    socket.on('message', (m) => messages.push(m));
    const seen = states(socket);
    socket.start();
    await until(() => messages.length === 1, 'first message');
    s.dropAll();
    await until(() => messages.length === 2, 'message after reconnect');
    expect(messages).toEqual(['hello 1', 'hello 2']);
    expect(seen).toEqual(['connecting', 'open', 'reconnecting', 'open']);
    expect(socket.status.closeCode).toBe(1006);
  });

  it('calls the target provider before every attempt', async () => {
    const s = await server((c) => c.socket.close(1011, 'boom'));
    const attempts: number[] = [];
    const socket = socketFor({
      target: ({ attempt }) => {
        attempts.push(attempt);
        return `${s.wsUrl}/x?n=${attempts.length}`;
      },
    });
    socket.start();
    await until(() => s.connections.length >= 3, 'three attempts');
    socket.stop();
    expect(attempts.slice(0, 3)).toEqual([0, 1, 2]);
    expect(s.connections.slice(0, 3).map((c) => c.url.searchParams.get('n'))).toEqual(['1', '2', '3']);
  });

  it('on 4401 asks for a fresh token once, then stops when it is refused again', async () => {
    const s = await server((c) => c.socket.close(4401, 'token expired'));
    const refresh: boolean[] = [];
    const socket = socketFor({
      target: ({ forceRefresh }) => {
        refresh.push(forceRefresh);
        return s.wsUrl;
      },
    });
    const seen = states(socket);
    socket.start();
    await until(() => socket.status.state === 'closed', 'closed');
    await new Promise((r) => setTimeout(r, 300));
    expect(refresh).toEqual([false, true]);
    expect(s.connections).toHaveLength(2);
    expect(socket.status).toMatchObject({ state: 'closed', closeCode: 4401, error: 'token expired' });
    expect(seen.at(-1)).toBe('closed');
  });

  it('on 4401 reconnects with the refreshed token and stays open', async () => {
    const s = await server((c) => {
      if (c.url.searchParams.get('token') !== 'fresh') c.socket.close(4401, 'expired');
    });
    const socket = socketFor({ target: ({ forceRefresh }) => `${s.wsUrl}/?token=${forceRefresh ? 'fresh' : 'stale'}` });
    socket.start();
    await until(() => socket.status.state === 'open' && s.connections.length === 2, 'open with the fresh token');
    expect(s.open()).toHaveLength(1);
  });

  it('treats an AuthError from the provider like 4401', async () => {
    const s = await server();
    let calls = 0;
    const socket = socketFor({
      target: () => {
        calls++;
        throw new AuthError('signed out');
      },
    });
    socket.start();
    await until(() => socket.status.state === 'closed', 'closed');
    expect(calls).toBe(2);
    expect(s.connections).toHaveLength(0);
    expect(socket.status).toMatchObject({ closeCode: 4401, error: 'signed out' });
  });

  it.each([4400, 4403, 4404])('does not retry after %i', async (code) => {
    const s = await server((c) => c.socket.close(code, 'not for you'));
    const socket = socketFor({ target: () => s.wsUrl });
    socket.start();
    await until(() => socket.status.state === 'closed', 'closed');
    await new Promise((r) => setTimeout(r, 300));
    expect(s.connections).toHaveLength(1);
    expect(socket.status).toMatchObject({ state: 'closed', closeCode: code, error: 'not for you' });
  });

  it.each([1001, 1011, 1012, 1013, 4408, 4429])('retries with backoff after %i', async (code) => {
    const s = await server((c) => {
      if (s.connections.length === 1) c.socket.close(code, 'later');
    });
    const socket = socketFor({ target: () => s.wsUrl });
    socket.start();
    await until(() => s.connections.length === 2 && socket.status.state === 'open', 'second connection');
  });

  it('ends without error and without reconnecting on 1000', async () => {
    const s = await server((c) => c.socket.close(1000, 'done'));
    const socket = socketFor({ target: () => s.wsUrl });
    socket.start();
    await until(() => socket.status.state === 'closed', 'closed');
    await new Promise((r) => setTimeout(r, 200));
    expect(s.connections).toHaveLength(1);
    expect(socket.status.error).toBeNull();
  });

  it('abandons an attempt that does not open within the connect timeout', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((sock) => sockets.push(sock));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => {
      for (const sock of sockets) sock.destroy();
      silent.close(() => r());
    }));
    const { port } = silent.address() as AddressInfo;
    const socket = socketFor({ target: () => `ws://127.0.0.1:${port}/`, connectTimeoutMs: 150 });
    const closes: number[] = [];
    socket.on('close', (c) => closes.push(c.code));
    socket.start();
    await until(() => sockets.length >= 2, 'a second attempt after the timeout', 3000);
    expect(closes[0]).toBe(1006);
    expect(socket.status.closeReason).toMatch(/no connection within 150 ms/);
  });

  it('receives binary frames as ArrayBuffer', async () => {
    const s = await server((c) => c.socket.send(Buffer.from([0, 1, 254, 255])));
    const socket = socketFor({ target: () => s.wsUrl });
    const got: (string | ArrayBuffer)[] = [];
    socket.on('message', (m) => got.push(m));
    socket.start();
    await until(() => got.length === 1, 'binary frame');
    expect(got[0]).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(got[0] as ArrayBuffer)]).toEqual([0, 1, 254, 255]);
  });

  it('queues while down within its bounds, reports what it dropped, and sends the rest in order on open', async () => {
    const s = await server();
    const socket = socketFor({ target: () => s.wsUrl, maxQueuedMessages: 3 });
    const drops: { messages: number; bytes: number }[] = [];
    socket.on('drop', (d) => drops.push(d));
    for (const m of ['a1', 'b2', 'c3', 'd4', 'e5']) socket.send(m);
    expect(socket.send('lost', { queue: false })).toBe(false);
    expect(drops).toEqual([
      { messages: 1, bytes: 2 },
      { messages: 1, bytes: 2 },
    ]);
    socket.start();
    await until(() => (s.connections[0]?.received.length ?? 0) === 3, 'queued messages');
    expect(s.connections[0]?.received).toEqual(['c3', 'd4', 'e5']);
  });

  it('bounds the queue by bytes too', async () => {
    const s = await server();
    const socket = socketFor({ target: () => s.wsUrl, maxQueuedBytes: 10 });
    let dropped = 0;
    socket.on('drop', (d) => (dropped += d.messages));
    for (let i = 0; i < 6; i++) socket.send('xxxx');
    expect(dropped).toBe(4);
  });

  it('dispose closes the socket and leaves no timer, listener or socket behind', async () => {
    const s = await server();
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const socket = new ReconnectingSocket({ page: null, target: () => s.wsUrl });
    socket.start();
    await until(() => socket.status.state === 'open', 'open');
    const conn = s.connections[0];
    const closed = new Promise<number>((r) => conn?.socket.once('close', (code) => r(code)));
    socket.dispose();
    expect(await closed).toBe(1000);
    await new Promise((r) => setImmediate(r));
    const timersAfter = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    expect(timersAfter).toBeLessThanOrEqual(timersBefore);
    expect(socket.status.state).toBe('closed');
    expect(() => socket.start()).toThrow(/disposed/);
    expect(socket.send('x')).toBe(false);
  });

  it('dispose during the backoff wait cancels the pending attempt', async () => {
    const s = await server((c) => c.socket.close(1011));
    const socket = new ReconnectingSocket({ page: null, target: () => s.wsUrl, backoff: { baseMs: 200, maxMs: 200, jitter: 'none' } });
    socket.start();
    await until(() => socket.status.retryAt !== null, 'waiting to retry');
    socket.dispose();
    await new Promise((r) => setTimeout(r, 400));
    expect(s.connections).toHaveLength(1);
  });
});

describe('ReconnectingSocket backoff schedule (fake timers)', () => {
  it('waits within [d/2, d] with d = min(1 s * 2^n, 30 s), and resets after 5 s of uptime', async () => {
    let keepOpen = false;
    const s = await server((c) => {
      if (!keepOpen) c.socket.close(1011, 'restart');
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    for (const random of [0, 0.999999]) {
      const socket = new ReconnectingSocket({ page: null, target: () => s.wsUrl, random: () => random });
      const delays: number[] = [];
      let waiting: (() => void) | null = null;
      socket.on('status', (st) => {
        if (st.retryAt !== null) {
          delays.push(st.retryAt - Date.now());
          waiting?.();
        }
      });
      const nextWait = () => new Promise<void>((r) => (waiting = r));
      keepOpen = false;
      let wait = nextWait();
      socket.start();
      for (let attempt = 0; attempt < 8; attempt++) {
        await wait;
        wait = nextWait();
        if (attempt === 7) keepOpen = true;
        const opened = attempt === 7 ? new Promise<void>((r) => socket.on('open', () => r())) : null;
        await vi.advanceTimersByTimeAsync(delays.at(-1) ?? 0);
        await opened;
      }
      delays.forEach((delay, n) => {
        const d = Math.min(1000 * 2 ** n, 30_000);
        expect(delay).toBeGreaterThanOrEqual(d / 2);
        expect(delay).toBeLessThanOrEqual(d);
      });
      expect(delays).toHaveLength(8);
      expect(delays.at(-1)).toBe(random === 0 ? 15_000 : 30_000);
      expect(socket.status.attempt).toBe(8);

      await vi.advanceTimersByTimeAsync(5000);
      expect(socket.status.attempt).toBe(0);
      keepOpen = false;
      for (const c of s.open()) c.socket.close(1011);
      await wait;
      expect(delays.at(-1)).toBeLessThanOrEqual(1000);
      expect(delays.at(-1)).toBeGreaterThanOrEqual(500);
      socket.dispose();
    }
  });
});
