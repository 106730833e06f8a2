/**
 * `/api/v1/ws/watch` on a small fastify app in front of the emulator, with real ws clients: the seed's
 * example, snapshots and live events, once-per-connection delivery, selectors, "*", redaction,
 * ERROR frames, a slow consumer under an event flood, and the idle stop of informers.
 */
import type { Socket } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import websocket from '@fastify/websocket';
import { CoreV1Api, KubeConfig, type V1ConfigMap } from '@kubernetes/client-node';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { WebSocket } from 'ws';
import { isRole, type Identity } from '../../server/auth/roles.ts';
import { defaultConfig } from '../../server/config.ts';
import { ClusterRegistry } from '../../server/kube/clusters.ts';
import { startSimulator, type Simulator } from '../../server/sim/simulator.ts';
import { GatewayMetrics } from '../../server/metrics/gateway-metrics.ts';
import type { GatewayContext } from '../../server/ws/context.ts';
import { closeSocket } from '../../server/ws/socket-util.ts';
import { InformerCache, registerWatchEndpoint } from '../../server/ws/watch/index.ts';
import { CloseCode, parseWatchServerMessage, type WatchEvent, type WatchKey, type WatchServerMessage } from '../../src/core/protocol.ts';
import { until } from '../support/ws-server.ts';
import { ResourceCatalog } from '../../server/kube/catalog.js';
import { ClusterAccess } from '../../server/kube/cluster-access.js';
import { MemoryClusterTokens } from '../../server/store/cluster-tokens.js';

const SEND_BUFFER_BYTES = 1024 * 1024;
const IDLE_STOP_MS = 1500;

let sim: Simulator;
let kc: KubeConfig;
let api: CoreV1Api;
let app: FastifyInstance;
let wsUrl: string;
let cache: InformerCache;
const shutdown = new AbortController();
/** Spies on the close() of every admitted server-side socket, to see the codes the gateway closed with. */
const serverCloses: MockInstance<WebSocket['close']>[] = [];
const clients: WatchTestClient[] = [];

/** A kubeconfig of the emulator plus a context `dead` whose API server does not exist. */
function kubeConfigWithDeadCluster(): KubeConfig {
  const config = new KubeConfig();
  config.loadFromString(sim.kubeconfig('prod-us'));
  config.addCluster({ name: 'dead', server: 'https://127.0.0.1:1', skipTLSVerify: true });
  config.addContext({ name: 'dead', cluster: 'dead', user: 'prod-us-admin' });
  return config;
}

/** The test's admission: `?role=` names the role (else 4401), `?namespaces=a,b` limits the namespaces. */
async function admit(socket: WebSocket, url: string): Promise<Identity | null> {
  // Real admission verifies a token asynchronously; messages sent meanwhile must not be lost.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const query = new URL(url, 'http://gateway').searchParams;
  const role = query.get('role');
  if (!isRole(role)) {
    closeSocket(socket, CloseCode.Unauthorized, 'missing, invalid or expired token');
    return null;
  }
  serverCloses.push(vi.spyOn(socket, 'close'));
  const namespaces = query.get('namespaces');
  return { user: `test-${role}`, role, clusters: null, namespaces: namespaces === null ? null : namespaces.split(',') };
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 1 });
  kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig('prod-us'));
  api = kc.makeApiClient(CoreV1Api);
  const config = defaultConfig();
  config.limits.sendBufferBytes = SEND_BUFFER_BYTES;
  app = Fastify();
  await app.register(websocket, { options: { maxPayload: 65536 } });
  const ctx: GatewayContext = {
    config,
    clusters: ClusterRegistry.fromKubeConfig(kubeConfigWithDeadCluster()),
    log: app.log,
    metrics: new GatewayMetrics(),
    shutdown: shutdown.signal,
    access: ClusterAccess.forConfig(config, new MemoryClusterTokens()),
    catalog: new ResourceCatalog(),
    admit: (socket, request) => admit(socket, request.url),
    identify: () => Promise.resolve(null),
  };
  cache = new InformerCache({ log: app.log, idleStopMs: IDLE_STOP_MS });
  registerWatchEndpoint(app, ctx, { cache });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  wsUrl = `${address.replace(/^http/, 'ws')}/api/v1/ws/watch`;
});

