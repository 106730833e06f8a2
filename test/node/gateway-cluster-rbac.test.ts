/**
 * The cluster's own RBAC through the gateway (issue 12 item 1): on an `impersonate` cluster the
 * emulator sees the signed-in user and its Role bindings decide, and on a `passthrough` cluster the
 * user's own token does. A namespace reader never receives another namespace's pods, on REST, on
 * `can`, on a watch of one namespace or of all (`""`, which shows the namespaces it may list), nor a
 * terminal there; an open watch follows the user's bindings as they are granted and revoked.
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
    // Rights are asked again every second, so that a revoked binding shows within the test's patience.
    c.limits.accessReviewSeconds = 1;
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

type Frame = Record<string, unknown>;
const nameOf = (frame: Frame) => {
  const { metadata } = frame.object as { metadata: { namespace: string; name: string } };
  return `${metadata.namespace}/${metadata.name}`;
};

/** A pods watch of prod-us kept open: the objects it shows now, and a wait for a frame. */
function openWatch(token: string, namespace: string) {
  const ws = new WebSocket(`${h.wsUrl}/api/v1/ws/watch`, { headers: { Authorization: `Bearer ${token}` } });
  const frames: Frame[] = [];
  const shown = new Set<string>();
  const waiters: (() => void)[] = [];
  ws.once('open', () => ws.send(JSON.stringify({ action: 'subscribe', cluster: 'prod-us', namespace, resource: 'pods' })));
  ws.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as Frame;
    frames.push(frame);
    if (frame.type === 'ADDED' || frame.type === 'MODIFIED') shown.add(nameOf(frame));
    if (frame.type === 'DELETED') shown.delete(nameOf(frame));
    for (const wake of waiters.splice(0)) wake();
  });
  return {
    visible: () => [...shown].sort(),
    seen: (ns: string) => frames.some((f) => f.object !== undefined && nameOf(f).startsWith(`${ns}/`)),
    /** The first frame from now on (or already received) for which `test` holds; `test` may look at the state instead. */
    until(test: (frame: Frame) => boolean): Promise<Frame> {
      let from = 0;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no such frame; received ${JSON.stringify(frames.slice(-3))}`)), 15_000);
        const look = () => {
          for (; from < frames.length; from++) {
            const frame = frames[from] as Frame;
            if (test(frame)) {
              clearTimeout(timer);
              return resolve(frame);
            }
          }
          waiters.push(look);
        };
        look();
      });
    },
    close: () => ws.close(),
  };
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

  it('watches only what the user may list: its namespace, or all namespaces narrowed to it, never another', async () => {
    const shop = await subscribe(victor, 'shop');
    expect(shop.end.type).toBe('SYNCED');
    expect([...shop.namespaces]).toEqual(['shop']);
    const all = await subscribe(victor, '');
    expect(all.end.type).toBe('SYNCED');
    expect([...all.namespaces]).toEqual(['shop']);
    const refused = await subscribe(victor, 'default');
    expect(refused.namespaces.size).toBe(0);
    expect(refused.end).toEqual({
      type: 'ERROR',
      cluster: 'prod-us',
      namespace: 'default',
      resource: 'pods',
      code: 403,
      message: 'pods is forbidden: User "victor" cannot list resource "pods" in API group "" in the namespace "default"',
    });
    // The gateway's admin token is user admin-token to the cluster, which binds it nothing.
    const everything = await subscribe(h.adminToken, '');
    expect(everything.end).toMatchObject({ type: 'ERROR', code: 403, message: 'pods is forbidden: User "admin-token" cannot list resource "pods" in API group "" at the cluster scope' });
  });

  it('keeps an open watch of all namespaces to what the bindings allow as they are granted and revoked', async () => {
    const [prod] = admins as [Kubectl];
    const kubectl = async (...args: string[]) => expect((await prod.run(args)).code).toBe(0);
    await kubectl('create', 'rolebinding', 'adam-view', '-n', 'shop', '--clusterrole=view', '--user=adam');
    const adam = await h.login('adam');
    const watch = openWatch(adam, '');
    await watch.until((f) => f.type === 'SYNCED');
    const { store } = h.sim.cluster('prod-us');
    const podsIn = (namespace: string) => store.list(store.typeOf('Pod'), namespace).map((p) => p.metadata.name).sort();
    expect(watch.visible()).toEqual(podsIn('shop').map((n) => `shop/${n}`));

    // A pod made where adam may not look never arrives; one made where he may does.
    await kubectl('run', 'unseen', '-n', 'default', '--image=busybox:1.36', '--restart=Never');
    await kubectl('run', 'seen', '-n', 'shop', '--image=busybox:1.36', '--restart=Never');
    await watch.until((f) => f.type === 'ADDED' && nameOf(f) === 'shop/seen');
    expect(watch.seen('default')).toBe(false);

    // Granted: default's pods arrive; revoked: they leave again.
    await kubectl('create', 'rolebinding', 'adam-view', '-n', 'default', '--clusterrole=view', '--user=adam');
    await watch.until(() => watch.visible().includes('default/unseen'));
    expect(watch.visible().filter((n) => n.startsWith('default/'))).toEqual(podsIn('default').map((n) => `default/${n}`));
    await kubectl('delete', 'rolebinding', 'adam-view', '-n', 'default');
    await watch.until(() => !watch.visible().some((n) => n.startsWith('default/')));

    // A namespace made later, with a binding there, joins without a new subscribe.
    await kubectl('create', 'namespace', 'team-b');
    await kubectl('create', 'rolebinding', 'adam-view', '-n', 'team-b', '--clusterrole=view', '--user=adam');
    await kubectl('run', 'newcomer', '-n', 'team-b', '--image=busybox:1.36', '--restart=Never');
    await watch.until(() => watch.visible().includes('team-b/newcomer'));

    // Nothing left to see: every object leaves, then the subscription ends in the cluster's words.
    await kubectl('delete', 'rolebinding', 'adam-view', '-n', 'shop');
    await kubectl('delete', 'rolebinding', 'adam-view', '-n', 'team-b');
    const end = await watch.until((f) => f.type === 'ERROR');
    expect(watch.visible()).toEqual([]);
    expect(end).toMatchObject({ code: 403, message: 'pods is forbidden: User "adam" cannot list resource "pods" in API group "" at the cluster scope' });
    watch.close();
  }, 60_000);

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
