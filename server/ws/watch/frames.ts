/**
 * The text frames the watch endpoint sends. Each is serialised once and the same string goes to every
 * connection it concerns: a cluster event is stringified once per audience, not once per client.
 */
import type { KubeObject, WatchError, WatchEvent, WatchEventType, WatchKey, WatchSynced } from '../../../src/core/protocol.js';
import { roleAtLeast, type Identity } from '../../auth/roles.js';
import { sanitizeObject } from '../../kube/sanitize.js';

/** Which copy of an object a user gets: everyone's, or the one with secret values redacted. */
export type Audience = 'full' | 'redacted';

/**
 * The audience of a resource's frames for a user. Only secrets differ (sanitizeObject redacts their
 * values below operator), so every other frame is shared by all users.
 */
export function audienceOf(resource: string, identity: Identity): Audience {
  return resource === 'secrets' && !roleAtLeast(identity.role, 'operator') ? 'redacted' : 'full';
}

/** An ADDED, MODIFIED or DELETED frame as `identity` (and everyone of its audience) may see it. */
export function eventFrame(type: WatchEventType, cluster: string, resource: string, object: KubeObject, identity: Identity): string {
  // sanitizeObject copies what it changes and keeps the rest, so the result is still a Kubernetes object.
  const message: WatchEvent = { type, cluster, resource, object: sanitizeObject(object, identity) as KubeObject };
  return JSON.stringify(message);
}

/**
 * ADDED frames of cached objects, kept while the object is cached: every snapshot sends them, and a
 * thousand clients resubscribing after a gateway restart must not stringify the cluster a thousand
 * times. A cached object is replaced, never changed, on update, so its frame stays valid.
 */
const addedFrames = new WeakMap<KubeObject, Partial<Record<Audience, string>>>();

/** The ADDED frame of a cached object for `identity`'s audience, built on first use. */
export function addedFrame(cluster: string, resource: string, object: KubeObject, identity: Identity): string {
  let frames = addedFrames.get(object);
  if (!frames) {
    frames = {};
    addedFrames.set(object, frames);
  }
  return (frames[audienceOf(resource, identity)] ??= eventFrame('ADDED', cluster, resource, object, identity));
}

/** The SYNCED frame ending a subscription's snapshot; it echoes the key. */
export function syncedFrame(key: WatchKey): string {
  const message: WatchSynced = { type: 'SYNCED', cluster: key.cluster, namespace: key.namespace, resource: key.resource };
  if (key.labelSelector) message.labelSelector = key.labelSelector;
  return JSON.stringify(message);
}

/** The key fields an ERROR frame echoes, as far as the client sent them. */
export type ErrorTarget = Partial<Pick<WatchError, 'cluster' | 'namespace' | 'resource' | 'labelSelector'>>;

/** An ERROR frame answering a failed subscribe or a bad message. */
export function errorFrame(target: ErrorTarget, code: number, message: string): string {
  const frame: WatchError = { type: 'ERROR', ...target, code, message };
  return JSON.stringify(frame);
}
