/** What every reconcile works with: the store and the ownership indexes kept from its events. */
import type { ClusterStore } from '../store.js';
import type { OwnedIndex } from './owned-index.js';

/** Shared state of the controllers of one store. */
export interface ControllerContext {
  readonly store: ClusterStore;
  /** Pods by their controlling ReplicaSet's uid. */
  readonly pods: OwnedIndex;
  /** ReplicaSets by their controlling Deployment's uid. */
  readonly replicaSets: OwnedIndex;
}
