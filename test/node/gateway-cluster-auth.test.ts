/**
 * The cluster side of authorization, through the real gateway and emulator: `GET /api/v1/auth/can`
 * answers by the gateway's role on a `service-account` cluster, and a `passthrough` cluster is
 * reached only with the signed-in session's own token, given with `PUT /api/v1/auth/cluster-tokens`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/gateway-harness.ts';

let h: Harness;
let alice: string;
let victor: string;
let nina: string;

beforeAll(async () => {
  h = await startHarness((c) => {
    c.clusterAuth = { 'staging-eu': 'passthrough' };
  });
  [alice, victor, nina] = await Promise.all([h.login('alice'), h.login('victor'), h.login('nina')]);
});
afterAll(() => h.stop());

async function call(token: string | null, path: string, init: RequestInit = {}): Promise<{ status: number; json: Record<string, unknown> | null }> {
  const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.body ? { 'content-type': 'application/json' } : {}) };
  const res = await fetch(`${h.url}${path}`, { ...init, headers });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

/** `allowed`, or the status and reason of a refused question. */
async function can(token: string | null, query: Record<string, string>): Promise<boolean | string> {
  const { status, json } = await call(token, `/api/v1/auth/can?${new URLSearchParams(query)}`);
  if (status === 200) return json?.allowed as boolean;
  return `${status} ${(json?.error as { reason?: string } | undefined)?.reason ?? ''}`;
}

const reasonOf = (json: Record<string, unknown> | null) => (json?.error as { reason?: string; message?: string } | undefined) ?? {};

describe('GET /api/v1/auth/can on a service-account cluster', () => {
  const pods = { cluster: 'prod-us', namespace: 'default', resource: 'pods' };

  it('answers by the gateway role and namespace limits', async () => {
    expect(await can(alice, { ...pods, verb: 'delete', name: 'web-1' })).toBe(true);
    expect(await can(victor, { ...pods, verb: 'delete' })).toBe(false);
    expect(await can(victor, { ...pods, verb: 'list' })).toBe(true);
    expect(await can(victor, { ...pods, verb: 'create', subresource: 'exec' })).toBe(false);
    expect(await can(alice, { ...pods, verb: 'create', subresource: 'exec' })).toBe(true);
    expect(await can(victor, { ...pods, verb: 'get', subresource: 'log' })).toBe(true);
    expect(await can(nina, { ...pods, verb: 'list' })).toBe(false);
    expect(await can(nina, { ...pods, namespace: 'shop', verb: 'list' })).toBe(true);
    expect(await can(nina, { ...pods, namespace: '', verb: 'list' })).toBe(false);
    expect(await can(nina, { cluster: 'prod-us', resource: 'nodes', verb: 'list' })).toBe(false);
    expect(await can(victor, { cluster: 'prod-us', resource: 'nodes', verb: 'list' })).toBe(true);
  });

  it('explains a refusal', async () => {
    const { json } = await call(victor, `/api/v1/auth/can?${new URLSearchParams({ ...pods, verb: 'delete' })}`);
    expect(json).toEqual({ allowed: false, reason: 'the gateway role viewer of victor does not give write in namespace "default" of "prod-us"' });
  });

  it('refuses malformed and unknown questions with the documented errors', async () => {
    expect(await can(null, { ...pods, verb: 'list' })).toBe('401 Unauthorized');
    expect(await can(alice, { ...pods })).toBe('400 BadRequest');
    expect(await can(alice, { ...pods, verb: 'DELETE' })).toBe('400 BadRequest');
    expect(await can(alice, { ...pods, verb: 'get', subresource: 'log/../x' })).toBe('400 BadRequest');
    expect(await can(alice, { ...pods, verb: 'list', namespace: 'Not_A_Name' })).toBe('400 BadRequest');
    expect(await can(alice, { ...pods, verb: 'get', name: 'bad name' })).toBe('400 BadRequest');
    expect(await can(alice, { ...pods, resource: 'widgets', verb: 'list' })).toBe('404 NotFound');
    expect(await can(alice, { ...pods, cluster: 'nowhere', verb: 'list' })).toBe('404 NotFound');
    const repeated = await call(alice, '/api/v1/auth/can?cluster=prod-us&cluster=staging-eu&verb=list&resource=pods');
    expect([repeated.status, reasonOf(repeated.json).message]).toEqual([400, '"cluster" must be given once']);
  });
});

