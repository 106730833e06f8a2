/**
 * One watch subscription's objects and status, with the snapshot + SYNCED reconciliation of DESIGN §5:
 * while a (re)subscription syncs, every object seen is remembered; at SYNCED whatever was held but not
 * seen is pruned, so nothing missed while offline can leave the list wrong.
 */
import { parseLabelSelector, type LabelSelector } from './label-selector.js';
import type { KubeObject, WatchEventType, WatchKey } from './protocol.js';
import { sameStatus, type StreamStatus } from './stream-status.js';

/** Where a subscription stands. */
export type SubscriptionState = 'connecting' | 'syncing' | 'live' | 'reconnecting' | 'error';

/** A subscription's state, with the error code and reason in state `error` and the retry time while reconnecting. */
export type SubscriptionStatus = StreamStatus<SubscriptionState>;

/** An immutable view of a subscription, replaced (new reference) only when something changed. */
export interface WatchSnapshot<T extends KubeObject = KubeObject> {
  readonly key: Readonly<WatchKey>;
  /** The objects in the order they were first seen; the same array while they do not change. */
  readonly items: readonly T[];
  readonly status: SubscriptionStatus;
  /** True once a snapshot has completed (SYNCED) at least once. */
  readonly synced: boolean;
}

/** The key of an object within a subscription: metadata.uid, else resource/namespace/name. */
export function objectKey(resource: string, object: KubeObject): string {
  return object.metadata?.uid || nameKey(resource, object);
}

/** The name of an object within a subscription, whatever its uid: resource/namespace/name. */
function nameKey(resource: string, object: KubeObject): string {
  return `${resource}/${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

/** A subscription's object store; the watch client owns routing, sockets and notification. */
export class WatchSubscription {
  readonly selector: LabelSelector | null;
  private readonly objects = new Map<string, KubeObject>();
  /** Which object key holds each name, and back: a name can pass to a new object (a new uid). */
  private readonly keyOfName = new Map<string, string>();
  private readonly nameOfKey = new Map<string, string>();
  private seen: Set<string> | null = null;
  private status: SubscriptionStatus = { state: 'connecting' };
  private synced = false;
  private items: readonly KubeObject[] = Object.freeze([]);
  private itemsStale = false;
  private snapshot: WatchSnapshot | null = null;
  /** Set when something changed since the last snapshot. */
  dirty = true;

  constructor(readonly key: Readonly<WatchKey>) {
    const parsed = key.labelSelector ? parseLabelSelector(key.labelSelector) : null;
    if (parsed && !parsed.ok) throw new TypeError(parsed.error);
    this.selector = parsed?.value ?? null;
  }

  /** True when an event about `object` of `cluster`/`resource` is within this subscription's scope (selector aside). */
  covers(cluster: string, resource: string, object: KubeObject): boolean {
    const { key } = this;
    if (key.cluster !== cluster) return false;
    if (key.resource !== '*' && key.resource !== resource) return false;
    const ns = object.metadata?.namespace;
    return key.namespace === '' || ns === undefined || ns === '' || ns === key.namespace;
  }

  /** Applies one event already known to be in scope. */
  apply(type: WatchEventType, resource: string, object: KubeObject): void {
    const id = objectKey(resource, object);
    const selected = type !== 'DELETED' && (!this.selector || this.selector.matches(object.metadata?.labels));
    if (selected) {
      // A relist reports a name that passed to a new object as a MODIFIED of the new uid, and no
      // DELETED of the old one ever comes: the name's previous holder is gone.
      const name = nameKey(resource, object);
      const previous = this.keyOfName.get(name);
      if (previous !== undefined && previous !== id) this.remove(previous);
      this.objects.set(id, object);
      this.keyOfName.set(name, id);
      this.nameOfKey.set(id, name);
      this.seen?.add(id);
      this.changed(true);
    } else if (this.remove(id)) {
      this.changed(true);
    }
  }

  /** A (re)subscribe was sent: from now on, remember what the snapshot contains. */
  beginSync(): void {
    this.seen = new Set();
    this.setStatus({ state: 'syncing' });
  }

  /** SYNCED arrived: prune what the snapshot did not contain and go live. */
  completeSync(): void {
    if (this.seen) {
      for (const id of [...this.objects.keys()]) {
        if (!this.seen.has(id) && this.remove(id)) this.itemsStale = true;
      }
      this.seen = null;
    }
    this.synced = true;
    this.setStatus({ state: 'live' });
    this.changed(this.itemsStale);
  }

  /** Gives up waiting for SYNCED (a gateway that only speaks the seed): live, but reconciliation stays armed. */
  assumeLive(): void {
    if (this.status.state === 'syncing') this.setStatus({ state: 'live' });
  }

  /** Current status. */
  get state(): SubscriptionState {
    return this.status.state;
  }

  /** Changes the status; equal statuses do not count as a change. */
  setStatus(status: SubscriptionStatus): void {
    if (sameStatus(this.status, status)) return;
    this.status = status;
    this.changed(false);
  }

  /** The current immutable snapshot; rebuilt only when something changed. */
  getSnapshot(): WatchSnapshot {
    if (this.itemsStale) {
      this.items = Object.freeze([...this.objects.values()]);
      this.itemsStale = false;
      this.snapshot = null;
    }
    if (!this.snapshot || this.dirty) {
      this.snapshot = Object.freeze({ key: this.key, items: this.items, status: this.status, synced: this.synced });
      this.dirty = false;
    }
    return this.snapshot;
  }

  /** Forgets an object and its name; false when it was not held. */
  private remove(id: string): boolean {
    if (!this.objects.delete(id)) return false;
    this.seen?.delete(id);
    const name = this.nameOfKey.get(id);
    this.nameOfKey.delete(id);
    if (name !== undefined && this.keyOfName.get(name) === id) this.keyOfName.delete(name);
    this.changed(true);
    return true;
  }

  private changed(items: boolean): void {
    if (items) this.itemsStale = true;
    this.dirty = true;
  }
}
