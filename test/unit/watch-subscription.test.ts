import { describe, expect, it } from 'vitest';
import type { KubeObject, WatchKey } from '../../src/core/protocol.ts';
import { WatchSubscription, objectKey } from '../../src/core/watch-subscription.ts';

const KEY: WatchKey = { cluster: 'prod-us', namespace: 'default', resource: 'pods' };

function pod(name: string, labels?: Record<string, string>, extra: Record<string, unknown> = {}): KubeObject {
  return { kind: 'Pod', metadata: { name, namespace: 'default', uid: `uid-${name}`, ...(labels ? { labels } : {}) }, ...extra };
}

const names = (sub: WatchSubscription): (string | undefined)[] => sub.getSnapshot().items.map((o) => o.metadata?.name);

/** A subscription that went through one full sync holding these pods. */
function liveWith(...pods: KubeObject[]): WatchSubscription {
  const sub = new WatchSubscription(KEY);
  sub.beginSync();
  for (const p of pods) sub.apply('ADDED', 'pods', p);
  sub.completeSync();
  return sub;
}

describe('objectKey', () => {
  it('uses metadata.uid when there is one', () => {
    expect(objectKey('pods', { metadata: { uid: 'abc', name: 'web', namespace: 'default' } })).toBe('abc');
  });

  it('falls back to resource/namespace/name without a uid', () => {
    expect(objectKey('pods', { metadata: { name: 'web', namespace: 'default' } })).toBe('pods/default/web');
    expect(objectKey('pods', { metadata: { name: 'web', namespace: 'default', uid: '' } })).toBe('pods/default/web');
    expect(objectKey('nodes', { metadata: { name: 'node-1' } })).toBe('nodes//node-1');
    expect(objectKey('pods', {})).toBe('pods//');
  });

  it('keeps objects of different resources or namespaces apart without a uid', () => {
    const keys = new Set([
      objectKey('pods', { metadata: { name: 'web', namespace: 'a' } }),
      objectKey('pods', { metadata: { name: 'web', namespace: 'b' } }),
      objectKey('services', { metadata: { name: 'web', namespace: 'a' } }),
    ]);
    expect(keys.size).toBe(3);
  });
});

describe('WatchSubscription: events', () => {
  it('starts connecting, empty and unsynced', () => {
    const snap = new WatchSubscription(KEY).getSnapshot();
    expect(snap).toMatchObject({ key: KEY, items: [], status: { state: 'connecting' }, synced: false });
  });

  it('adds, replaces in place and deletes objects, keeping first-seen order', () => {
    const sub = new WatchSubscription(KEY);
    sub.apply('ADDED', 'pods', pod('a'));
    sub.apply('ADDED', 'pods', pod('b'));
    sub.apply('ADDED', 'pods', pod('c'));
    expect(names(sub)).toEqual(['a', 'b', 'c']);

    const newA = pod('a', undefined, { status: { phase: 'Running' } });
    sub.apply('MODIFIED', 'pods', newA);
    expect(names(sub)).toEqual(['a', 'b', 'c']);
    expect(sub.getSnapshot().items[0]).toBe(newA);

    sub.apply('DELETED', 'pods', pod('b'));
    expect(names(sub)).toEqual(['a', 'c']);
  });

  it('ignores a DELETED for an object it does not hold', () => {
    const sub = liveWith(pod('a'));
    const before = sub.getSnapshot();
    sub.apply('DELETED', 'pods', pod('zzz'));
    expect(sub.getSnapshot()).toBe(before);
  });

  it('identifies objects without a uid by namespace and name', () => {
    const sub = new WatchSubscription(KEY);
    sub.apply('ADDED', 'pods', { metadata: { name: 'a', namespace: 'default' }, v: 1 });
    sub.apply('MODIFIED', 'pods', { metadata: { name: 'a', namespace: 'default' }, v: 2 });
    expect(sub.getSnapshot().items).toEqual([{ metadata: { name: 'a', namespace: 'default' }, v: 2 }]);
    sub.apply('DELETED', 'pods', { metadata: { name: 'a', namespace: 'default' } });
    expect(sub.getSnapshot().items).toEqual([]);
  });
});

