/**
 * Two gateway replicas A and B sharing one real redis-server, one real PostgreSQL (the audit index)
 * and one recordings directory (DESIGN §10, issue 12 item 3): a ticket minted on A works once on B
 * and never twice, login attempts spread over both hit one limit, a token signed out on A is refused
 * on B, a terminal session recorded through A is listed and plays through B, and with Redis or
 * PostgreSQL down both answer 503 (or close 1013) without crashing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresAuditIndex } from '../../server/recording/postgres-audit-index.ts';
import { tokenSecretFromEnv } from '../../server/auth/tokens.ts';
import { redisAuthStores } from '../../server/store/redis-auth-stores.ts';
import { USERS, WebSocket, startHarness, type Harness } from '../support/gateway-harness.ts';
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts';
import { startRedis, type RedisServer } from '../support/redis-server.ts';

const SECRET = 'a-shared-signing-secret-of-32-characters-or-more';
let redis: RedisServer;
let postgres: PostgresServer;
/** The recordings volume both replicas mount (a ReadWriteMany PVC in the replicated overlay). */
const recordings = mkdtempSync(join(tmpdir(), 'kv-shared-recordings-'));
let a: Harness;
let b: Harness;
const warnings: string[] = [];

async function replica(): Promise<Harness> {
  const authStores = await redisAuthStores(redis.url, (message) => warnings.push(message), tokenSecretFromEnv(SECRET) as Uint8Array);
  const auditIndex = await PostgresAuditIndex.open(postgres.url, (message) => warnings.push(message));
  return startHarness(
    (c) => {
      c.recording.dir = recordings;
    },
    { tokenSecret: tokenSecretFromEnv(SECRET) as Uint8Array, authStores, auditIndex },
  );
}

beforeAll(async () => {
  [redis, postgres] = await Promise.all([startRedis(), startPostgres()]);
  a = await replica();
  b = await replica();
}, 60_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await Promise.all([redis?.remove(), postgres?.remove()]);
  rmSync(recordings, { recursive: true, force: true });
});

