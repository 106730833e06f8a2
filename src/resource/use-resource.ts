/**
 * `useResource`: one object, live. It reads the shared watch of its cluster, namespace and type (the
 * subscription a table of that type already holds), so a detail view opens no second stream.
 */
import { useCallback } from 'react';
import { useResourceWatch, type KubeObject, type ResourceWatchError, type SubscriptionStatus, type WatchedObject } from '@kubevision/kit';

/** Which object {@link useResource} follows. */
export interface ResourceRef {
  cluster: string;
  /** The object's namespace; "" for a cluster-scoped type (nodes, namespaces). */
  namespace: string;
  /** The plural resource name, e.g. `configmaps` or `widgets.example.com`. */
  resource: string;
  name: string;
}

/** What {@link useResource} returns. */
export interface ResourceState<T> {
  /** The object as the watch last saw it; undefined before the first snapshot or once it is gone. */
  readonly object: T | undefined;
  readonly status: SubscriptionStatus;
  readonly error: ResourceWatchError | null;
  readonly isSynced: boolean;
  /** True when a complete snapshot holds no object of that name (never created, or deleted). */
  readonly notFound: boolean;
}

/**
 * Follows one object by name, typed as `T`. While it is unchanged the same object comes back (a
 * change to another object of the namespace included), so work memoised on it is not redone.
 *
 * @example
 * const { object, notFound } = useResource<ConfigMap>({ cluster: 'prod-us', namespace: 'default', resource: 'configmaps', name: 'app' });
 */
export function useResource<T extends WatchedObject = KubeObject>(ref: ResourceRef): ResourceState<T> {
  const { cluster, namespace, resource, name } = ref;
  const select = useCallback((items: readonly T[]) => items.find((item) => item.metadata?.name === name), [name]);
  const { items: object, status, error, isSynced } = useResourceWatch<T, T | undefined>({ cluster, namespace, resource }, { select });
  return { object, status, error, isSynced, notFound: isSynced && object === undefined };
}
