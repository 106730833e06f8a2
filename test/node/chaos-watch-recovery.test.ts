/**
 * Watch recovery cases found by the chaos run, each made deterministic against the real gateway and
 * emulator:
 * - a subscribe that the gateway could not serve yet (its cluster unreachable: ERROR 502) was
 *   forgotten by the gateway and left in `error` by the kit for good, although the socket stayed
 *   open and the cluster came back; transient ERRORs (5xx) are now retried with backoff;
 * - a `resource: "*"` snapshot that lacked the types that failed to list stayed incomplete for good;
 *   the gateway now follows its SYNCED with a 502 ERROR, and the kit subscribes again;
 * - (a case of the chaos writer, which deletes and recreates pods under the same names while the
 *   emulator restarts) when the informer relists and a name now belongs to a new object, client-node
 *   reports an update, so the kit gets MODIFIED with a new uid; keyed by uid, the old object stayed
 *   in the store for ever.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeVisionClient } from '../../src/core/client.ts';
import type { WatchKey } from '../../src/core/protocol.ts';
import type { SubscriptionStatus } from '../../src/core/watch-subscription.ts';
import { startHarness, type Harness } from '../support/gateway-harness.ts';
import { testClient } from '../support/test-client.ts';
import { until } from '../support/until.ts';

let h: Harness;
let client: KubeVisionClient;

beforeAll(async () => {
  h = await startHarness();
  client = testClient(h.url, { getToken: () => h.adminToken });
});

afterAll(async () => {
  client.dispose();
  await h.stop();
});

describe('a subscribe refused while the cluster is unreachable', () => {
  it('is retried until the cluster is back, then syncs', async () => {
    const key: WatchKey = { cluster: 'prod-us', namespace: 'shop', resource: 'pods' };
    const statuses: SubscriptionStatus[] = [];
    const outage = h.sim.restart(1500);
    const off = client.watch.watch(key, (snapshot) => statuses.push(snapshot.status));
    await until(() => statuses.some((s) => s.state === 'error' && s.code === 502), 'the 502 while the emulator is down');
    await outage;
    const synced = await until(() => client.watch.getSnapshot(key)?.synced && client.watch.getSnapshot(key), 'the snapshot once the emulator is back');
    expect(synced.status.state).toBe('live');
    expect(synced.items.length).toBe(h.sim.cluster('prod-us').store.list(h.sim.cluster('prod-us').store.typeOf('Pod'), 'shop').length);
    off();
  });

  it('does not retry a final ERROR (unknown resource)', async () => {
    const key: WatchKey = { cluster: 'prod-us', namespace: 'shop', resource: 'nosuchthings' };
    const off = client.watch.watch(key, () => undefined);
    const failed = await until(() => client.watch.getSnapshot(key)?.status.state === 'error' && client.watch.getSnapshot(key), 'the 404');
    expect(failed.status).toMatchObject({ state: 'error', code: 404 });
    expect(failed.status.retryAt).toBeUndefined();
    off();
  });
});

describe('a "*" snapshot that lacks types the cluster failed to list', () => {
  it('is completed once the cluster is back', async () => {
    const store = h.sim.cluster('prod-us').store;
    // Pods already cached; every other type of "*" is listed for the first time during the outage.
    const offPods = client.watch.watch({ cluster: 'prod-us', namespace: 'monitoring', resource: 'pods' }, () => undefined);
    await until(() => client.watch.getSnapshot({ cluster: 'prod-us', namespace: 'monitoring', resource: 'pods' })?.synced, 'the pods');
    const key: WatchKey = { cluster: 'prod-us', namespace: 'monitoring', resource: '*' };
    const outage = h.sim.restart(1500);
    const off = client.watch.watch(key, () => undefined);
    await outage;
    const deployments = store.list(store.typeOf('Deployment'), 'monitoring').map((d) => d.metadata.uid);
    expect(deployments.length).toBeGreaterThan(0);
    const complete = await until(() => {
      const snapshot = client.watch.getSnapshot(key);
      const uids = new Set(snapshot?.items.map((o) => o.metadata?.uid));
      return snapshot?.status.state === 'live' && deployments.every((uid) => uids.has(uid)) && snapshot;
    }, 'the deployments in the "*" snapshot');
    expect(complete.synced).toBe(true);
    off();
    offPods();
  });
});

const replacedKey: WatchKey = { cluster: 'prod-us', namespace: 'shop', resource: 'pods' };
const body = { metadata: { name: 'reborn' }, spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] } };

describe('a name taken over by a new object while the gateway relists', () => {
  it('leaves only the new object in the store', async () => {
    const store = h.sim.cluster('prod-us').store;
    const pods = store.typeOf('Pod');
    const first = store.create(pods, 'shop', body);
    if (!first.ok) throw new Error('create failed');
    const off = client.watch.watch(replacedKey, () => undefined);
    const names = (): string[] => (client.watch.getSnapshot(replacedKey)?.items ?? []).filter((p) => p.metadata?.name === 'reborn').map((p) => p.metadata?.uid ?? '');
    await until(() => names().length === 1, 'the first pod in the store');
    // The emulator restarts (history lost); before the informer relists, the name gets a new object.
    await h.sim.restart();
    store.delete(pods, 'shop', 'reborn');
    const second = store.create(pods, 'shop', body);
    if (!second.ok) throw new Error('create failed');
    await until(() => names().includes(second.object.metadata.uid), 'the new pod in the store');
    // Any later event proves the relist is complete; the old uid must be gone by then.
    store.update(pods, 'shop', 'reborn', (o) => ({ ...o, metadata: { ...o.metadata, annotations: { touched: 'yes' } } }));
    await until(() => client.watch.getSnapshot(replacedKey)?.items.some((p) => (p.metadata?.annotations as Record<string, string> | undefined)?.touched === 'yes'), 'the touch');
    expect(names()).toEqual([second.object.metadata.uid]);
    off();
  });
});
