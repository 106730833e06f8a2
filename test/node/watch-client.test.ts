/**
 * The real WatchClient over a real ReconnectingSocket (global WebSocket of Node 20 with
 * --experimental-websocket) against a fake watch endpoint on a real `ws` server (DESIGN §3-§5).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeVisionClient } from '../../src/core/client.ts';
import type { KubeObject, WatchKey } from '../../src/core/protocol.ts';
import type { ProtocolErrorInfo } from '../../src/core/watch-client.ts';
import type { SubscriptionState, WatchSnapshot } from '../../src/core/watch-subscription.ts';
import { startWatchServer, type WatchServer, type WatchServerOptions } from '../support/watch-server.ts';
import { until } from '../support/ws-server.ts';
import { testClient } from '../support/test-client.ts';

const CLUSTER = 'prod-us';

const servers: WatchServer[] = [];
const clients: KubeVisionClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.dispose();
  for (const server of servers.splice(0)) await server.close();
});

async function startServer(options: WatchServerOptions = {}): Promise<WatchServer> {
  const server = await startWatchServer(options);
  servers.push(server);
  return server;
}

function makeClient(server: WatchServer): KubeVisionClient {
  const client = testClient(server.httpUrl);
  clients.push(client);
  return client;
}

function pod(name: string, namespace = 'default', labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, uid: `uid-${namespace}-${name}`, labels } };
}

function configMap(name: string, namespace = 'default'): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, uid: `uid-cm-${namespace}-${name}` }, data: {} };
}

function service(name: string, namespace = 'default'): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, uid: `uid-svc-${namespace}-${name}` } };
}

const names = (items: readonly KubeObject[]): string[] => items.map((o) => o.metadata?.name ?? '?');
const sortedNames = (items: readonly KubeObject[]): string[] => names(items).sort();

/** Records every snapshot a listener receives. */
class Recorder {
  readonly snapshots: WatchSnapshot[] = [];
  readonly listener = (snapshot: WatchSnapshot): void => {
    this.snapshots.push(snapshot);
  };

  get latest(): WatchSnapshot | undefined {
    return this.snapshots.at(-1);
  }

  get state(): SubscriptionState | undefined {
    return this.latest?.status.state;
  }

  get items(): readonly KubeObject[] {
    return this.latest?.items ?? [];
  }

  get states(): SubscriptionState[] {
    return this.snapshots.map((s) => s.status.state);
  }

  async untilLive(what = 'the subscription to be live'): Promise<void> {
    await until(() => this.state === 'live', what);
  }
}

