/**
 * The object types a resource watch can be typed with. The core's `KubeObject` has index signatures
 * that the `kubernetes-types` interfaces lack, so the React layer asks only for the fields it reads.
 */
import type { WatchSnapshot } from '../core/index.js';

/** Any Kubernetes object type, such as `Pod` from `kubernetes-types/core/v1` or the core's `KubeObject`. */
export interface WatchedObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    labels?: { [name: string]: string };
  };
}

/**
 * The value cached under `resourceWatchKey(key)`: the core's immutable snapshot with its objects
 * typed as `T`. The gateway sends objects of the watched resource, which is what `T` names.
 */
export interface ResourceWatchSnapshot<T extends WatchedObject> extends Omit<WatchSnapshot, 'items'> {
  readonly items: readonly T[];
}
