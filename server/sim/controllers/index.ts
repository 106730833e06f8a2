/**
 * A mini controller-manager and kubelet for one emulated cluster, so that it behaves like a cluster
 * when clients write to it: pods get scheduled and run, ReplicaSets keep their pods, Deployments
 * keep their ReplicaSets. Store events only enqueue work; the work runs later (setImmediate for
 * reconciles, a delay for kubelet steps), so no write ever happens inside a store listener.
 */
import type { ClusterStore, StoreEvent } from '../store.js';
import { seededRandom, type Random } from '../world/random.js';
import type { ControllerContext } from './context.js';
import { reconcileDeployment } from './deployment.js';
import { controllerRef } from './fields.js';
import { Kubelet } from './kubelet.js';
import { OwnedIndex } from './owned-index.js';
import { WorkQueue } from './queue.js';
import { reconcileReplicaSet } from './replicaset.js';
import { fnv1a32 } from './template-hash.js';

/** Settings of {@link startControllers}. */
export interface ControllerOptions {
  /** Delay of each kubelet step (bind, then start). Default 300 ms. */
  startDelayMs?: number;
  /** Node and pod IP choices; default seeded from the store's name, so runs repeat. */
  random?: Random;
}

/** Running controllers. */
export interface Controllers {
  /** Stops reacting and cancels every queued step, leaving no timer behind. */
  stop(): void;
}

type Reconcile = (context: ControllerContext, namespace: string, name: string) => void;

const RECONCILERS: Record<string, Reconcile> = { ReplicaSet: reconcileReplicaSet, Deployment: reconcileDeployment };

/** Starts the controllers of `store`; objects already stored are reconciled once. */
export function startControllers(store: ClusterStore, options: ControllerOptions = {}): Controllers {
  const context: ControllerContext = { store, pods: new OwnedIndex('Pod'), replicaSets: new OwnedIndex('ReplicaSet') };
  const kubelet = new Kubelet(store, options.startDelayMs ?? 300, options.random ?? seededRandom(fnv1a32(store.name)));
  const queue = new WorkQueue();
  const enqueue = (kind: string, namespace: string | undefined, name: string): void => {
    const reconcile = RECONCILERS[kind];
    if (!reconcile || namespace === undefined) return;
    queue.add(`${kind}/${namespace}/${name}`, () => reconcile(context, namespace, name));
  };
  const route = (event: StoreEvent): void => {
    const { kind } = event.resource;
    const { namespace, name } = event.object.metadata;
    if (kind === 'Pod') kubelet.observe(event.object, event.type === 'DELETED');
    if (event.type !== 'DELETED') enqueue(kind, namespace, name);
    // An owner reacts to every change of what it controls, deletions included.
    const owner = controllerRef(event.object);
    if (owner) enqueue(owner.kind, namespace, owner.name);
  };
  const unsubscribe = store.subscribe((event) => {
    context.pods.apply(event);
    context.replicaSets.apply(event);
    route(event);
  });

  const pods = store.list(store.typeOf('Pod'));
  context.pods.load(pods);
  context.replicaSets.load(store.list(store.typeOf('ReplicaSet')));
  for (const pod of pods) kubelet.observe(pod, false);
  for (const kind of Object.keys(RECONCILERS)) {
    for (const o of store.list(store.typeOf(kind))) enqueue(kind, o.metadata.namespace, o.metadata.name);
  }

  return {
    stop() {
      unsubscribe();
      queue.stop();
      kubelet.stop();
    },
  };
}
