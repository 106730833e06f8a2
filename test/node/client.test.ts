import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createKubeVisionClient, type KubeVisionClient } from '../../src/core/client.ts';
import { startWsServer, until, type TestWsServer } from '../support/ws-server.ts';
import { testClient } from '../support/test-client.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A gateway front door: tickets for a good token, single use; refuses unknown credentials with 4401. */
async function ticketGateway(options: { tickets: boolean; goodToken?: string }) {
  const good = options.goodToken ?? 'good-token';
  const issued = new Set<string>();
  const ticketRequests: (string | undefined)[] = [];
  const server = await startWsServer(
    (conn) => {
      const credential = conn.url.searchParams.get('token') ?? '';
      const accepted = options.tickets ? issued.delete(credential) : credential === good;
      if (!accepted) conn.socket.close(4401, 'invalid token');
    },
    (req, res) => {
      if (!options.tickets || req.method !== 'POST' || req.url !== '/prefix/api/v1/auth/ws-ticket') {
        res.writeHead(404).end();
        return;
      }
      ticketRequests.push(req.headers.authorization);
      if (req.headers.authorization !== `Bearer ${good}`) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"code":401,"reason":"Unauthorized","message":"bad token"}}');
        return;
      }
      const ticket = randomUUID();
      issued.add(ticket);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ticket, expiresIn: 30 }));
    },
  );
  cleanups.push(() => server.close());
  return { server, issued, ticketRequests };
}

function clientFor(server: TestWsServer, getToken: (o: { forceRefresh: boolean }) => string | null): KubeVisionClient {
  const client = testClient(`${server.httpUrl}/prefix/`, { getToken });
  cleanups.push(() => client.dispose());
  return client;
}

describe('createKubeVisionClient', () => {
  it('turns http into ws and https into wss, keeping a path prefix', () => {
    const a = createKubeVisionClient({ baseUrl: 'http://gw.example:8080/kube/', getToken: () => 't', page: null });
    const b = createKubeVisionClient({ baseUrl: 'https://gw.example', getToken: () => 't', page: null });
    expect(a.wsUrl('/api/v1/ws/watch')).toBe('ws://gw.example:8080/kube/api/v1/ws/watch');
    expect(b.wsUrl('/api/v1/ws/logs/x', new URLSearchParams({ tail: '5' }))).toBe('wss://gw.example/api/v1/ws/logs/x?tail=5');
    expect(() => createKubeVisionClient({ baseUrl: 'ftp://x', getToken: () => 't' })).toThrow(/http or https/);
    a.dispose();
    b.dispose();
  });

  it('takes a fresh single-use ticket before every connect and reconnect', async () => {
    const { server, ticketRequests } = await ticketGateway({ tickets: true });
    const client = clientFor(server, () => 'good-token');
    client.watch.watch({ cluster: 'prod-us', namespace: 'default', resource: 'pods' }, () => undefined);
    await until(() => client.connection.status.state === 'open', 'open');
    server.dropAll();
    await until(() => server.open().length === 1 && client.connection.status.state === 'open', 'reopened');
    const tickets = server.connections.map((c) => c.url.searchParams.get('token'));
    expect(tickets).toHaveLength(2);
    expect(tickets[0]).not.toBe(tickets[1]);
    expect(tickets).not.toContain('good-token');
    expect(ticketRequests).toEqual(['Bearer good-token', 'Bearer good-token']);
  });

  it('falls back to the token when the gateway has no ticket endpoint (404)', async () => {
    const { server } = await ticketGateway({ tickets: false });
    const client = clientFor(server, () => 'good-token');
    client.watch.watch({ cluster: 'prod-us', namespace: '', resource: 'pods' }, () => undefined);
    await until(() => client.connection.status.state === 'open', 'open');
    expect(server.connections[0]?.url.searchParams.get('token')).toBe('good-token');
  });

  it('asks for a fresh token once when the ticket request is refused, then stops', async () => {
    const { server, ticketRequests } = await ticketGateway({ tickets: true });
    const asked: boolean[] = [];
    const client = clientFor(server, ({ forceRefresh }) => {
      asked.push(forceRefresh);
      return 'stale-token';
    });
    const statuses: string[] = [];
    client.watch.watch({ cluster: 'prod-us', namespace: 'default', resource: 'pods' }, (s) => statuses.push(s.status.state));
    await until(() => client.connection.status.state === 'closed', 'closed');
    expect(asked).toEqual([false, true]);
    expect(ticketRequests).toHaveLength(2);
    expect(server.connections).toHaveLength(0);
    await until(() => statuses.at(-1) === 'error', 'subscription error');
    expect(client.watch.getSnapshot({ cluster: 'prod-us', namespace: 'default', resource: 'pods' })?.status).toMatchObject({
      state: 'error',
      code: 4401,
    });
  });

  it('recovers with the refreshed token after a refused one', async () => {
    const { server } = await ticketGateway({ tickets: true });
    const client = clientFor(server, ({ forceRefresh }) => (forceRefresh ? 'good-token' : 'expired-token'));
    client.watch.watch({ cluster: 'prod-us', namespace: 'default', resource: 'pods' }, () => undefined);
    await until(() => client.connection.status.state === 'open', 'open');
  });

  it('treats a missing token as signed out', async () => {
    const { server } = await ticketGateway({ tickets: true });
    const client = clientFor(server, () => null);
    client.watch.watch({ cluster: 'prod-us', namespace: 'default', resource: 'pods' }, () => undefined);
    await until(() => client.connection.status.state === 'closed', 'closed');
    expect(client.connection.status.error).toMatch(/signed out/);
  });

  it('rejects invalid names before connecting', async () => {
    const { server } = await ticketGateway({ tickets: false });
    const client = clientFor(server, () => 'good-token');
    expect(() => client.watch.watch({ cluster: 'prod-us', namespace: 'Not_Valid', resource: 'pods' }, () => undefined)).toThrow(
      /namespace/,
    );
    expect(() => client.openLogs({ cluster: 'prod-us', namespace: 'default', pod: '../etc' })).toThrow(/pod/);
    expect(() => client.openTerminal({ cluster: 'a/b', namespace: 'default', pod: 'p', cols: 80, rows: 24 })).toThrow(/cluster/);
    await new Promise((r) => setTimeout(r, 50));
    expect(server.connections).toHaveLength(0);
  });
});
