/**
 * The cluster's own RBAC through the gateway (issue 12 item 1): on an `impersonate` cluster the
 * emulator sees the signed-in user and its Role bindings decide, and on a `passthrough` cluster the
 * user's own token does. A namespace reader never receives another namespace's pods, on REST, on
 * `can`, on a watch of one namespace or of all (`""`), nor a terminal there.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, WebSocket, type Harness } from '../support/gateway-harness.ts';
import { kubectlFor, type Kubectl } from '../support/kubectl.ts';

let h: Harness;
let admins: Kubectl[];
let victor: string;
let alice: string;
/** A user of staging-eu with its own token, who may read `shop` there. */
let ownToken: string;

beforeAll(async () => {
  h = await startHarness((c) => {
    c.clusterAuth = { 'prod-us': 'impersonate', 'staging-eu': 'passthrough' };
  });
  admins = ['prod-us', 'staging-eu'].map((cluster) => kubectlFor(h.sim.kubeconfig(cluster)));
  const [prod, staging] = admins as [Kubectl, Kubectl];
  // victor (gateway viewer, no namespace limit) may read only `shop` in the cluster; alice may edit there.
  for (const args of [
    ['create', 'rolebinding', 'victor-view', '-n', 'shop', '--clusterrole=view', '--user=victor'],
    ['create', 'rolebinding', 'alice-edit', '-n', 'shop', '--clusterrole=edit', '--user=alice'],
  ]) expect((await prod.run(args)).code).toBe(0);
  ownToken = h.sim.addUser({ name: 'victor-at-staging' });
  expect((await staging.run(['create', 'rolebinding', 'own-view', '-n', 'shop', '--clusterrole=view', '--user=victor-at-staging'])).code).toBe(0);
  [victor, alice] = await Promise.all([h.login('victor'), h.login('alice')]);
}, 60_000);
afterAll(async () => {
  await h.stop();
  for (const k of admins) rmSync(k.dir, { recursive: true, force: true });
});

async function get(token: string, path: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const messageOf = (json: Record<string, unknown>) => (json.error as { message?: string } | undefined)?.message;

/** The frames a watch socket receives for one subscribe until its SYNCED or ERROR. */
async function subscribe(token: string, namespace: string, resource = 'pods'): Promise<{ namespaces: Set<string>; end: Record<string, unknown> }> {
  const ws = new WebSocket(`${h.wsUrl}/api/v1/ws/watch`, { headers: { Authorization: `Bearer ${token}` } });
  const namespaces = new Set<string>();
  const end = await new Promise<Record<string, unknown>>((resolve, reject) => {
    ws.once('error', reject);
    ws.once('open', () => ws.send(JSON.stringify({ action: 'subscribe', cluster: 'prod-us', namespace, resource })));
    ws.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as Record<string, unknown>;
      if (frame.type === 'ADDED') namespaces.add((frame.object as { metadata: { namespace: string } }).metadata.namespace);
      if (frame.type === 'SYNCED' || frame.type === 'ERROR') resolve(frame);
    });
  });
  ws.close();
  return { namespaces, end };
}

describe('an impersonate cluster', () => {
  it('serves REST as the user: their namespace, and the cluster refusing the others in its words', async () => {
    const shop = await get(victor, '/api/v1/clusters/prod-us/pods?namespace=shop');
    expect(shop.status).toBe(200);
    expect((shop.json.items as unknown[]).length).toBeGreaterThan(0);
    const other = await get(victor, '/api/v1/clusters/prod-us/pods?namespace=default');
    expect([other.status, messageOf(other.json)]).toEqual([403, 'pods is forbidden: User "victor" cannot list resource "pods" in API group "" in the namespace "default"']);
    const all = await get(victor, '/api/v1/clusters/prod-us/pods');
    expect([all.status, messageOf(all.json)]).toEqual([403, 'pods is forbidden: User "victor" cannot list resource "pods" in API group "" at the cluster scope']);
  });

  it('answers can from the cluster as the user, after the gateway role', async () => {
    const can = async (token: string, q: Record<string, string>) => (await get(token, `/api/v1/auth/can?${new URLSearchParams({ cluster: 'prod-us', resource: 'pods', ...q })}`)).json;
    expect(await can(victor, { namespace: 'shop', verb: 'list' })).toMatchObject({ allowed: true });
    expect(await can(victor, { namespace: 'default', verb: 'list' })).toEqual({
      allowed: false,
      reason: 'pods is forbidden: User "victor" cannot list resource "pods" in API group "" in the namespace "default"',
    });
    expect(await can(alice, { namespace: 'shop', verb: 'delete', name: 'any' })).toMatchObject({ allowed: true });
    expect(await can(alice, { namespace: 'shop', verb: 'create', subresource: 'exec' })).toMatchObject({ allowed: true });
    expect(await can(alice, { namespace: 'default', verb: 'create', subresource: 'exec' })).toMatchObject({ allowed: false });
    // The gateway role still comes first: victor is a viewer, whatever the cluster would allow.
    expect(await can(victor, { namespace: 'shop', verb: 'delete' })).toMatchObject({ allowed: false });
  });

  it('watches only what the user may list: one namespace yes, another or all namespaces never', async () => {
    const shop = await subscribe(victor, 'shop');
    expect(shop.end.type).toBe('SYNCED');
    expect([...shop.namespaces]).toEqual(['shop']);
    for (const namespace of ['default', '']) {
      const refused = await subscribe(victor, namespace);
      expect(refused.namespaces.size).toBe(0);
      expect(refused.end).toMatchObject({ type: 'ERROR', code: 403 });
    }
    // The gateway's admin token is user admin-token to the cluster, which binds it nothing.
    const everything = await subscribe(h.adminToken, '');
    expect(everything.end.type).toBe('ERROR');
  });

  it('opens a terminal only where the cluster grants pods/exec', async () => {
    const pods = (await get(alice, '/api/v1/clusters/prod-us/pods?namespace=shop')).json.items as { metadata: { name: string } }[];
    const refusal = await new Promise<{ code: number; reason: string }>((resolve) => {
      const ws = new WebSocket(`${h.wsUrl}/api/v1/ws/terminal/prod-us/default/${pods[0]?.metadata.name ?? 'x'}`, { headers: { Authorization: `Bearer ${alice}` } });
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    expect(refusal.code).toBe(4403);
    expect(refusal.reason).toContain('cannot create resource "pods/exec"');
  });
});

describe('a passthrough cluster', () => {
  it("serves REST with the user's own token, whose bindings decide", async () => {
    const put = await fetch(`${h.url}/api/v1/auth/cluster-tokens/staging-eu`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${victor}`, 'content-type': 'application/json' },
      body: JSON.stringify({ token: ownToken }),
    });
    expect(await put.json()).toMatchObject({ cluster: 'staging-eu', user: 'victor-at-staging' });
    expect((await get(victor, '/api/v1/clusters/staging-eu/pods?namespace=shop')).status).toBe(200);
    const other = await get(victor, '/api/v1/clusters/staging-eu/pods?namespace=default');
    expect([other.status, messageOf(other.json)]).toEqual([403, 'pods is forbidden: User "victor-at-staging" cannot list resource "pods" in API group "" in the namespace "default"']);
  });
});
