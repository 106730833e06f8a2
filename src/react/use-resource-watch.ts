/**
 * `useResourceWatch`: a live list of Kubernetes objects in the react-query cache. The core ref-counts
 * and batches; this hook only bridges each per-frame snapshot into the cache.
 */
import { useQuery, useQueryClient, useSuspenseQuery, type QueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import type { KubeObject, KubeVisionClient, SubscriptionStatus, WatchKey } from '../core/index.js';
import { useKubeVisionClient } from './provider.js';
import { resourceWatchKey } from './resource-watch-key.js';
import { waitForSync } from './wait-for-sync.js';
import type { ResourceWatchSnapshot, WatchedObject } from './watched-object.js';

/** Options of {@link useResourceWatch}. */
export interface ResourceWatchOptions<T extends WatchedObject, R> {
  /** False to neither query nor subscribe; default true. */
  enabled?: boolean;
  /** Derives what `items` returns; rerun only when the objects or this function change, so keep it stable. */
  select?: (items: readonly T[]) => R;
}

/** Why a watch failed: the gateway's ERROR code (403, 404, 400) or a close code, and its reason. */
export interface ResourceWatchError {
  readonly code: number;
  readonly reason: string;
}

/** What {@link useResourceWatch} returns; every field keeps its reference while nothing changed. */
export interface ResourceWatchResult<R> {
  /** The objects (or `select`'s result); empty until the first snapshot. */
  readonly items: R;
  readonly status: SubscriptionStatus;
  /** Set while the subscription is in state `error`. */
  readonly error: ResourceWatchError | null;
  /** True once a full snapshot (SYNCED) has arrived. */
  readonly isSynced: boolean;
}

const NO_ITEMS: readonly never[] = Object.freeze([]);
const CONNECTING: SubscriptionStatus = Object.freeze({ state: 'connecting' });

/** The query options of a watch: resolved at SYNCED, then kept current by the subscription. */
function watchQuery<T extends WatchedObject>(client: KubeVisionClient, key: WatchKey, queryKey: readonly unknown[]) {
  return {
    queryKey,
    queryFn: ({ signal }: { signal: AbortSignal }) => waitForSync<T>(client.watch, key, signal),
    // The subscription keeps the entry current: never refetch, and store snapshots as they are
    // (structural sharing would copy them and walk every object on each frame).
    staleTime: Infinity,
    structuralSharing: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    retry: false,
  } as const;
}

/** Writes every per-frame snapshot of `key` into the cache while the component is mounted. */
function useSnapshotsInCache<T extends WatchedObject>(client: KubeVisionClient, queryClient: QueryClient, queryKey: readonly unknown[], key: WatchKey, enabled: boolean): void {
  const { cluster, namespace, resource, labelSelector } = key;
  useEffect(() => {
    if (!enabled) return;
    return client.watch.watch({ cluster, namespace, resource, labelSelector }, (snapshot) => {
      const cached = queryClient.getQueryData(queryKey);
      // Every component on this key gets the same snapshot each frame: write it once.
      if (cached === snapshot) return;
      // Before the first sync the query function owns the entry: writing would end `isPending` early.
      if (cached === undefined && !snapshot.synced && snapshot.status.state !== 'error') return;
      queryClient.setQueryData<ResourceWatchSnapshot<T>>(queryKey, snapshot as ResourceWatchSnapshot<WatchedObject> as ResourceWatchSnapshot<T>);
    });
  }, [client, queryClient, queryKey, enabled, cluster, namespace, resource, labelSelector]);
}

/** The hook's result from the cached snapshot, every field stable while nothing changed. */
function useWatchResult<T extends WatchedObject, R>(snapshot: ResourceWatchSnapshot<T> | undefined, select: ((items: readonly T[]) => R) | undefined): ResourceWatchResult<R> {
  const objects = snapshot?.items ?? NO_ITEMS;
  const items = useMemo(() => (select ? select(objects) : (objects as unknown as R)), [objects, select]);
  const status = snapshot?.status ?? CONNECTING;
  const error = useMemo<ResourceWatchError | null>(
    () => (status.state === 'error' ? { code: status.code ?? 0, reason: status.reason ?? 'the watch failed' } : null),
    [status],
  );
  const isSynced = snapshot?.synced ?? false;
  return useMemo(() => ({ items, status, error, isSynced }), [items, status, error, isSynced]);
}

function useWatchKey(key: WatchKey): { watchKey: WatchKey; queryKey: readonly unknown[] } {
  const { cluster, namespace, resource, labelSelector } = key;
  return useMemo(() => {
    const watchKey = { cluster, namespace, resource, labelSelector };
    return { watchKey, queryKey: resourceWatchKey(watchKey) };
  }, [cluster, namespace, resource, labelSelector]);
}

/**
 * Watches `cluster`/`namespace`/`resource` (optionally with a label selector) and returns its live
 * objects, typed as `T` (for example `Pod` from `kubernetes-types/core/v1`). The snapshot lives in the
 * react-query cache under {@link resourceWatchKey}; the query resolves at SYNCED, so `isPending`
 * ends with a complete list. Components on one key share one subscription.
 */
export function useResourceWatch<T extends WatchedObject = KubeObject, R = readonly T[]>(
  key: WatchKey,
  options: ResourceWatchOptions<T, R> = {},
): ResourceWatchResult<R> {
  const { enabled = true, select } = options;
  const client = useKubeVisionClient();
  const queryClient = useQueryClient();
  const { watchKey, queryKey } = useWatchKey(key);
  const query = useQuery({ ...watchQuery<T>(client, watchKey, queryKey), enabled });
  useSnapshotsInCache<T>(client, queryClient, queryKey, watchKey, enabled);
  return useWatchResult(query.data, select);
}

/**
 * {@link useResourceWatch} for Suspense: the component suspends until the first complete snapshot
 * (SYNCED) and then stays live. Wrap it in `<Suspense fallback>`.
 */
export function useSuspenseResourceWatch<T extends WatchedObject = KubeObject, R = readonly T[]>(
  key: WatchKey,
  options: Omit<ResourceWatchOptions<T, R>, 'enabled'> = {},
): ResourceWatchResult<R> {
  const client = useKubeVisionClient();
  const queryClient = useQueryClient();
  const { watchKey, queryKey } = useWatchKey(key);
  const query = useSuspenseQuery(watchQuery<T>(client, watchKey, queryKey));
  useSnapshotsInCache<T>(client, queryClient, queryKey, watchKey, true);
  return useWatchResult(query.data, options.select);
}