// Clients of earlier tests would otherwise keep receiving (and holding) later tests' events.
afterEach(() => {
  for (const c of clients.splice(0)) c.ws.terminate();
});

afterAll(async () => {
  shutdown.abort();
  await app?.close();
  await sim?.stop();
});

/** A watch client that parses and keeps every frame it receives. */
class WatchTestClient {
  readonly messages: WatchServerMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      expect(isBinary).toBe(false);
      const parsed = parseWatchServerMessage(String(data));
      if (!parsed.ok) throw new Error(`unparseable frame: ${parsed.error}`);
      this.messages.push(parsed.value);
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Resolves with the first frame from index `from` on that satisfies `predicate`, and its index. */
  async next(predicate: (m: WatchServerMessage) => boolean, what: string, from = 0): Promise<{ message: WatchServerMessage; index: number }> {
    let index = -1;
    await until(() => (index = this.messages.findIndex((m, i) => i >= from && predicate(m))) >= 0, what, 15_000);
    return { message: this.messages[index] as WatchServerMessage, index };
  }

  /** Subscribes and resolves with the snapshot: the ADDED frames between the request and its SYNCED. */
  async subscribe(key: WatchKey): Promise<WatchEvent[]> {
    const from = this.messages.length;
    this.send({ action: 'subscribe', ...key });
    const { index } = await this.next((m) => m.type === 'SYNCED' && sameKey(m, key), `SYNCED ${JSON.stringify(key)}`, from);
    return this.messages.slice(from, index).filter(isEvent).filter((e) => e.type === 'ADDED');
  }

  /** The next frame of `type` about object `name`, from index `from` on. */
  async event(type: WatchEvent['type'], name: string, from = 0): Promise<WatchEvent & { index: number }> {
    const { message, index } = await this.next((m) => isEvent(m) && m.type === type && nameOf(m) === name, `${type} ${name}`, from);
    return { ...(message as WatchEvent), index };
  }

  /** Every event frame about object `name`. */
  eventsAbout(name: string): WatchEvent[] {
    return this.messages.filter(isEvent).filter((e) => nameOf(e) === name);
  }
}

async function connect(query: string): Promise<WatchTestClient> {
  const client = new WatchTestClient(new WebSocket(`${wsUrl}?${query}`));
  clients.push(client);
  await new Promise<void>((resolve, reject) => {
    client.ws.once('open', () => resolve());
    client.ws.once('error', reject);
  });
  return client;
}

function isEvent(m: WatchServerMessage): m is WatchEvent {
  return m.type === 'ADDED' || m.type === 'MODIFIED' || m.type === 'DELETED';
}

function nameOf(e: WatchServerMessage): string | undefined {
  return isEvent(e) ? e.object.metadata?.name : undefined;
}

function sameKey(m: WatchServerMessage, key: WatchKey): boolean {
  return m.type === 'SYNCED' && m.cluster === key.cluster && m.namespace === key.namespace && m.resource === key.resource && (m.labelSelector ?? '') === (key.labelSelector ?? '');
}

function configMap(name: string, labels: Record<string, string> = {}, data: Record<string, string> = { k: 'v' }): V1ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data };
}

/** Objects of the emulator's store, by name: what a snapshot must contain. */
function storedNames(kind: string, namespace: string): string[] {
  const store = sim.cluster('prod-us').store;
  return store.list(store.typeOf(kind), namespace).map((o) => o.metadata.name).sort();
}

const podsInDefault: WatchKey = { cluster: 'prod-us', namespace: 'default', resource: 'pods' };

