/**
 * Seeded background activity for an emulated cluster: pods restarting (some into a brief
 * CrashLoopBackOff), failing readiness for a moment, deleted (their ReplicaSet replaces them, so
 * they come back Pending, then Running), and deployments scaled between 1 and 6 replicas.
 * Actions are paid for with the store events actually observed, the controllers' cascades
 * included, so the cluster's event rate stays close to the requested one.
 */
import { controllerRef, podReady, recordAt, records, replicasOf } from './controllers/fields.js';
import { failReadiness, recoverContainer, restartContainer } from './controllers/pod-transitions.js';
import type { StoredObject } from './object.js';
import type { ClusterStore } from './store.js';
import { seededRandom, type Random } from './world/random.js';

/** Settings of {@link startChurn}. */
export interface ChurnOptions {
  /** Store events per second to aim at. */
  eventsPerSecond: number;
  seed: number;
  /** Namespaces whose pods and deployments churn; default shop and default. */
  namespaces?: string[];
}

/** Running churn. */
export interface Churn {
  /** Stops all activity, leaving no timer behind and no pod unready on churn's account. */
  stop(): void;
}

const TICK_MS = 50;
/** How long an action's expected events are waited for before the estimate is written off. */
const SETTLE_MS = 1000;
const REPLICAS = { min: 1, max: 6 };
/** The smallest credit cap: the dearest action (scaling up by two) must be affordable even at low rates. */
const MIN_BURST = 16;

/** One change and the store events it is expected to cause, its controllers' cascade included. */
interface Action {
  cost: number;
  run(): void;
}

/** Credit that accrues at the target rate and is spent by observed events and by those still expected. */
class EventBudget {
  private allowance = 0;
  private expected = 0;
  private lastRv: number;
  private last = Date.now();

  constructor(
    private readonly store: ClusterStore,
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.lastRv = store.resourceVersion;
  }

  /** Credits the time since the last tick and debits the events seen since (one per resourceVersion). */
  tick(): void {
    const now = Date.now();
    const seen = this.store.resourceVersion - this.lastRv;
    this.lastRv = this.store.resourceVersion;
    this.allowance = Math.min(this.allowance + (this.rate * (now - this.last)) / 1000 - seen, this.burst);
    this.expected = Math.max(0, this.expected - seen) * Math.exp(-(now - this.last) / SETTLE_MS);
    this.last = now;
  }

  /** True when an action expected to cause `cost` events fits in the credit left. */
  affords(cost: number): boolean {
    return this.allowance - this.expected >= cost;
  }

  /** Books the events an action just started is expected to cause. */
  spend(cost: number): void {
    this.expected += cost;
  }
}

/** Chooses and performs the changes. */
class Activity {
  private recoveries: { due: number; action: Action }[] = [];
  /** Pods that are crash-looping or unready on purpose until their recovery runs. */
  private readonly recovering = new Set<string>();

  constructor(
    private readonly store: ClusterStore,
    private readonly random: Random,
    private readonly namespaces: readonly string[],
  ) {}

  /** The next change, or undefined when a few rolls found nothing to change (all pods busy, say). */
  plan(): Action | undefined {
    for (let attempt = 0; attempt < 3; attempt++) {
      const roll = this.random.next();
      const action = roll < 0.35 ? this.restart() : roll < 0.6 ? this.unready() : roll < 0.85 ? this.deletePod() : this.scale();
      if (action) return action;
    }
    return undefined;
  }

  /** Takes the recoveries due by `now` (all of them by default). */
  dueRecoveries(now = Infinity): Action[] {
    const due = this.recoveries.filter((r) => r.due <= now);
    this.recoveries = this.recoveries.filter((r) => r.due > now);
    return due.map((r) => r.action);
  }

  private restart(): Action | undefined {
    const crashLoop = this.random.next() < 0.5;
    // Back to running at once changes only the pod; a back-off also changes its ReplicaSet and Deployment.
    return this.podAction(crashLoop ? 3 : 1, (pod, container) => {
      this.updatePod(pod, (p) => restartContainer(p, container, crashLoop, Date.now()));
      if (crashLoop) this.recoverLater(pod, container);
    });
  }

