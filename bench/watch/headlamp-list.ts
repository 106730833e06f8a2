/**
 * The baseline's watch feed, as Headlamp does it: list, then every watch event rewrites the cached
 * list with a copy of it and a findIndex by uid (its `KubeList.applyUpdate`), one `setQueryData` per event.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { WatchEventType, WatchServerMessage } from '../../src/core/protocol.js';
import { probe } from './probe.js';
import type { FeedTarget } from './protocol.js';

/** The baseline's query key. */
export const BASELINE_KEY = ['baseline', 'pods'] as const;

/** The list after one event: a new array with the object replaced, added or removed. */
export function applyUpdate(list: readonly Pod[], type: WatchEventType, object: Pod): Pod[] {
  const items = [...list];
  const index = items.findIndex((item) => item.metadata?.uid === object.metadata?.uid);
  if (type === 'DELETED') {
    if (index !== -1) items.splice(index, 1);
  } else if (index !== -1) items[index] = object;
  else items.push(object);
  return items;
}

/** A plain watch socket to the gateway: the snapshot's objects until SYNCED, then each event as it comes. */
export class EventSocket {
  /** The snapshot, once SYNCED has arrived (the baseline's "list"). */
  readonly synced: Promise<Pod[]>;
  private listener: ((type: WatchEventType, object: Pod) => void) | null = null;

  constructor(target: FeedTarget) {
    const ws = new WebSocket(`${target.baseUrl.replace(/^http/, 'ws')}/api/v1/ws/watch?token=${encodeURIComponent(target.token)}`);
    const snapshot: Pod[] = [];
    let live = false;
    this.synced = new Promise((resolve, reject) => {
      ws.onopen = () => ws.send(JSON.stringify({ action: 'subscribe', cluster: target.cluster, namespace: target.namespace, resource: 'pods' }));
      ws.onclose = () => {
        probe.closed = true;
        reject(new Error('the watch socket closed'));
      };
      ws.onmessage = (message: MessageEvent<string>) => {
        const m = JSON.parse(message.data) as WatchServerMessage;
        if (m.type === 'SYNCED') {
          live = true;
          resolve(snapshot);
        } else if (m.type !== 'ERROR') {
          if (live) this.listener?.(m.type, m.object as Pod);
          else snapshot.push(m.object as Pod);
        }
      };
    });
  }

  /** Hands every event after SYNCED to `listener`; returns its remover. */
  onEvent(listener: (type: WatchEventType, object: Pod) => void): () => void {
    this.listener = listener;
    return () => {
      this.listener = null;
    };
  }
}