describe('snapshot and live events', () => {
  it('the seed example: subscribing to prod-us/default/pods yields ADDED for the default pods, my-pod included, then SYNCED', async () => {
    const client = await connect('role=viewer');
    // Sent before admission finishes: the endpoint must hold it, not drop it.
    client.send({ action: 'subscribe', ...podsInDefault });
    const { index } = await client.next((m) => m.type === 'SYNCED', 'SYNCED');
    expect(client.messages[index]).toEqual({ type: 'SYNCED', cluster: 'prod-us', namespace: 'default', resource: 'pods' });
    const added = client.messages.slice(0, index);
    expect(added.every((m) => m.type === 'ADDED' && m.cluster === 'prod-us' && m.resource === 'pods' && m.object.metadata?.namespace === 'default')).toBe(true);
    const names = added.map(nameOf).sort();
    expect(names).toContain('my-pod');
    expect(names).toEqual(storedNames('Pod', 'default'));
    const myPod = added.find((m) => nameOf(m) === 'my-pod') as WatchEvent;
    expect(myPod.object).toMatchObject({ apiVersion: 'v1', kind: 'Pod', spec: { containers: [{ name: 'app' }] } });
  });

  it('creating, patching and deleting a pod through the API yields ADDED, MODIFIED and DELETED', async () => {
    const client = await connect('role=viewer');
    await client.subscribe(podsInDefault);
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'watched' }, spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] } };
    await api.createNamespacedPod({ namespace: 'default', body: pod });
    const added = await client.event('ADDED', 'watched');
    await api.patchNamespacedPod({ namespace: 'default', name: 'watched', body: [{ op: 'add', path: '/metadata/labels', value: { touched: 'yes' } }] });
    const modified = await client.next((m) => isEvent(m) && m.type === 'MODIFIED' && m.object.metadata?.labels?.touched === 'yes', 'MODIFIED with the label', added.index);
    await api.deleteNamespacedPod({ namespace: 'default', name: 'watched' });
    const deleted = await client.event('DELETED', 'watched', modified.index);
    expect(deleted).toMatchObject({ cluster: 'prod-us', resource: 'pods', object: { metadata: { name: 'watched', namespace: 'default' } } });
  });

  it('unsubscribe stops the events of that key only', async () => {
    const client = await connect('role=viewer');
    await client.subscribe(podsInDefault);
    await client.subscribe({ cluster: 'prod-us', namespace: 'shop', resource: 'pods' });
    client.send({ action: 'unsubscribe', ...podsInDefault });
    // The unsubscribe is processed before anything sent after it; a resubscribe would answer with SYNCED.
    await client.subscribe({ cluster: 'prod-us', namespace: 'shop', resource: 'pods' });
    const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] } });
    await api.createNamespacedPod({ namespace: 'default', body: pod('after-unsubscribe') });
    await api.createNamespacedPod({ namespace: 'shop', body: pod('barrier') });
    // One informer, one ordered stream: had the first pod been sent, it would precede the barrier.
    await client.event('ADDED', 'barrier');
    await new Promise((r) => setTimeout(r, 300));
    expect(client.eventsAbout('after-unsubscribe')).toEqual([]);
    await api.deleteNamespacedPod({ namespace: 'default', name: 'after-unsubscribe' });
    await api.deleteNamespacedPod({ namespace: 'shop', name: 'barrier' });
  });

  it('overlapping subscriptions each get their snapshot, but every live event arrives once', async () => {
    const client = await connect('role=viewer');
    const keys: WatchKey[] = [
      { cluster: 'prod-us', namespace: 'default', resource: 'configmaps' },
      { cluster: 'prod-us', namespace: '', resource: 'configmaps' },
      { cluster: 'prod-us', namespace: 'default', resource: 'configmaps', labelSelector: 'overlap=yes' },
      { cluster: 'prod-us', namespace: 'default', resource: '*' },
    ];
    for (const key of keys.slice(0, 2)) expect((await client.subscribe(key)).map(nameOf)).toContain('kube-root-ca.crt');
    for (const key of keys.slice(2)) await client.subscribe(key);
    const from = client.messages.length;
    await api.createNamespacedConfigMap({ namespace: 'default', body: configMap('overlap', { overlap: 'yes' }) });
    await api.patchNamespacedConfigMap({ namespace: 'default', name: 'overlap', body: [{ op: 'add', path: '/data/more', value: 'x' }] });
    await api.createNamespacedConfigMap({ namespace: 'shop', body: configMap('overlap-barrier') });
    await client.event('ADDED', 'overlap-barrier', from);
    expect(client.eventsAbout('overlap').map((e) => e.type)).toEqual(['ADDED', 'MODIFIED']);
  });

  it('a labelSelector selects the snapshot and live events, and a MODIFIED leaving the selection is still sent', async () => {
    await api.createNamespacedConfigMap({ namespace: 'default', body: configMap('sel-web', { tier: 'web' }) });
    await api.createNamespacedConfigMap({ namespace: 'default', body: configMap('sel-db', { tier: 'db' }) });
    const client = await connect('role=viewer');
    const key: WatchKey = { cluster: 'prod-us', namespace: 'default', resource: 'configmaps', labelSelector: 'tier=web' };
    const snapshot = await client.subscribe(key);
    expect(snapshot.map(nameOf)).toEqual(['sel-web']);
    expect(client.messages.at(-1)).toEqual({ type: 'SYNCED', ...key });
    const label = (tier: string) => [{ op: 'replace', path: '/metadata/labels/tier', value: tier }];
    await api.patchNamespacedConfigMap({ namespace: 'default', name: 'sel-web', body: label('db') });
    const left = await client.event('MODIFIED', 'sel-web');
    expect(left.object.metadata?.labels).toEqual({ tier: 'db' });
    await api.patchNamespacedConfigMap({ namespace: 'default', name: 'sel-db', body: label('web') });
    const joined = await client.event('MODIFIED', 'sel-db', left.index);
    // Out of the selection now: further changes to sel-web are not sent (sel-db's next change is the barrier).
    await api.patchNamespacedConfigMap({ namespace: 'default', name: 'sel-web', body: [{ op: 'add', path: '/data/more', value: 'x' }] });
    await api.patchNamespacedConfigMap({ namespace: 'default', name: 'sel-db', body: [{ op: 'add', path: '/data/more', value: 'x' }] });
    await client.next((m) => isEvent(m) && nameOf(m) === 'sel-db' && m.object.data !== undefined && 'more' in (m.object.data as object), 'sel-db barrier', joined.index + 1);
    expect(client.eventsAbout('sel-web').map((e) => e.type)).toEqual(['ADDED', 'MODIFIED']);
  });

  it('resource "*" covers every cached type of the namespace, and resubscribing re-sends the snapshot', async () => {
    const client = await connect('role=operator');
    const key: WatchKey = { cluster: 'prod-us', namespace: 'default', resource: '*' };
    const snapshot = await client.subscribe(key);
    const types = new Set(snapshot.map((e) => e.resource));
    for (const t of ['pods', 'services', 'configmaps', 'secrets', 'deployments', 'replicasets']) expect(types).toContain(t);
    expect(types).not.toContain('nodes');
    expect(snapshot.every((e) => e.object.metadata?.namespace === 'default')).toBe(true);
    expect(snapshot.find((e) => nameOf(e) === 'my-pod')?.resource).toBe('pods');
    const again = await client.subscribe(key);
    expect(again.map((e) => `${e.resource}/${nameOf(e)}`).sort()).toEqual(snapshot.map((e) => `${e.resource}/${nameOf(e)}`).sort());
    await api.createNamespacedConfigMap({ namespace: 'default', body: configMap('star') });
    expect(await client.event('ADDED', 'star')).toMatchObject({ resource: 'configmaps', cluster: 'prod-us' });
  });

  it('all namespaces with resource "*" include cluster-scoped types', async () => {
    const client = await connect('role=admin');
    const snapshot = await client.subscribe({ cluster: 'prod-us', namespace: '', resource: '*' });
    const types = new Set(snapshot.map((e) => e.resource));
    expect(types).toContain('nodes');
    expect(types).toContain('namespaces');
  });
});