  private unready(): Action | undefined {
    return this.podAction(3, (pod, container) => {
      this.updatePod(pod, (p) => failReadiness(p, container, Date.now()));
      this.recoverLater(pod, container);
    });
  }

  private deletePod(): Action | undefined {
    // Deleted, replaced, replacement bound and started, with ReplicaSet and Deployment status twice.
    return this.podAction(8, (pod) => {
      this.store.delete(this.store.typeOf('Pod'), pod.metadata.namespace, pod.metadata.name);
    });
  }

  private scale(): Action | undefined {
    const deployments = this.namespaces.flatMap((ns) => this.store.list(this.store.typeOf('Deployment'), ns));
    if (deployments.length === 0) return undefined;
    const deployment = this.random.pick(deployments);
    const current = replicasOf(deployment);
    const within = (n: number): number => Math.min(REPLICAS.max, Math.max(REPLICAS.min, n));
    const target = this.random.int(within(current - 2), within(current + 2));
    if (target === current) return undefined;
    const delta = Math.abs(target - current);
    // Up: spec, status and ReplicaSet writes plus each new pod's creation, bind and start. Down: one deletion each.
    return {
      cost: target > current ? 7 + 3 * delta : 5 + delta,
      run: () => {
        this.store.update(this.store.typeOf('Deployment'), deployment.metadata.namespace, deployment.metadata.name, (d) => ({ ...d, spec: { ...recordAt(d, 'spec'), replicas: target } }));
      },
    };
  }

  /** An action on a random healthy pod of a ReplicaSet (so deletions heal, and bare pods such as my-pod stay put). */
  private podAction(cost: number, change: (pod: StoredObject, container: string) => void): Action | undefined {
    const pods = this.namespaces
      .flatMap((ns) => this.store.list(this.store.typeOf('Pod'), ns))
      .filter((p) => controllerRef(p)?.kind === 'ReplicaSet' && recordAt(p, 'status').phase === 'Running' && podReady(p) && !this.recovering.has(p.metadata.uid));
    if (pods.length === 0) return undefined;
    const pod = this.random.pick(pods);
    const containers = records(recordAt(pod, 'status').containerStatuses).map((c) => String(c.name));
    if (containers.length === 0) return undefined;
    const container = this.random.pick(containers);
    return { cost, run: () => change(pod, container) };
  }

  private updatePod(pod: StoredObject, change: (current: StoredObject) => StoredObject): void {
    const current = this.store.get(this.store.typeOf('Pod'), pod.metadata.namespace, pod.metadata.name);
    if (current?.metadata.uid === pod.metadata.uid) this.store.replace(this.store.typeOf('Pod'), pod.metadata.namespace, pod.metadata.name, change(current));
  }

  private recoverLater(pod: StoredObject, container: string): void {
    this.recovering.add(pod.metadata.uid);
    const action: Action = {
      cost: 3,
      run: () => {
        this.recovering.delete(pod.metadata.uid);
        this.updatePod(pod, (p) => recoverContainer(p, container, Date.now()));
      },
    };
    this.recoveries.push({ due: Date.now() + this.random.int(500, 1500), action });
  }
}

/** Starts churn on `cluster`; with a rate of 0 or less nothing happens. */
export function startChurn(cluster: { store: ClusterStore }, options: ChurnOptions): Churn {
  if (!(options.eventsPerSecond > 0)) return { stop: () => undefined };
  const activity = new Activity(cluster.store, seededRandom(options.seed), options.namespaces ?? ['shop', 'default']);
  const budget = new EventBudget(cluster.store, options.eventsPerSecond, Math.max(options.eventsPerSecond, MIN_BURST));
  let planned: Action | undefined;
  const timer = setInterval(() => {
    budget.tick();
    for (const recovery of activity.dueRecoveries(Date.now())) {
      budget.spend(recovery.cost);
      recovery.run();
    }
    // A planned action waits until it is affordable, so large ones are delayed, never skipped.
    while ((planned ??= activity.plan()) && budget.affords(planned.cost)) {
      budget.spend(planned.cost);
      planned.run();
      planned = undefined;
    }
  }, TICK_MS);
  return {
    stop() {
      clearInterval(timer);
      // Pods left backing off or unready recover now rather than never: nothing would bring them back.
      for (const recovery of activity.dueRecoveries()) recovery.run();
    },
  };
}
