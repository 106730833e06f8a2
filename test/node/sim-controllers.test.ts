/**
 * The emulator's controllers and kubelet (server/sim/controllers) and its churn generator
 * (server/sim/churn.ts), driven through a ClusterStore holding the default world, without HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startChurn } from '../../server/sim/churn.ts';
import { startControllers, type Controllers } from '../../server/sim/controllers/index.ts';
import { podTemplateHash } from '../../server/sim/controllers/template-hash.ts';
import { isRecord, type StoredObject } from '../../server/sim/object.ts';
import { ClusterStore, type StoreEvent } from '../../server/sim/store.ts';
import { seededRandom } from '../../server/sim/world/random.ts';
import { WorldBuilder } from '../../server/sim/world/world.ts';
import { until } from '../support/ws-server.ts';

const DELAY_MS = 20;
const stops: (() => void)[] = [];

afterEach(() => {
  for (const stop of stops.splice(0)) stop();
});

function world(extraPods = 0): ClusterStore {
  const random = seededRandom(42);
  const store = new ClusterStore('test', { uid: () => random.uuid(), random: () => random.next() });
  new WorldBuilder(store, { seed: 1, nodes: 3, region: 'us-west-2', extraPods, now: Date.now() }).build();
  return store;
}

function controlled(store: ClusterStore, startDelayMs = DELAY_MS): Controllers {
  const controllers = startControllers(store, { startDelayMs });
  stops.push(() => controllers.stop());
  return controllers;
}

function recordEvents(store: ClusterStore): StoreEvent[] {
  const events: StoreEvent[] = [];
  stops.push(store.subscribe((e) => events.push(e)));
  return events;
}

function field(o: unknown, path: string): unknown {
  let v = o;
  for (const part of path.split('.')) v = isRecord(v) ? v[part] : Array.isArray(v) ? v[Number(part)] : undefined;
  return v;
}

const POD = (store: ClusterStore) => store.typeOf('Pod');
const RS = (store: ClusterStore) => store.typeOf('ReplicaSet');
const DEPLOY = (store: ClusterStore) => store.typeOf('Deployment');

function ownedBy(store: ClusterStore, kind: 'Pod' | 'ReplicaSet', owner: StoredObject): StoredObject[] {
  return store.list(store.typeOf(kind), owner.metadata.namespace).filter((o) => o.metadata.ownerReferences?.some((r) => r.uid === owner.metadata.uid && r.controller));
}

function running(pod: StoredObject): boolean {
  return field(pod, 'status.phase') === 'Running' && (field(pod, 'status.conditions') as { type: string; status: string }[]).some((c) => c.type === 'Ready' && c.status === 'True');
}

function createDeployment(store: ClusterStore, name: string, replicas: number, image = 'nginx:1.27'): StoredObject {
  const result = store.create(DEPLOY(store), 'default', {
    metadata: { name, labels: { app: name } },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image }] } } },
  });
  if (!result.ok) throw new Error(result.status.message);
  return result.object;
}

function deploymentPods(store: ClusterStore, name: string): StoredObject[] {
  return store.list(POD(store), 'default').filter((p) => p.metadata.labels?.app === name);
}

async function converged(store: ClusterStore, name: string, replicas: number): Promise<void> {
  await until(() => {
    const pods = deploymentPods(store, name);
    const status = field(store.get(DEPLOY(store), 'default', name), 'status');
    return pods.length === replicas && pods.every(running) && field(status, 'readyReplicas') === (replicas || undefined) && field(status, 'replicas') === (replicas || undefined);
  }, `${name} at ${replicas} running replicas`);
}

describe('kubelet', () => {
  it('schedules a bare pod onto a worker node, Pending first, then Running', async () => {
    const store = world();
    controlled(store);
    const events = recordEvents(store);
    const created = store.create(POD(store), 'default', { metadata: { name: 'bare' }, spec: { containers: [{ name: 'c', image: 'busybox:1.36' }, { name: 'd', image: 'redis:7.4' }] } });
    expect(created.ok).toBe(true);
    await until(() => running(store.get(POD(store), 'default', 'bare') as StoredObject), 'bare pod running');

    const own = events.filter((e) => e.object.metadata.name === 'bare').map((e) => e.object);
    expect(own.map((o) => field(o, 'status.phase'))).toEqual([undefined, 'Pending', 'Running']);
    expect(field(own[1], 'status.containerStatuses.0.state.waiting.reason')).toBe('ContainerCreating');
    const pod = own[2] as StoredObject;
    const node = store.get(store.typeOf('Node'), undefined, String(field(pod, 'spec.nodeName')));
    expect(node?.metadata.labels?.['node-role.kubernetes.io/control-plane']).toBeUndefined();
    expect(field(pod, 'status.hostIP')).toBe(field(node, 'status.addresses.0.address'));
    expect(field(pod, 'status.podIP')).toMatch(/^10\.244\.\d+\.\d+$/);
    const statuses = field(pod, 'status.containerStatuses') as Record<string, unknown>[];
    expect(statuses.map((c) => [c.name, c.ready, c.restartCount])).toEqual([
      ['c', true, 0],
      ['d', true, 0],
    ]);
    expect(field(statuses[0], 'state.running.startedAt')).toEqual(expect.any(String));
    const conditions = Object.fromEntries((field(pod, 'status.conditions') as { type: string; status: string }[]).map((c) => [c.type, c.status]));
    expect(conditions).toMatchObject({ PodScheduled: 'True', Initialized: 'True', ContainersReady: 'True', Ready: 'True' });
  });
});

describe('controllers on the default world', () => {
  it.each([0, 600])('change nothing when started (extra pods: %i)', async (extraPods) => {
    const store = world(extraPods);
    const events = recordEvents(store);
    controlled(store);
    await new Promise((r) => setTimeout(r, 500));
    expect(events.map((e) => `${e.type} ${e.resource.kind} ${e.object.metadata.namespace}/${e.object.metadata.name}`)).toEqual([]);
  });
});

describe('deployments and replicasets', () => {
  it('a new deployment gets a ReplicaSet named by its template hash and N running pods', async () => {
    const store = world();
    controlled(store);
    const deployment = createDeployment(store, 'hello', 3);
    await converged(store, 'hello', 3);

    const hash = podTemplateHash(field(deployment, 'spec.template'));
    const [rs, ...others] = ownedBy(store, 'ReplicaSet', deployment);
    expect(others).toEqual([]);
    expect(rs?.metadata.name).toBe(`hello-${hash}`);
    expect(field(rs, 'spec.selector.matchLabels')).toEqual({ app: 'hello', 'pod-template-hash': hash });
    expect(field(rs, 'spec.template.metadata.labels')).toEqual({ app: 'hello', 'pod-template-hash': hash });
    const pods = ownedBy(store, 'Pod', rs as StoredObject);
    expect(pods).toHaveLength(3);
    for (const pod of pods) {
      expect(pod.metadata.name).toMatch(new RegExp(`^hello-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(pod.metadata.labels).toEqual({ app: 'hello', 'pod-template-hash': hash });
    }
    await until(() => field(store.get(DEPLOY(store), 'default', 'hello'), 'status.availableReplicas') === 3, 'deployment status');
    const status = field(store.get(DEPLOY(store), 'default', 'hello'), 'status') as Record<string, unknown>;
    expect(status).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 });
    expect(status.unavailableReplicas).toBeUndefined();
    expect((status.conditions as Record<string, unknown>[]).map((c) => [c.type, c.status, c.reason])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable'],
      ['Progressing', 'True', 'NewReplicaSetAvailable'],
    ]);
    expect(field(rs && store.get(RS(store), 'default', rs.metadata.name), 'status')).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
  });

  it('scaling 3 -> 1 -> 4 converges, and the status says so', async () => {
    const store = world();
    controlled(store);
    createDeployment(store, 'scaled', 3);
    await converged(store, 'scaled', 3);
    for (const replicas of [1, 4]) {
      store.update(DEPLOY(store), 'default', 'scaled', (d) => ({ ...d, spec: { ...(d.spec as object), replicas } }));
      await converged(store, 'scaled', replicas);
    }
    await until(() => field(store.get(DEPLOY(store), 'default', 'scaled'), 'status.availableReplicas') === 4, 'deployment status at 4');
    expect(field(store.get(DEPLOY(store), 'default', 'scaled'), 'status')).toMatchObject({ observedGeneration: 3, replicas: 4, updatedReplicas: 4 });
  });

  it('a deleted pod of a ReplicaSet is replaced by a new one that comes up Running', async () => {
    const store = world();
    controlled(store);
    const pods = store.list(POD(store), 'shop').filter((p) => p.metadata.labels?.app === 'frontend');
    expect(pods).toHaveLength(3);
    const gone = pods[0] as StoredObject;
    store.delete(POD(store), 'shop', gone.metadata.name);
    await until(() => {
      const now = store.list(POD(store), 'shop').filter((p) => p.metadata.labels?.app === 'frontend');
      return now.length === 3 && now.every(running) && !now.some((p) => p.metadata.name === gone.metadata.name);
    }, 'frontend back at 3 running pods');
    const replacement = store.list(POD(store), 'shop').find((p) => p.metadata.labels?.app === 'frontend' && !pods.some((o) => o.metadata.uid === p.metadata.uid));
    expect(replacement?.metadata.labels).toEqual(gone.metadata.labels);
    expect(replacement?.metadata.ownerReferences).toEqual(gone.metadata.ownerReferences);
  });

  it('deleting a deployment removes its ReplicaSet and pods', async () => {
    const store = world();
    controlled(store);
    const deployment = createDeployment(store, 'doomed', 2);
    await converged(store, 'doomed', 2);
    const [rs] = ownedBy(store, 'ReplicaSet', deployment);
    store.delete(DEPLOY(store), 'default', 'doomed');
    await new Promise((r) => setTimeout(r, 5 * DELAY_MS));
    expect(rs && store.get(RS(store), 'default', rs.metadata.name)).toBeUndefined();
    expect(deploymentPods(store, 'doomed')).toEqual([]);
  });

  it('a new template rolls out: a second ReplicaSet takes the replicas and the old one goes to 0', async () => {
    const store = world();
    controlled(store);
    const deployment = createDeployment(store, 'rolled', 2);
    await converged(store, 'rolled', 2);
    store.update(DEPLOY(store), 'default', 'rolled', (d) => ({ ...d, spec: { ...(d.spec as object), template: { metadata: { labels: { app: 'rolled' } }, spec: { containers: [{ name: 'main', image: 'nginx:1.28' }] } } } }));
    await until(() => {
      const pods = deploymentPods(store, 'rolled');
      return pods.length === 2 && pods.every((p) => running(p) && field(p, 'spec.containers.0.image') === 'nginx:1.28');
    }, 'new pods running');
    const sets = ownedBy(store, 'ReplicaSet', deployment).map((rs) => [field(rs, 'spec.template.spec.containers.0.image'), field(rs, 'spec.replicas'), rs.metadata.annotations?.['deployment.kubernetes.io/revision']]);
    expect(sets.sort()).toEqual([
      ['nginx:1.27', 0, '1'],
      ['nginx:1.28', 2, '2'],
    ]);
    expect(store.get(DEPLOY(store), 'default', 'rolled')?.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
  });
});

describe('churn', () => {
  it('keeps the store near the requested event rate, with replicas in 1..6', async () => {
    const store = world();
    controlled(store, 300);
    const events = recordEvents(store);
    const churn = startChurn({ store }, { eventsPerSecond: 50, seed: 7 });
    stops.push(() => churn.stop());
    await new Promise((r) => setTimeout(r, 2000));
    const perSecond = events.length / 2;
    expect(perSecond).toBeGreaterThanOrEqual(25);
    expect(perSecond).toBeLessThanOrEqual(100);
    const kinds = new Set(events.map((e) => `${e.type} ${e.resource.kind}`));
    expect(kinds).toContain('MODIFIED Pod');
    for (const ns of ['shop', 'default']) {
      for (const d of store.list(DEPLOY(store), ns)) expect(field(d, 'spec.replicas')).toSatisfy((n: number) => n >= 1 && n <= 6);
    }
  });
});

describe('stop', () => {
  function timers(): number {
    return process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r === 'Immediate').length;
  }

  it('leaves no timer behind, even with kubelet steps and churn in flight', async () => {
    const store = world();
    const before = timers();
    const controllers = startControllers(store, { startDelayMs: 10_000 });
    const churn = startChurn({ store }, { eventsPerSecond: 200, seed: 3 });
    createDeployment(store, 'pending', 3);
    await new Promise((r) => setTimeout(r, 100));
    expect(timers()).toBeGreaterThan(before);
    churn.stop();
    controllers.stop();
    expect(timers()).toBeLessThanOrEqual(before);
  });
});