describe('what clients may see', () => {
  it('secret values are redacted for a viewer, keys kept, and sent as they are to an operator', async () => {
    const key: WatchKey = { cluster: 'prod-us', namespace: 'default', resource: 'secrets' };
    const viewer = await connect('role=viewer');
    const operator = await connect('role=operator');
    const seen = await viewer.subscribe(key);
    const full = await operator.subscribe(key);
    expect(seen.find((e) => nameOf(e) === 'db-credentials')?.object.data).toEqual({ username: '', password: '' });
    const data = full.find((e) => nameOf(e) === 'db-credentials')?.object.data as Record<string, string>;
    expect(Buffer.from(data.username ?? '', 'base64').toString()).toBe('app');
    expect(data.password).not.toBe('');
    await api.createNamespacedSecret({ namespace: 'default', body: { metadata: { name: 'live-secret' }, data: { token: Buffer.from('s3cret').toString('base64') } } });
    expect((await viewer.event('ADDED', 'live-secret')).object.data).toEqual({ token: '' });
    expect((await operator.event('ADDED', 'live-secret')).object.data).toEqual({ token: Buffer.from('s3cret').toString('base64') });
  });

  it('managedFields are stripped from snapshots and live events', async () => {
    const managedFields = [{ manager: 'kubectl', operation: 'Apply', apiVersion: 'v1', time: new Date(), fieldsType: 'FieldsV1', fieldsV1: {} }];
    await api.createNamespacedConfigMap({ namespace: 'monitoring', body: { ...configMap('managed-old'), metadata: { name: 'managed-old', managedFields } } });
    const store = sim.cluster('prod-us').store;
    // The emulator keeps them, so their absence below is the gateway's doing.
    expect(store.get(store.typeOf('ConfigMap'), 'monitoring', 'managed-old')?.metadata.managedFields).toHaveLength(1);
    const client = await connect('role=admin');
    const snapshot = await client.subscribe({ cluster: 'prod-us', namespace: 'monitoring', resource: 'configmaps' });
    const old = snapshot.find((e) => nameOf(e) === 'managed-old');
    expect(old?.object.metadata).toMatchObject({ name: 'managed-old', namespace: 'monitoring' });
    expect(old?.object.metadata).not.toHaveProperty('managedFields');
    await api.createNamespacedConfigMap({ namespace: 'monitoring', body: { ...configMap('managed-new'), metadata: { name: 'managed-new', managedFields } } });
    expect((await client.event('ADDED', 'managed-new')).object.metadata).not.toHaveProperty('managedFields');
  });
});

