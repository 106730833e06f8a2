/**
 * The gateway end to end on the emulator with real ws clients: auth, origins, the close-code table,
 * the seed's watch example through the REST API, REST errors, and tokens kept out of the logs.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../server/auth/passwords.ts';
import { TOKEN_SUBPROTOCOL_PREFIX } from '../../src/core/protocol.ts';
import { startHarness, WebSocket, type Harness } from '../support/gateway-harness.ts';
import { until } from '../support/ws-server.ts';

let h: Harness;
let operator: string;
let viewer: string;

beforeAll(async () => {
  h = await startHarness((c) => {
    c.limits.connectionsPerUser = 3;
    c.limits.loginAttemptsPerMinute = 3;
  });
  operator = await h.login('alice');
  viewer = await h.login('victor');
}, 60_000);

afterAll(async () => {
  await h.stop();
});

function open(path: string, options: ConstructorParameters<typeof WebSocket>[2] = {}, protocols?: string[]): WebSocket {
  return new WebSocket(`${h.wsUrl}${path}`, protocols, options);
}

function messages(ws: WebSocket): Record<string, unknown>[] {
  const got: Record<string, unknown>[] = [];
  ws.on('message', (data, binary) => {
    if (!binary) got.push(JSON.parse(data.toString()) as Record<string, unknown>);
  });
  return got;
}

async function rest(method: string, path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${h.url}${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('auth', () => {
  it('logs in, says who you are, refuses bad passwords and rate-limits', async () => {
    const me = await rest('GET', '/api/v1/auth/me', operator);
    expect(me.json).toMatchObject({ user: { name: 'alice', role: 'operator' } });
    const bad = await rest('POST', '/api/v1/auth/login', null, { username: 'alice', password: 'nope' });
    expect(bad).toMatchObject({ status: 401, json: { error: { code: 401, reason: 'Unauthorized' } } });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await rest('POST', '/api/v1/auth/login', null, { username: 'mallory', password: 'x' })).status);
    expect(codes).toEqual([401, 401, 401, 429]);
    expect((await rest('GET', '/api/v1/auth/me', 'not-a-token')).status).toBe(401);
  });

  it('a ws ticket works once', async () => {
    const { json } = await rest('POST', '/api/v1/auth/ws-ticket', operator);
    expect(json.expiresIn).toBe(30);
    const first = open(`/api/v1/ws/watch?token=${String(json.ticket)}`);
    await new Promise((r) => first.once('open', r));
    const second = open(`/api/v1/ws/watch?token=${String(json.ticket)}`);
    expect(await h.closed(second)).toEqual({ code: 4401, reason: 'missing, invalid or expired token' });
    first.close();
    expect((await rest('GET', '/api/v1/auth/me', String(json.ticket))).status).toBe(401);
  });

  it('accepts the admin token, a Bearer header and the token subprotocol', async () => {
    expect((await rest('GET', '/api/v1/auth/me', h.adminToken)).json).toMatchObject({ user: { role: 'admin' } });
    const header = open('/api/v1/ws/watch', { headers: { Authorization: `Bearer ${operator}` } });
    await new Promise((r) => header.once('open', r));
    header.close();
    const sub = open('/api/v1/ws/watch', {}, ['kubevision.v1', `${TOKEN_SUBPROTOCOL_PREFIX}${Buffer.from(operator).toString('base64url')}`]);
    await new Promise((r) => sub.once('open', r));
    expect(sub.protocol).toBe('kubevision.v1');
    sub.close();
  });

  it('hash-password prints a scrypt hash that verifies', async () => {
    const child = spawn(resolve(import.meta.dirname, '../../node_modules/.bin/tsx'), ['server/main.ts', 'hash-password'], { cwd: resolve(import.meta.dirname, '../..') });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stdin.end('correct horse\n');
    await new Promise((r) => child.on('exit', r));
    expect(out.trim()).toMatch(/^scrypt\$/);
    expect(await verifyPassword('correct horse', out.trim())).toBe(true);
  }, 30_000);
});

describe('origins', () => {
  it('accepts a loopback origin in dev and refuses a foreign one with 403 before the upgrade', async () => {
    const ok = open(`/api/v1/ws/watch?token=${operator}`, { origin: 'http://localhost:5173' });
    await new Promise((r) => ok.once('open', r));
    ok.close();
    const evil = open(`/api/v1/ws/watch?token=${operator}`, { origin: 'https://evil.example' });
    const status = await new Promise<number>((r) =>
      evil.once('unexpected-response', (req, res) => {
        req.destroy();
        r(res.statusCode ?? 0);
      }),
    );
    expect(status).toBe(403);
    expect((await rest('GET', '/api/v1/clusters', operator, undefined, { Origin: 'https://evil.example' })).status).toBe(403);
  });
});

describe('the close-code table', () => {
  it('4401 without a token', async () => {
    expect((await h.closed(open('/api/v1/ws/watch'))).code).toBe(4401);
  });

  it('4400 for a bad name, 4404 for an unknown cluster, 4403 for a viewer terminal', async () => {
    expect((await h.closed(open(`/api/v1/ws/logs/prod-us/Bad_NS/my-pod?token=${operator}`))).code).toBe(4400);
    expect((await h.closed(open(`/api/v1/ws/logs/nowhere/default/my-pod?token=${operator}`))).code).toBe(4404);
    expect((await h.closed(open(`/api/v1/ws/terminal/prod-us/default/my-pod?token=${viewer}`))).code).toBe(4403);
  });

  it('1000 at the end of a log, 1009 for an oversized frame', async () => {
    expect((await h.closed(open(`/api/v1/ws/logs/prod-us/default/my-pod?token=${operator}&tail=3&follow=false`))).code).toBe(1000);
    const ws = open(`/api/v1/ws/watch?token=${operator}`);
    await new Promise((r) => ws.once('open', r));
    ws.send('x'.repeat(70 * 1024));
    expect((await h.closed(ws)).code).toBe(1009);
  });

  it('4429 past the per-user connection cap', async () => {
    const token = await h.login('adam');
    const held = [0, 1, 2].map(() => open(`/api/v1/ws/watch?token=${token}`));
    await Promise.all(held.map((ws) => new Promise((r) => ws.once('open', r))));
    await new Promise((r) => setTimeout(r, 100));
    expect((await h.closed(open(`/api/v1/ws/watch?token=${token}`))).code).toBe(4429);
    for (const ws of held) ws.close();
  });
});

describe('the seed example through the gateway', () => {
  it('subscribe yields ADDED; REST create, patch and delete yield ADDED, MODIFIED, DELETED; unsubscribe stops them', async () => {
    const ws = open(`/api/v1/ws/watch?token=${operator}`);
    const got = messages(ws);
    await new Promise((r) => ws.once('open', r));
    const key = { cluster: 'prod-us', namespace: 'default', resource: 'pods' };
    ws.send(JSON.stringify({ action: 'subscribe', ...key }));
    await until(() => got.some((m) => m.type === 'SYNCED'), 'SYNCED', 10_000);
    const names = got.filter((m) => m.type === 'ADDED').map((m) => (m.object as { metadata: { name: string } }).metadata.name);
    expect(names).toContain('my-pod');
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'seed-example' }, spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] } };
    expect((await rest('POST', '/api/v1/clusters/prod-us/pods?namespace=default', operator, pod)).status).toBe(201);
    const patched = await fetch(`${h.url}/api/v1/clusters/prod-us/pods/seed-example?namespace=default`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${operator}`, 'Content-Type': 'application/merge-patch+json' },
      body: JSON.stringify({ metadata: { labels: { seed: 'yes' } } }),
    });
    expect(patched.status).toBe(200);
    expect((await rest('DELETE', '/api/v1/clusters/prod-us/pods/seed-example?namespace=default', operator)).status).toBe(200);
    const about = (type: string) => got.some((m) => m.type === type && (m.object as { metadata: { name: string } }).metadata.name === 'seed-example');
    await until(() => about('ADDED') && about('MODIFIED') && about('DELETED'), 'ADDED, MODIFIED, DELETED', 10_000);
    ws.send(JSON.stringify({ action: 'unsubscribe', ...key }));
    await new Promise((r) => setTimeout(r, 200));
    const before = got.length;
    await rest('POST', '/api/v1/clusters/prod-us/pods?namespace=default', operator, { ...pod, metadata: { name: 'after-unsubscribe' } });
    await new Promise((r) => setTimeout(r, 500));
    expect(got.slice(before).filter((m) => m.type === 'ADDED')).toEqual([]);
    ws.close();
  });
});

describe('REST Resource API', () => {
  it('lists clusters and resources, passes Kubernetes errors through and enforces roles', async () => {
    const clusters = await fetch(`${h.url}/api/v1/clusters`, { headers: { Authorization: `Bearer ${viewer}` } });
    expect(((await clusters.json()) as { name: string; status: string }[]).map((c) => `${c.name}:${c.status}`)).toEqual(['prod-us:ok', 'staging-eu:ok']);
    const missing = await rest('GET', '/api/v1/clusters/prod-us/pods/nope?namespace=default', viewer);
    expect(missing).toMatchObject({ status: 404, json: { error: { code: 404, reason: 'NotFound', message: 'pods "nope" not found' } } });
    expect((await rest('GET', '/api/v1/clusters/prod-us/pods?namespace=Bad_NS', viewer)).status).toBe(400);
    expect((await rest('GET', '/api/v1/clusters/prod-us/widgets', viewer)).status).toBe(404);
    expect((await rest('POST', '/api/v1/clusters/prod-us/configmaps?namespace=default', viewer, { metadata: { name: 'x' } })).status).toBe(403);
    const secret = await rest('GET', '/api/v1/clusters/prod-us/secrets/db-credentials?namespace=default', viewer);
    expect(secret.json.data).toEqual({ username: '', password: '' });
    const clear = await rest('GET', '/api/v1/clusters/prod-us/secrets/db-credentials?namespace=default', operator);
    expect((clear.json.data as Record<string, string>).username).toBe(Buffer.from('app').toString('base64'));
    const limited = await h.login('nina');
    expect((await rest('GET', '/api/v1/clusters/prod-us/pods?namespace=default', limited)).status).toBe(403);
    expect((await rest('GET', '/api/v1/clusters/prod-us/pods?namespace=shop', limited)).status).toBe(200);
    const selected = await rest('GET', '/api/v1/clusters/prod-us/pods?labelSelector=app%3Dfrontend', viewer);
    expect((selected.json.items as unknown[]).length).toBe(3);
  });

  it('answers unknown routes and unparsable bodies with the JSON error shape', async () => {
    const viewer = await h.login('victor');
    const unknown = await rest('GET', '/api/v1/nothing-here?token=secret-in-query', viewer);
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: { code: 404, reason: 'NotFound', message: 'no route for GET /api/v1/nothing-here' } });
    const alice = await h.login('alice');
    const res = await fetch(`${h.url}/api/v1/clusters/prod-us/pods?namespace=default`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${alice}`, 'Content-Type': 'application/json' },
      body: '{"kind": "Pod",',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 400, reason: 'BadRequest' } });
  });

  it('answers /healthz and /readyz', async () => {
    expect((await rest('GET', '/healthz', null)).json).toEqual({ status: 'ok' });
    expect((await rest('GET', '/readyz', null)).json).toMatchObject({ status: 'ready', clusters: [{ name: 'prod-us', ready: true }, { name: 'staging-eu', ready: true }] });
  });
});

describe('logging', () => {
  it('keeps tokens, tickets and passwords out of the access log', async () => {
    const { json } = await rest('POST', '/api/v1/auth/ws-ticket', operator);
    const ws = open(`/api/v1/ws/watch?token=${String(json.ticket)}`);
    await new Promise((r) => ws.once('open', r));
    ws.close();
    await new Promise((r) => setTimeout(r, 100));
    const all = h.logs.join('');
    expect(all).toMatch(/token=\[REDACTED\]/);
    for (const secret of [operator, viewer, String(json.ticket), h.adminToken, 'alice-secret-pw']) expect(all).not.toContain(secret);
  });
});

describe('graceful shutdown', () => {
  it('closes every socket with 1001', async () => {
    const own = await startHarness();
    const token = await own.login('alice');
    const watch = new WebSocket(`${own.wsUrl}/api/v1/ws/watch?token=${token}`);
    const logs = new WebSocket(`${own.wsUrl}/api/v1/ws/logs/prod-us/default/my-pod?token=${token}`);
    await Promise.all([watch, logs].map((ws) => new Promise((r) => ws.once('open', r))));
    const closes = Promise.all([own.closed(watch), own.closed(logs)]);
    await own.stop();
    expect((await closes).map((c) => c.code)).toEqual([1001, 1001]);
  }, 60_000);
});

describe('TLS', () => {
  it('serves https and wss directly with --tls-cert/--tls-key', async () => {
    const { selfSignedCertificate } = await import('../../server/sim/tls.ts');
    const certificate = await selfSignedCertificate();
    const own = await startHarness(() => undefined, { https: { key: Buffer.from(certificate.key), cert: Buffer.from(certificate.cert) } });
    try {
      expect(own.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const ws = new WebSocket(`${own.wsUrl}/api/v1/ws/watch?token=${own.adminToken}`, { ca: certificate.cert });
      const got = messages(ws);
      await new Promise((r) => ws.once('open', r));
      ws.send(JSON.stringify({ action: 'subscribe', cluster: 'staging-eu', namespace: 'default', resource: 'pods' }));
      await until(() => got.some((m) => m.type === 'SYNCED'), 'SYNCED over wss', 10_000);
      ws.close();
    } finally {
      await own.stop();
    }
  }, 60_000);
});
