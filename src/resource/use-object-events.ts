/** The Kubernetes events about one object, from the shared `events` watch of its namespace. */
import { useCallback } from 'react';
import { useResourceWatch, type WatchedObject } from '@kubevision/kit';

/** The fields of a core/v1 Event that the events list shows. */
export interface ObjectEvent extends WatchedObject {
  involvedObject?: { uid?: string; kind?: string; name?: string; namespace?: string };
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  metadata?: WatchedObject['metadata'] & { creationTimestamp?: string };
}

/** When an event last happened, as the API server records it (newer events set only eventTime). */
export const eventTime = (event: ObjectEvent): string => event.lastTimestamp ?? event.eventTime ?? event.metadata?.creationTimestamp ?? '';

/**
 * The events whose involvedObject is `object` (by uid, or by kind and name where an event has no
 * uid), newest first. Cluster-scoped objects have their events in any namespace.
 */
export function useObjectEvents(cluster: string, object: WatchedObject | undefined): readonly ObjectEvent[] {
  const uid = object?.metadata?.uid;
  const kind = object?.kind;
  const name = object?.metadata?.name;
  const select = useCallback(
    (events: readonly ObjectEvent[]) =>
      events
        .filter(({ involvedObject: about }) => (about?.uid ? about.uid === uid : about?.kind === kind && about?.name === name))
        .sort((a, b) => eventTime(b).localeCompare(eventTime(a))),
    [uid, kind, name],
  );
  const namespace = object?.metadata?.namespace ?? '';
  const { items } = useResourceWatch<ObjectEvent, readonly ObjectEvent[]>({ cluster, namespace, resource: 'events' }, { select, enabled: object !== undefined });
  return items;
}