describe('ERROR frames', () => {
  it('answers bad subscribes and bad frames with ERROR and keeps the socket open', async () => {
    const client = await connect('role=viewer&namespaces=default');
    const error = async (message: unknown) => {
      const from = client.messages.length;
      client.send(message);
      return (await client.next((m) => m.type === 'ERROR', `ERROR for ${JSON.stringify(message)}`, from)).message;
    };
    expect(await error({ action: 'subscribe', cluster: 'nope', namespace: 'default', resource: 'pods' })).toMatchObject({
      type: 'ERROR',
      cluster: 'nope',
      namespace: 'default',
      resource: 'pods',
      code: 404,
    });
    expect(await error({ action: 'subscribe', cluster: 'prod-us', namespace: 'default', resource: 'widgets' })).toMatchObject({ code: 404, resource: 'widgets' });
    expect(await error({ action: 'subscribe', cluster: 'prod-us', namespace: 'shop', resource: 'pods' })).toMatchObject({ code: 403, namespace: 'shop' });
    expect(await error({ action: 'subscribe', cluster: 'prod-us', namespace: '', resource: 'pods' })).toMatchObject({ code: 403, namespace: '' });
    expect(await error({ action: 'subscribe', ...podsInDefault, labelSelector: 'tier in (web' })).toMatchObject({ code: 400, labelSelector: 'tier in (web', resource: 'pods' });
    expect(await error('not json {')).toMatchObject({ code: 400, message: 'invalid JSON' });
    expect(await error({ action: 'dance', ...podsInDefault })).toMatchObject({ code: 400 });
    expect(await error({ action: 'subscribe', cluster: 'prod-us' })).toMatchObject({ code: 400 });
    expect(await error([1, 2, 3])).toMatchObject({ code: 400 });
    const from = client.messages.length;
    client.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    await client.next((m) => m.type === 'ERROR' && m.code === 400, 'ERROR for a binary frame', from);
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    expect((await client.subscribe(podsInDefault)).map(nameOf)).toContain('my-pod');
  });

  it('a cluster that cannot be reached answers 502 while others keep working', async () => {
    const client = await connect('role=admin');
    const from = client.messages.length;
    client.send({ action: 'subscribe', cluster: 'dead', namespace: '', resource: 'pods' });
    expect((await client.next((m) => m.type === 'ERROR', 'ERROR 502', from)).message).toMatchObject({ code: 502, cluster: 'dead', resource: 'pods' });
    expect((await client.subscribe(podsInDefault)).map(nameOf)).toContain('my-pod');
  });

  it('invalid UTF-8 closes only that socket; the gateway serves on', async () => {
    const bad = await connect('role=viewer');
    bad.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect((await bad.closed).code).toBe(1007);
    const good = await connect('role=viewer');
    expect((await good.subscribe(podsInDefault)).map(nameOf)).toContain('my-pod');
  });
});

/** Heap plus buffers (socket write queues live outside the JS heap), after a full collection. */
function retainedBytes(gc: () => void): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

