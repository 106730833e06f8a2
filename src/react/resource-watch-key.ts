/** The react-query key under which {@link useResourceWatch} keeps a watch's snapshot. */
import type { WatchKey } from '../core/index.js';

/** The query key of a resource watch: `['kubevision', 'watch', cluster, namespace, resource, labelSelector ?? '']`. */
export type ResourceWatchQueryKey = readonly ['kubevision', 'watch', string, string, string, string];

/**
 * The query key of a resource watch. The cached value is the core's `WatchSnapshot`; read it with
 * `queryClient.getQueryData(resourceWatchKey(key))`. `['kubevision', 'watch']` prefixes every watch.
 */
export function resourceWatchKey(key: WatchKey): ResourceWatchQueryKey {
  return ['kubevision', 'watch', key.cluster, key.namespace, key.resource, key.labelSelector ?? ''];
}
