/**
 * A case of the chaos run (its writer deletes and recreates pods under the same names while the
 * emulator restarts), made deterministic here: when the gateway's informer relists after a 410 and
 * a name now belongs to a new object, client-node reports an update, so the kit gets MODIFIED with
 * a new uid. Keyed by uid, the old object stayed in the store for ever (no DELETED would come).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeVisionClient } from '../../src/core/client.ts';
import type { WatchKey } from '../../src/core/protocol.ts';
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

const key: WatchKey = { cluster: 'prod-us', namespace: 'shop', resource: 'pods' };
const body = { metadata: { name: 'reborn' }, spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] } };

describe('a name taken over by a new object while the gateway relists', () => {
  it('leaves only the new object in the store', async () => {
    const store = h.sim.cluster('prod-us').store;
    const pods = store.typeOf('Pod');
    const first = store.create(pods, 'shop', body);
    if (!first.ok) throw new Error('create failed');
    const off = client.watch.watch(key, () => undefined);
    const names = (): string[] => (client.watch.getSnapshot(key)?.items ?? []).filter((p) => p.metadata?.name === 'reborn').map((p) => p.metadata?.uid ?? '');
    await until(() => names().length === 1, 'the first pod in the store');
    // The emulator restarts (history lost); before the informer relists, the name gets a new object.
    await h.sim.restart();
    store.delete(pods, 'shop', 'reborn');
    const second = store.create(pods, 'shop', body);
    if (!second.ok) throw new Error('create failed');
    await until(() => names().includes(second.object.metadata.uid), 'the new pod in the store');
    // Any later event proves the relist is complete; the old uid must be gone by then.
    store.update(pods, 'shop', 'reborn', (o) => ({ ...o, metadata: { ...o.metadata, annotations: { touched: 'yes' } } }));
    await until(() => client.watch.getSnapshot(key)?.items.some((p) => (p.metadata?.annotations as Record<string, string> | undefined)?.touched === 'yes'), 'the touch');
    expect(names()).toEqual([second.object.metadata.uid]);
    off();
  });
});