describe('WatchSubscription: snapshot + SYNCED reconciliation', () => {
  it('goes syncing on beginSync and live and synced on completeSync', () => {
    const sub = new WatchSubscription(KEY);
    sub.beginSync();
    expect(sub.state).toBe('syncing');
    expect(sub.getSnapshot()).toMatchObject({ status: { state: 'syncing' }, synced: false });
    sub.apply('ADDED', 'pods', pod('a'));
    sub.completeSync();
    expect(sub.state).toBe('live');
    expect(sub.getSnapshot()).toMatchObject({ status: { state: 'live' }, synced: true });
    expect(names(sub)).toEqual(['a']);
  });

  it('after a resync prunes exactly the objects the snapshot did not contain', () => {
    const sub = liveWith(pod('a'), pod('b'), pod('c'), pod('d'));
    sub.setStatus({ state: 'reconnecting', retryAt: 123 });

    sub.beginSync();
    sub.apply('ADDED', 'pods', pod('d'));
    sub.apply('ADDED', 'pods', pod('b', { v: '2' }));
    sub.apply('ADDED', 'pods', pod('e'));
    // not pruned before SYNCED: the snapshot may still be arriving
    expect(names(sub)).toEqual(['a', 'b', 'c', 'd', 'e']);

    sub.completeSync();
    expect(names(sub)).toEqual(['b', 'd', 'e']);
    expect(sub.getSnapshot().items[0]?.metadata?.labels).toEqual({ v: '2' });
    expect(sub.getSnapshot().status).toEqual({ state: 'live' });
  });

  it('an empty snapshot empties the list', () => {
    const sub = liveWith(pod('a'), pod('b'));
    sub.beginSync();
    sub.completeSync();
    expect(names(sub)).toEqual([]);
    expect(sub.getSnapshot().synced).toBe(true);
  });

  it('an object deleted during the sync stays gone, even if the snapshot listed it first', () => {
    const sub = liveWith(pod('a'), pod('b'));
    sub.beginSync();
    sub.apply('ADDED', 'pods', pod('a'));
    sub.apply('ADDED', 'pods', pod('b'));
    sub.apply('DELETED', 'pods', pod('a'));
    sub.completeSync();
    expect(names(sub)).toEqual(['b']);
  });

  it('an object deleted during the sync before the snapshot listed it is gone as well', () => {
    const sub = liveWith(pod('a'), pod('b'));
    sub.beginSync();
    sub.apply('DELETED', 'pods', pod('a'));
    sub.apply('ADDED', 'pods', pod('b'));
    sub.completeSync();
    expect(names(sub)).toEqual(['b']);
  });

  it('an object deleted and re-created during the sync is kept', () => {
    const sub = liveWith(pod('a'));
    sub.beginSync();
    sub.apply('ADDED', 'pods', pod('a'));
    sub.apply('DELETED', 'pods', pod('a'));
    sub.apply('ADDED', 'pods', pod('a'));
    sub.completeSync();
    expect(names(sub)).toEqual(['a']);
  });

  it('live events after SYNCED are not pruned by a later completeSync without beginSync', () => {
    const sub = liveWith(pod('a'));
    sub.apply('ADDED', 'pods', pod('b'));
    sub.completeSync();
    expect(names(sub)).toEqual(['a', 'b']);
  });

  it('a second beginSync restarts the bookkeeping: only the last snapshot counts', () => {
    const sub = liveWith(pod('a'), pod('b'));
    sub.beginSync();
    sub.apply('ADDED', 'pods', pod('a'));
    // the connection drops before SYNCED; the new snapshot has only b
    sub.beginSync();
    sub.apply('ADDED', 'pods', pod('b'));
    sub.completeSync();
    expect(names(sub)).toEqual(['b']);
  });

  it('assumeLive goes live without SYNCED but keeps reconciliation armed', () => {
    const sub = liveWith(pod('a'), pod('b'));
    sub.beginSync();
    sub.apply('ADDED', 'pods', pod('b'));
    sub.assumeLive();
    expect(sub.state).toBe('live');
    expect(names(sub)).toEqual(['a', 'b']);
    sub.completeSync();
    expect(names(sub)).toEqual(['b']);
  });

  it('assumeLive does not override a state other than syncing', () => {
    const sub = new WatchSubscription(KEY);
    sub.setStatus({ state: 'error', code: 403, reason: 'forbidden' });
    sub.assumeLive();
    expect(sub.getSnapshot().status).toEqual({ state: 'error', code: 403, reason: 'forbidden' });
  });
});

describe('WatchSubscription: label selector', () => {
  const selected: WatchKey = { ...KEY, labelSelector: 'app=web,tier!=db' };

  it('keeps only objects that match the selector', () => {
    const sub = new WatchSubscription(selected);
    sub.apply('ADDED', 'pods', pod('w1', { app: 'web' }));
    sub.apply('ADDED', 'pods', pod('api', { app: 'api' }));
    sub.apply('ADDED', 'pods', pod('db', { app: 'web', tier: 'db' }));
    sub.apply('ADDED', 'pods', pod('bare'));
    expect(names(sub)).toEqual(['w1']);
  });

  it('drops an object whose labels stop matching and takes one that starts matching', () => {
    const sub = new WatchSubscription(selected);
    sub.apply('ADDED', 'pods', pod('w1', { app: 'web' }));
    sub.apply('ADDED', 'pods', pod('w2', { app: 'api' }));
    sub.apply('MODIFIED', 'pods', pod('w1', { app: 'web', tier: 'db' }));
    sub.apply('MODIFIED', 'pods', pod('w2', { app: 'web' }));
    expect(names(sub)).toEqual(['w2']);
  });

  it('an object that stopped matching during a sync is pruned, a matching one kept', () => {
    const sub = new WatchSubscription(selected);
    sub.beginSync();
    sub.apply('ADDED', 'pods', pod('w1', { app: 'web' }));
    sub.apply('ADDED', 'pods', pod('w2', { app: 'web' }));
    sub.completeSync();
    sub.beginSync();
    sub.apply('ADDED', 'pods', pod('w1', { app: 'other' }));
    sub.apply('ADDED', 'pods', pod('w2', { app: 'web' }));
    sub.completeSync();
    expect(names(sub)).toEqual(['w2']);
  });

  it('rejects an invalid selector with the parser reason', () => {
    expect(() => new WatchSubscription({ ...KEY, labelSelector: 'app in (web' })).toThrow(/unbalanced parentheses/);
    expect(() => new WatchSubscription({ ...KEY, labelSelector: 'replicas>two' })).toThrow(TypeError);
  });

  it('has no selector when none or an empty one is given', () => {
    expect(new WatchSubscription(KEY).selector).toBeNull();
    expect(new WatchSubscription({ ...KEY, labelSelector: '' }).selector).toBeNull();
    expect(new WatchSubscription(selected).selector?.source).toBe('app=web,tier!=db');
  });
});