async function post(h: Harness, path: string, token: string | null, body?: unknown): Promise<Response> {
  return fetch(`${h.url}${path}`, {
    method: 'POST',
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function ticketOn(h: Harness, token: string): Promise<string> {
  const res = await post(h, '/api/v1/auth/ws-ticket', token);
  expect(res.status).toBe(200);
  return ((await res.json()) as { ticket: string }).ticket;
}

/** Opens a watch socket with `ticket` on `h`: 'open' when admitted, else the close code. */
async function upgrade(h: Harness, ticket: string): Promise<'open' | number> {
  const ws = new WebSocket(`${h.wsUrl}/api/v1/ws/watch?token=${ticket}`, 'kubevision.v1');
  const closed = h.closed(ws);
  // The gateway admits after the upgrade: an answer to a subscription, or a close, tells which.
  ws.once('open', () => ws.send(JSON.stringify({ action: 'subscribe', cluster: 'prod-us', namespace: 'default', resource: 'pods' })));
  const result = await Promise.race([closed.then((c) => c.code), new Promise<'open'>((resolve) => ws.once('message', () => resolve('open')))]);
  ws.close();
  await closed;
  return result;
}

describe('tickets across replicas', () => {
  it('redeems a ticket minted on A once on B, and never again on either', async () => {
    const token = await a.login('alice');
    const ticket = await ticketOn(a, token);
    expect(await upgrade(b, ticket)).toBe('open');
    expect(await upgrade(b, ticket)).toBe(4401);
    expect(await upgrade(a, ticket)).toBe(4401);
  });

  it('lets exactly one of two replicas redeem the same ticket at once', async () => {
    const ticket = await ticketOn(a, await a.login('alice'));
    const results = await Promise.all([upgrade(a, ticket), upgrade(b, ticket)]);
    expect(results.sort()).toEqual([4401, 'open']);
  });
});

describe('login rate limit across replicas', () => {
  it('counts attempts split over A and B against one limit, with Retry-After', async () => {
    const limit = a.gateway.context.config.limits.loginAttemptsPerMinute;
    const statuses: number[] = [];
    let last: Response | null = null;
    for (let i = 0; i <= limit; i++) {
      last = await post(i % 2 === 0 ? a : b, '/api/v1/auth/login', null, { username: 'victor', password: 'wrong' });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, limit).every((s) => s === 401)).toBe(true);
    expect(statuses[limit]).toBe(429);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    // The right password is refused too while the window lasts, on either replica.
    expect((await post(a, '/api/v1/auth/login', null, { username: 'victor', password: USERS.victor.password })).status).toBe(429);
  });
});

describe('sign-out across replicas', () => {
  it('refuses on B a token signed out on A, REST and WebSocket, and leaves other tokens alone', async () => {
    const token = await a.login('alice');
    const other = await b.login('alice');
    const ticket = await ticketOn(b, token);
    expect((await post(a, '/api/v1/auth/logout', token)).status).toBe(204);
    expect((await fetch(`${b.url}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(401);
    expect((await post(b, '/api/v1/auth/ws-ticket', token)).status).toBe(401);
    expect((await post(b, '/api/v1/auth/logout', token)).status).toBe(401);
    const ws = new WebSocket(`${b.wsUrl}/api/v1/ws/watch?token=${token}`, 'kubevision.v1');
    expect((await b.closed(ws)).code).toBe(4401);
    // A ticket is its own credential, minted before the sign-out; the other session is untouched.
    expect(await upgrade(a, ticket)).toBe('open');
    expect((await fetch(`${b.url}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${other}` } })).status).toBe(200);
  });

  it('refuses to revoke the admin token (it has no id)', async () => {
    expect((await post(a, '/api/v1/auth/logout', a.adminToken)).status).toBe(400);
  });
});

/** GET `path` on `h` as the admin. */
function adminGet(h: Harness, path: string): Promise<Response> {
  return fetch(`${h.url}${path}`, { headers: { Authorization: `Bearer ${h.adminToken}` } });
}

describe('recordings across replicas', () => {
  it('lists and plays through B a terminal session recorded through A', async () => {
    const ws = new WebSocket(`${a.wsUrl}/api/v1/ws/terminal/prod-us/default/my-pod?token=${a.adminToken}&command=sh&command=-c&command=${encodeURIComponent('echo recorded-on-a; exit 4')}`, 'kubevision.v1');
    expect((await a.closed(ws)).code).toBe(1000);
    const newest = async (): Promise<{ id: string; exitCode: number | null } | undefined> =>
      ((await (await adminGet(b, '/api/v1/audit/terminal-sessions?limit=1')).json()) as { items: { id: string; exitCode: number | null }[] }).items[0];
    // A writes the row's end right after the close; B reads it from the shared index.
    await expect.poll(newest, { timeout: 10_000 }).toMatchObject({ exitCode: 4 });
    const id = (await newest())?.id ?? '';
    const cast = await adminGet(b, `/api/v1/audit/terminal-sessions/${id}/recording`);
    expect(cast.status).toBe(200);
    expect(cast.headers.get('content-type')).toContain('application/x-asciicast');
    expect(await cast.text()).toContain('recorded-on-a');
  });

  it('answers the audit API 503 JSON while PostgreSQL is down, then recovers', async () => {
    await postgres.stop();
    try {
      const res = await adminGet(b, '/api/v1/audit/terminal-sessions');
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: { code: 503, message: 'audit index unavailable; try again later' } });
    } finally {
      await postgres.start();
    }
    await expect.poll(async () => (await adminGet(a, '/api/v1/audit/terminal-sessions')).status, { timeout: 15_000 }).toBe(200);
  }, 30_000);
});

describe('Redis down', () => {
  it('answers login and tickets 503 JSON and upgrades 1013, then recovers when Redis is back', async () => {
    const token = await a.login('alice');
    const ticket = await ticketOn(a, token);
    await redis.stop();
    const login = await post(b, '/api/v1/auth/login', null, { username: 'alice', password: USERS.alice.password });
    expect(login.status).toBe(503);
    expect(await login.json()).toMatchObject({ error: { code: 503, message: 'session store unavailable; try again later' } });
    expect((await post(a, '/api/v1/auth/ws-ticket', token)).status).toBe(503);
    expect(await upgrade(b, ticket)).toBe(1013);
    await redis.start();
    await expect.poll(async () => (await post(b, '/api/v1/auth/login', null, { username: 'alice', password: USERS.alice.password })).status, { timeout: 15_000 }).toBe(200);
    expect(warnings.some((w) => w.startsWith('redis unavailable'))).toBe(true);
    for (const logged of [...a.logs, ...b.logs, ...warnings]) expect(logged).not.toContain(ticket);
  }, 30_000);
});