function watch(client: KubeVisionClient, key: WatchKey): { recorder: Recorder; off: () => void } {
  const recorder = new Recorder();
  const off = client.watch.watch(key, recorder.listener);
  return { recorder, off };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const podsDefault: WatchKey = { cluster: CLUSTER, namespace: 'default', resource: 'pods' };

describe('WatchClient against a watch endpoint', () => {
  it('delivers the snapshot objects and goes syncing -> live with synced true', async () => {
    const server = await startServer();
    server.putSilently(CLUSTER, 'pods', pod('a'));
    server.putSilently(CLUSTER, 'pods', pod('b'));
    server.putSilently(CLUSTER, 'pods', pod('other', 'kube-system'));
    server.putSilently(CLUSTER, 'configmaps', configMap('cm'));
    const client = makeClient(server);

    server.holdSynced();
    const { recorder } = watch(client, podsDefault);

    // The snapshot objects arrive first: syncing, not yet synced.
    await until(() => recorder.items.length === 2, 'the snapshot objects');
    expect(sortedNames(recorder.items)).toEqual(['a', 'b']);
    expect(recorder.state).toBe('syncing');
    expect(recorder.latest?.synced).toBe(false);
    expect(recorder.states).not.toContain('live');

    // SYNCED makes it live.
    server.releaseSynced();
    await recorder.untilLive();
    expect(sortedNames(recorder.items)).toEqual(['a', 'b']);
    expect(recorder.latest?.synced).toBe(true);
    expect(recorder.latest?.key).toEqual(podsDefault);
    const liveIndex = recorder.states.indexOf('live');
    expect(recorder.states[liveIndex - 1]).toBe('syncing');
    expect(recorder.snapshots.slice(0, liveIndex).every((s) => !s.synced)).toBe(true);
    expect(client.watch.getSnapshot(podsDefault)).toBe(recorder.latest);

    // The ticket request got a 404, so the client connected with the token.
    expect(server.connections).toHaveLength(1);
    expect(server.connections[0]?.conn.url.searchParams.get('token')).toBe('test-token');
    expect(server.received()).toEqual([{ action: 'subscribe', ...podsDefault }]);
  });

  it('reference counts subscriptions and delays the last unsubscribe by the linger', async () => {
    const server = await startServer();
    server.putSilently(CLUSTER, 'pods', pod('a'));
    const client = makeClient(server);
    // A second subscription keeps the socket open after pods/default is released.
    const keeper = watch(client, { cluster: CLUSTER, namespace: 'default', resource: 'configmaps' });
    await keeper.recorder.untilLive();

    // Subscribe, unsubscribe and subscribe again within the linger: one subscribe, no unsubscribe.
    const first = watch(client, podsDefault);
    await first.recorder.untilLive();
    first.off();
    const second = watch(client, podsDefault);
    await until(() => second.recorder.state === 'live', 'the second listener to get the live snapshot');
    expect(names(second.recorder.items)).toEqual(['a']);
    await sleep(250); // longer than the 100 ms linger: prove no unsubscribe is sent
    const podMessages = (): string[] =>
      server.received().filter((m) => m.resource === 'pods').map((m) => m.action);
    expect(podMessages()).toEqual(['subscribe']);

    // A second listener on the same key shares the one server subscription.
    const third = watch(client, podsDefault);
    await until(() => third.recorder.state === 'live', 'the third listener to get the snapshot');
    expect(third.recorder.latest).toBe(second.recorder.latest);
    server.put(CLUSTER, 'pods', pod('b'));
    await until(() => second.recorder.items.length === 2 && third.recorder.items.length === 2, 'both listeners to see pod b');
    expect(podMessages()).toEqual(['subscribe']);
    expect(client.watch.subscriptionCount).toBe(2);

    // Releasing one listener keeps the subscription; the other still gets events.
    second.off();
    await sleep(250);
    expect(podMessages()).toEqual(['subscribe']);
    server.put(CLUSTER, 'pods', pod('c'));
    await until(() => third.recorder.items.length === 3, 'the remaining listener to see pod c');

    // The last release sends exactly one unsubscribe, after the linger.
    const released = Date.now();
    third.off();
    await until(() => podMessages().length === 2, 'the unsubscribe');
    expect(Date.now() - released).toBeGreaterThanOrEqual(90);
    expect(podMessages()).toEqual(['subscribe', 'unsubscribe']);
    expect(server.received('unsubscribe')).toEqual([{ action: 'unsubscribe', ...podsDefault }]);
    await sleep(150);
    expect(podMessages()).toEqual(['subscribe', 'unsubscribe']);
    expect(client.watch.subscriptionCount).toBe(1);
    expect(server.connections).toHaveLength(1);
  });

  it('prunes objects missed while disconnected when the resubscribe is SYNCED', async () => {
    const server = await startServer();
    for (const name of ['a', 'b', 'c']) server.putSilently(CLUSTER, 'pods', pod(name));
    const client = makeClient(server);
    const { recorder } = watch(client, podsDefault);
    await recorder.untilLive();
    expect(sortedNames(recorder.items)).toEqual(['a', 'b', 'c']);
    const liveAt = recorder.snapshots.length;

    server.dropAll();
    // Changes the client cannot see: it is cut off, and they are made without events.
    server.removeSilently(CLUSTER, 'pods', 'default', 'b');
    server.putSilently(CLUSTER, 'pods', pod('d'));

    await until(() => server.connections.length === 2, 'the automatic reconnect');
    await until(() => recorder.snapshots.length > liveAt && recorder.state === 'live', 'the resubscription to be live');
    expect(sortedNames(recorder.items)).toEqual(['a', 'c', 'd']);
    const after = recorder.states.slice(liveAt);
    expect(after).toContain('reconnecting');
    expect(after.indexOf('reconnecting')).toBeLessThan(after.lastIndexOf('live'));
    expect(recorder.latest?.synced).toBe(true);
    expect(server.connections[1]?.messages).toEqual([{ action: 'subscribe', ...podsDefault }]);
  });

  it('routes one event per connection to every overlapping subscription', async () => {
    const server = await startServer();
    server.putSilently(CLUSTER, 'pods', pod('web-1', 'default', { app: 'web' }));
    server.putSilently(CLUSTER, 'pods', pod('db-1', 'default', { app: 'db' }));
    server.putSilently(CLUSTER, 'pods', pod('dns-1', 'kube-system', { app: 'dns' }));
    const client = makeClient(server);
    const inDefault = watch(client, podsDefault).recorder;
    const everywhere = watch(client, { cluster: CLUSTER, namespace: '', resource: 'pods' }).recorder;
    const webKey: WatchKey = { cluster: CLUSTER, namespace: 'default', resource: 'pods', labelSelector: 'app=web' };
    const web = watch(client, webKey).recorder;
    await inDefault.untilLive();
    await everywhere.untilLive();
    await web.untilLive('the selector subscription to be live');
    expect(sortedNames(inDefault.items)).toEqual(['db-1', 'web-1']);
    expect(sortedNames(everywhere.items)).toEqual(['db-1', 'dns-1', 'web-1']);
    expect(sortedNames(web.items)).toEqual(['web-1']);

    const conn = server.connections[0];
    if (!conn) throw new Error('no connection');
    expect(conn.subscriptions.size).toBe(3);
    const sentBefore = conn.sent.length;

    // One ADDED frame reaches all three subscriptions.
    server.put(CLUSTER, 'pods', pod('web-2', 'default', { app: 'web' }));
    expect(conn.sent.length - sentBefore).toBe(1);
    await until(
      () => inDefault.items.length === 3 && everywhere.items.length === 4 && web.items.length === 2,
      'web-2 in every subscription',
    );

    // An event in another namespace only reaches the all-namespaces subscription.
    server.put(CLUSTER, 'pods', pod('dns-2', 'kube-system', { app: 'dns' }));
    await until(() => everywhere.items.length === 5, 'dns-2 in the all-namespaces subscription');

    // A MODIFIED that moves web-2 out of the selector removes it from the selector subscription only.
    const sentBeforeModify = conn.sent.length;
    server.put(CLUSTER, 'pods', pod('web-2', 'default', { app: 'api' }));
    expect(conn.sent.length - sentBeforeModify).toBe(1);
    await until(() => sortedNames(web.items).join() === 'web-1', 'web-2 to leave the selector subscription');
    const labelsOf = (items: readonly KubeObject[], name: string): Record<string, string> | undefined =>
      items.find((o) => o.metadata?.name === name)?.metadata?.labels;
    await until(
      () => labelsOf(inDefault.items, 'web-2')?.app === 'api' && labelsOf(everywhere.items, 'web-2')?.app === 'api',
      'the modified web-2 in the other subscriptions',
    );
    expect(sortedNames(inDefault.items)).toEqual(['db-1', 'web-1', 'web-2']);
    expect(sortedNames(everywhere.items)).toEqual(['db-1', 'dns-1', 'dns-2', 'web-1', 'web-2']);
    expect(sortedNames(web.items)).toEqual(['web-1']);

    // A DELETED reaches every subscription holding the object.
    server.remove(CLUSTER, 'pods', 'default', 'web-1');
    await until(
      () => !names(inDefault.items).includes('web-1') && !names(everywhere.items).includes('web-1') && web.items.length === 0,
      'web-1 to disappear everywhere',
    );

    // resource "*" gets events of several resource types.
    server.putSilently(CLUSTER, 'configmaps', configMap('settings'));
    const all = watch(client, { cluster: CLUSTER, namespace: 'default', resource: '*' }).recorder;
    await all.untilLive('the "*" subscription to be live');
    expect(sortedNames(all.items)).toEqual(['db-1', 'settings', 'web-2']);
    server.put(CLUSTER, 'services', service('frontend'));
    server.put(CLUSTER, 'configmaps', configMap('flags'));
    server.put(CLUSTER, 'pods', pod('web-3', 'default', { app: 'web' }));
    await until(() => all.items.length === 6, 'service, configmap and pod in the "*" subscription');
    expect(sortedNames(all.items)).toEqual(['db-1', 'flags', 'frontend', 'settings', 'web-2', 'web-3']);
    await until(() => names(web.items).includes('web-3') && names(inDefault.items).includes('web-3'), 'web-3 in the pod subscriptions');
    expect(names(inDefault.items)).not.toContain('flags');
    expect(names(inDefault.items)).not.toContain('frontend');
  });

  it('applies a burst of events in a few batches and keeps unchanged references', async () => {
    const server = await startServer();
    server.putSilently(CLUSTER, 'configmaps', configMap('quiet'));
    const client = makeClient(server);
    const pods = watch(client, podsDefault).recorder;
    const cmKey: WatchKey = { cluster: CLUSTER, namespace: 'default', resource: 'configmaps' };
    const cms = watch(client, cmKey).recorder;
    await pods.untilLive();
    await cms.untilLive();
    await sleep(50); // let any trailing flush run before counting
    const podCallsBefore = pods.snapshots.length;
    const cmCallsBefore = cms.snapshots.length;
    const cmSnapshot = client.watch.getSnapshot(cmKey);
    expect(cmSnapshot).toBe(cms.latest);

    const total = 500;
    for (let i = 0; i < total; i++) server.put(CLUSTER, 'pods', pod(`pod-${i}`));
    await until(() => pods.items.length === total, `${total} pods`);

    const calls = pods.snapshots.length - podCallsBefore;
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThanOrEqual(10);
    expect(names(pods.items)).toEqual(Array.from({ length: total }, (_, i) => `pod-${i}`));
    expect(Object.isFrozen(pods.items)).toBe(true);

    // The configmap subscription did not change: no call, same snapshot object.
    await sleep(50);
    expect(cms.snapshots.length).toBe(cmCallsBefore);
    expect(client.watch.getSnapshot(cmKey)).toBe(cmSnapshot);

    // With nothing new, asking again gives the very same snapshot.
    const podSnapshot = client.watch.getSnapshot(podsDefault);
    expect(podSnapshot).toBe(pods.latest);
    expect(client.watch.getSnapshot(podsDefault)).toBe(podSnapshot);

    // A status-only change (the connection drops) gives a new snapshot with the same items array.
    const itemsBefore = pods.items;
    const cmItemsBefore = cms.items;
    server.dropAll();
    await until(() => pods.state === 'reconnecting' && cms.state === 'reconnecting', 'the reconnecting status');
    expect(pods.latest).not.toBe(podSnapshot);
    expect(pods.items).toBe(itemsBefore);
    expect(cms.items).toBe(cmItemsBefore);
  });

  it('ignores malformed frames, reports them and keeps working', async () => {
    const server = await startServer();
    server.putSilently(CLUSTER, 'pods', pod('a'));
    const client = makeClient(server);
    const errors: ProtocolErrorInfo[] = [];
    client.watch.onProtocolError((info) => errors.push(info));
    const { recorder } = watch(client, podsDefault);
    await recorder.untilLive();
    const before = recorder.latest;

    server.sendRaw('{"type": "ADDED", this is not json');
    server.sendRaw(JSON.stringify({ type: 'BOOKMARK', cluster: CLUSTER, resource: 'pods' }));
    server.sendRaw(JSON.stringify({ type: 'ADDED', cluster: CLUSTER, resource: 'pods', object: { kind: 'Pod', spec: {} } }));
    server.sendRaw(Buffer.from([1, 2, 3, 4]));
    await until(() => errors.length === 4, 'four protocol errors');

    expect(errors[0]?.error).toMatch(/invalid JSON/);
    expect(errors[0]?.excerpt).toContain('this is not json');
    expect(errors[1]?.error).toMatch(/unknown message type "BOOKMARK"/);
    expect(errors[2]?.error).toMatch(/metadata/);
    expect(errors[3]?.error).toMatch(/binary/);
    expect(errors[3]?.excerpt).toContain('4 bytes');

    // Nothing changed, and the socket and subscription still work.
    expect(recorder.latest).toBe(before);
    expect(recorder.state).toBe('live');
    expect(client.connection.status.state).toBe('open');
    server.put(CLUSTER, 'pods', pod('b'));
    await until(() => recorder.items.length === 2, 'the next event after the bad frames');
    expect(sortedNames(recorder.items)).toEqual(['a', 'b']);
    expect(server.connections).toHaveLength(1);
    expect(server.open()).toHaveLength(1);
  });

  it('puts only the subscription named by an ERROR frame into error, with the socket open', async () => {
    const secretsKey: WatchKey = { cluster: CLUSTER, namespace: 'default', resource: 'secrets' };
    const server = await startServer({
      refuse: (key) => (key.resource === 'secrets' ? { code: 403, message: 'secrets are forbidden' } : null),
    });
    server.putSilently(CLUSTER, 'pods', pod('a'));
    server.putSilently(CLUSTER, 'configmaps', configMap('cm'));
    const client = makeClient(server);
    const pods = watch(client, podsDefault).recorder;
    const cmKey: WatchKey = { cluster: CLUSTER, namespace: 'default', resource: 'configmaps' };
    const cms = watch(client, cmKey).recorder;
    const secrets = watch(client, secretsKey).recorder;
    await pods.untilLive();
    await cms.untilLive();

    // A refused subscribe answered with ERROR.
    await until(() => secrets.state === 'error', 'the refused subscription to be in error');
    expect(secrets.latest?.status).toMatchObject({ state: 'error', code: 403, reason: 'secrets are forbidden' });
    expect(secrets.latest?.synced).toBe(false);

    // An ERROR sent later about one live subscription.
    server.sendError(podsDefault, 404, 'resource pods went away');
    await until(() => pods.state === 'error', 'pods to be in error');
    expect(pods.latest?.status).toMatchObject({ state: 'error', code: 404, reason: 'resource pods went away' });
    expect(names(pods.items)).toEqual(['a']);

    expect(cms.state).toBe('live');
    expect(client.connection.status.state).toBe('open');
    expect(server.open()).toHaveLength(1);
    server.put(CLUSTER, 'configmaps', configMap('cm-2'));
    await until(() => cms.items.length === 2, 'the unaffected subscription to get the next event');
    expect(cms.state).toBe('live');
    expect(server.connections).toHaveLength(1);
  });

  it('stops on a 4403 close without reconnecting', async () => {
    const server = await startServer();
    server.putSilently(CLUSTER, 'pods', pod('a'));
    const client = makeClient(server);
    const pods = watch(client, podsDefault).recorder;
    const cms = watch(client, { cluster: CLUSTER, namespace: 'default', resource: 'configmaps' }).recorder;
    await pods.untilLive();
    await cms.untilLive();

    server.closeAll(4403, 'namespace default is not allowed');
    await until(() => pods.state === 'error' && cms.state === 'error', 'both subscriptions to be in error');
    expect(pods.latest?.status).toMatchObject({ state: 'error', code: 4403, reason: 'namespace default is not allowed' });
    expect(cms.latest?.status).toMatchObject({ state: 'error', code: 4403 });
    expect(client.connection.status.state).toBe('closed');

    await sleep(500); // prove that no reconnect happens
    expect(server.connections).toHaveLength(1);
    expect(client.connection.status.state).toBe('closed');
    expect(pods.state).toBe('error');
  });

  it('reconnects and resubscribes after a 1011 close', async () => {
    const server = await startServer();
    server.putSilently(CLUSTER, 'pods', pod('a'));
    const client = makeClient(server);
    const pods = watch(client, podsDefault).recorder;
    await pods.untilLive();
    const liveAt = pods.snapshots.length;

    server.closeAll(1011, 'internal error');
    await until(() => server.connections.length === 2, 'a new connection');
    await until(() => pods.snapshots.length > liveAt && pods.state === 'live', 'the resubscription to be live');
    const after = pods.states.slice(liveAt);
    expect(after).toContain('reconnecting');
    expect(after).not.toContain('error');
    expect(server.connections[1]?.messages).toEqual([{ action: 'subscribe', ...podsDefault }]);
    expect(client.connection.status.closeCode).toBe(1011);
    server.put(CLUSTER, 'pods', pod('b'));
    await until(() => pods.items.length === 2, 'live events on the new connection');
  });

  it('dispose closes the server-side socket and leaves no timer running', async () => {
    const server = await startServer();
    server.putSilently(CLUSTER, 'pods', pod('a'));
    const timeouts = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    // vitest's runner keeps a throttled task-update timer (100 ms) alive after a test starts: let it pass.
    await sleep(150);
    const before = timeouts();

    const client = makeClient(server);
    const { recorder } = watch(client, podsDefault);
    await recorder.untilLive();
    // Leave timers pending at dispose: a subscription waiting for its SYNCED (sync timeout) and a
    // released one inside its linger.
    server.holdSynced();
    const waiting = watch(client, { cluster: CLUSTER, namespace: 'default', resource: 'configmaps' });
    const lingering = watch(client, { cluster: CLUSTER, namespace: 'default', resource: 'services' });
    await until(() => server.received('subscribe').length === 3, 'the two further subscribes');
    lingering.off();
    expect(waiting.recorder.state).not.toBe('live');
    expect(timeouts()).toBeGreaterThan(before);

    client.dispose();
    const conn = server.connections[0];
    if (!conn) throw new Error('no connection');
    await until(() => conn.conn.socket.readyState === conn.conn.socket.CLOSED, 'the server-side socket to close');
    await sleep(50);
    expect(timeouts()).toBe(before);
    expect(client.connection.status.state).toBe('closed');
    const calls = recorder.snapshots.length;
    await sleep(100);
    expect(recorder.snapshots.length).toBe(calls);
    expect(server.connections).toHaveLength(1);
  });
});