describe('flow control', () => {
  it('a client that stops reading under an event flood is closed with 4408 and the gateway memory stays bounded', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const key: WatchKey = { cluster: 'prod-us', namespace: 'kube-public', resource: 'configmaps' };
    const store = sim.cluster('prod-us').store;
    const cmType = store.typeOf('ConfigMap');
    store.create(cmType, 'kube-public', configMap('flood'));

    const slow = await connect('role=viewer');
    await slow.subscribe(key);
    const slowServerSide = serverCloses.at(-1);
    // A healthy reader on the same key that only counts, so the test itself holds no frames.
    const healthy = new WebSocket(`${wsUrl}?role=viewer`);
    let synced = false;
    let received = 0;
    let lastSeq = -1;
    healthy.on('message', (data) => {
      const text = String(data);
      const m = /"seq":"(\d+)"/.exec(text);
      if (m) {
        received++;
        lastSeq = Number(m[1]);
      }
      if (text.startsWith('{"type":"SYNCED"')) synced = true;
    });
    await new Promise((r) => healthy.once('open', r));
    healthy.send(JSON.stringify({ action: 'subscribe', ...key }));
    await until(() => synced, 'the healthy client to sync');

    (slow.ws as unknown as { _socket: Socket })._socket.pause();
    const before = retainedBytes(gc);
    const blob = 'x'.repeat(64 * 1024);
    const EVENTS = 1500;
    for (let i = 0; i < EVENTS; i++) {
      store.update(cmType, 'kube-public', 'flood', (c) => ({ ...c, data: { seq: String(i), blob } }));
      if (i % 10 === 9) await nextTurn();
    }
    await until(() => lastSeq === EVENTS - 1, 'the healthy client to receive the whole flood', 60_000);
    const grown = retainedBytes(gc) - before;

    expect(received).toBeGreaterThanOrEqual(EVENTS);
    expect(slowServerSide?.mock.calls.map((c) => c[0])).toContain(CloseCode.SlowConsumer);
    // 1,500 frames of 64 KiB (about 96 MiB) went out; an unbounded queue for the slow client would hold most of them.
    expect(grown).toBeLessThan(24 * 1024 * 1024);
    (slow.ws as unknown as { _socket: Socket })._socket.resume();
    // The close frame waits behind the backlog: a client that reads again learns why it was dropped.
    expect((await slow.closed).code).toBe(CloseCode.SlowConsumer);
    healthy.terminate();
  }, 90_000);
});

describe('informer lifecycle', () => {
  it('an informer without subscribers stops after the idle delay and starts again on the next subscribe', async () => {
    const key: WatchKey = { cluster: 'staging-eu', namespace: 'default', resource: 'pods' };
    const client = await connect('role=viewer');
    expect(cache.running()).not.toContain('staging-eu/pods');
    expect((await client.subscribe(key)).map(nameOf)).toContain('my-pod');
    expect(cache.running()).toContain('staging-eu/pods');
    client.send({ action: 'unsubscribe', ...key });
    await new Promise((r) => setTimeout(r, IDLE_STOP_MS / 2));
    expect(cache.running()).toContain('staging-eu/pods');
    await until(() => !cache.running().includes('staging-eu/pods'), 'the idle stop', IDLE_STOP_MS * 3);
    expect((await client.subscribe(key)).map(nameOf)).toContain('my-pod');
    expect(cache.running()).toContain('staging-eu/pods');
  });

  it('relists after the API server forgets the watch history (410) without losing or inventing objects', async () => {
    const client = await connect('role=viewer');
    const key: WatchKey = { cluster: 'prod-us', namespace: 'shop', resource: 'configmaps' };
    const before = await client.subscribe(key);
    const from = client.messages.length;
    sim.restartHistory();
    await api.createNamespacedConfigMap({ namespace: 'shop', body: configMap('after-410') });
    await client.event('ADDED', 'after-410', from);
    const again = await client.subscribe(key);
    expect(again.map(nameOf).sort()).toEqual([...before.map(nameOf), 'after-410'].sort());
    expect(client.messages.slice(from).filter((m) => m.type === 'DELETED')).toEqual([]);
  });

  it('shutdown stops every informer', async () => {
    const client = await connect('role=viewer');
    await client.subscribe(podsInDefault);
    expect(cache.running().length).toBeGreaterThan(0);
    shutdown.abort();
    expect(cache.running()).toEqual([]);
  });
});
