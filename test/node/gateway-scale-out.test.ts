/**
 * Two gateway replicas A and B sharing one real redis-server (DESIGN §10, issue 12 item 3): a ticket
 * minted on A works once on B and never twice, login attempts spread over both hit one limit, a
 * token signed out on A is refused on B, and with Redis down both answer 503 / 1013 without crashing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenSecretFromEnv } from '../../server/auth/tokens.ts';
import { redisAuthStores } from '../../server/store/redis-auth-stores.ts';
import { USERS, WebSocket, startHarness, type Harness } from '../support/gateway-harness.ts';
import { startRedis, type RedisServer } from '../support/redis-server.ts';

const SECRET = 'a-shared-signing-secret-of-32-characters-or-more';
let redis: RedisServer;
let a: Harness;
let b: Harness;
const warnings: string[] = [];

async function replica(): Promise<Harness> {
  const authStores = await redisAuthStores(redis.url, (message) => warnings.push(message), tokenSecretFromEnv(SECRET) as Uint8Array);
  return startHarness(() => undefined, { tokenSecret: tokenSecretFromEnv(SECRET) as Uint8Array, authStores });
}

beforeAll(async () => {
  redis = await startRedis();
  a = await replica();
  b = await replica();
}, 60_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.remove();
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