describe('WatchSubscription: covers', () => {
  it('covers its own cluster, resource and namespace only', () => {
    const sub = new WatchSubscription(KEY);
    expect(sub.covers('prod-us', 'pods', pod('a'))).toBe(true);
    expect(sub.covers('prod-eu', 'pods', pod('a'))).toBe(false);
    expect(sub.covers('prod-us', 'services', pod('a'))).toBe(false);
    expect(sub.covers('prod-us', 'pods', { metadata: { name: 'a', namespace: 'kube-system' } })).toBe(false);
  });

  it('an all-namespaces subscription covers every namespace; "*" covers every resource', () => {
    const all = new WatchSubscription({ cluster: 'prod-us', namespace: '', resource: '*' });
    expect(all.covers('prod-us', 'pods', { metadata: { name: 'a', namespace: 'kube-system' } })).toBe(true);
    expect(all.covers('prod-us', 'deployments.apps', pod('a'))).toBe(true);
    expect(all.covers('prod-eu', 'pods', pod('a'))).toBe(false);
  });
});

describe('WatchSubscription: getSnapshot', () => {
  it('returns the same reference while nothing changed', () => {
    const sub = liveWith(pod('a'));
    const first = sub.getSnapshot();
    expect(sub.getSnapshot()).toBe(first);
    expect(sub.getSnapshot()).toBe(first);
    sub.setStatus({ state: 'live' });
    expect(sub.getSnapshot()).toBe(first);
    sub.apply('DELETED', 'pods', pod('not-held'));
    expect(sub.getSnapshot()).toBe(first);
  });

  it('returns a new frozen snapshot with new frozen items when an object changed', () => {
    const sub = liveWith(pod('a'));
    const first = sub.getSnapshot();
    sub.apply('MODIFIED', 'pods', pod('a', { v: '2' }));
    const second = sub.getSnapshot();
    expect(second).not.toBe(first);
    expect(second.items).not.toBe(first.items);
    expect(Object.isFrozen(second)).toBe(true);
    expect(Object.isFrozen(second.items)).toBe(true);
    // the earlier snapshot is untouched
    expect(first.items[0]?.metadata?.labels).toBeUndefined();
    expect(second.items[0]?.metadata?.labels).toEqual({ v: '2' });
    expect(sub.getSnapshot()).toBe(second);
  });

  it('keeps the same items array when only the status changed', () => {
    const sub = liveWith(pod('a'));
    const first = sub.getSnapshot();
    sub.setStatus({ state: 'reconnecting', retryAt: 1000 });
    const second = sub.getSnapshot();
    expect(second).not.toBe(first);
    expect(Object.isFrozen(second)).toBe(true);
    expect(second.items).toBe(first.items);
    expect(second.status).toEqual({ state: 'reconnecting', retryAt: 1000 });
    sub.setStatus({ state: 'reconnecting', retryAt: 1000 });
    expect(sub.getSnapshot()).toBe(second);
    sub.setStatus({ state: 'reconnecting', retryAt: null });
    expect(sub.getSnapshot()).not.toBe(second);
  });

  it('a resync that finds the same objects keeps them all and goes live', () => {
    const a = pod('a');
    const sub = liveWith(a);
    const before = sub.getSnapshot();
    sub.beginSync();
    sub.apply('ADDED', 'pods', a);
    sub.completeSync();
    const after = sub.getSnapshot();
    expect(after.status).toEqual({ state: 'live' });
    expect(after.items).toEqual(before.items);
  });

  it('a prune at SYNCED gives a new snapshot even when nothing else changed', () => {
    const a = pod('a');
    const sub = liveWith(a, pod('b'));
    sub.beginSync();
    sub.apply('ADDED', 'pods', a);
    const during = sub.getSnapshot();
    expect(during.items).toHaveLength(2);
    sub.completeSync();
    const after = sub.getSnapshot();
    expect(after).not.toBe(during);
    expect(after.items).not.toBe(during.items);
    expect(after.items).toEqual([a]);
  });

  it('snapshots cannot be mutated by a consumer', () => {
    const snap = liveWith(pod('a')).getSnapshot();
    expect(() => (snap.items as KubeObject[]).push(pod('x'))).toThrow(TypeError);
    expect(() => Object.assign(snap, { synced: false })).toThrow(TypeError);
  });
});