describe('a passthrough cluster', () => {
  const staging = '/api/v1/clusters/staging-eu/pods?namespace=default';

  it('lists each cluster with how it sees the user', async () => {
    const { json } = await call(alice, '/api/v1/clusters');
    const clusters = json as unknown as { name: string; auth: string; hasToken?: boolean }[];
    expect(clusters.map(({ name, auth, hasToken }) => ({ name, auth, hasToken }))).toEqual([
      { name: 'prod-us', auth: 'service-account', hasToken: undefined },
      { name: 'staging-eu', auth: 'passthrough', hasToken: false },
    ]);
  });

  it('is refused with ClusterTokenRequired until the session gives its own token', async () => {
    const refused = await call(alice, staging);
    expect(refused.status).toBe(401);
    expect(reasonOf(refused.json)).toMatchObject({ reason: 'ClusterTokenRequired', message: 'cluster "staging-eu" needs your own token: PUT /api/v1/auth/cluster-tokens/staging-eu' });
    expect(await can(alice, { cluster: 'staging-eu', namespace: 'default', resource: 'pods', verb: 'list' })).toBe('401 ClusterTokenRequired');
    // The other cluster is unaffected.
    expect((await call(alice, '/api/v1/clusters/prod-us/pods?namespace=default')).status).toBe(200);
  });

  it('refuses tokens it cannot take, and checks the token with the cluster before keeping it', async () => {
    const put = (token: string | null, cluster: string, body: unknown) => call(token, `/api/v1/auth/cluster-tokens/${cluster}`, { method: 'PUT', body: JSON.stringify(body) });
    expect((await put(alice, 'prod-us', { token: h.sim.token })).status).toBe(409);
    expect((await put(alice, 'nowhere', { token: h.sim.token })).status).toBe(404);
    expect((await put(h.adminToken, 'staging-eu', { token: h.sim.token })).status).toBe(400);
    expect((await put(alice, 'staging-eu', { token: 'two words' })).status).toBe(400);
    expect((await put(alice, 'staging-eu', { token: 'x\r\nImpersonate-User: root' })).status).toBe(400);
    expect((await put(alice, 'staging-eu', {})).status).toBe(400);
    const wrong = await put(alice, 'staging-eu', { token: 'not-a-token-of-this-cluster' });
    expect([wrong.status, reasonOf(wrong.json).reason]).toEqual([400, 'ClusterTokenRejected']);
    expect((await call(alice, staging)).status).toBe(401);

    const given = await put(alice, 'staging-eu', { token: h.sim.token });
    expect(given.status).toBe(200);
    expect(given.json).toMatchObject({ cluster: 'staging-eu' });
    expect((await call(alice, staging)).status).toBe(200);
    const listed = (await call(alice, '/api/v1/clusters')).json as unknown as { name: string; hasToken?: boolean }[];
    expect(listed.find((c) => c.name === 'staging-eu')?.hasToken).toBe(true);
    // Another sign-in of another user has none.
    expect((await call(victor, staging)).status).toBe(401);

    expect((await call(alice, '/api/v1/auth/cluster-tokens/staging-eu', { method: 'DELETE' })).status).toBe(204);
    expect((await call(alice, staging)).status).toBe(401);
  });

  it('never writes the cluster token to a log line', () => {
    expect(h.logs.join('\n')).not.toContain(h.sim.token);
  });
});
