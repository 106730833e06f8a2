/**
 * One emulated cluster: its store, its world, its RBAC policy (the bootstrap roles plus what is
 * written), the container logs and exec processes of its pods, kept in step with pod events (a
 * deleted pod's log followers end and its processes die).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { handleExecUpgrade, killPodProcesses } from './exec/index.js';
import { startControllers, type Controllers } from './controllers/index.js';
import { startCustomResources } from './custom-resources.js';
import { LogRegistry, servePodLog } from './logs/index.js';
import { isRecord, type StoredObject } from './object.js';
import { seedBootstrapRbac } from './rbac/bootstrap-roles.js';
import { storePolicy, type RbacPolicy } from './rbac/policy.js';
import { ClusterStore, type StoreEvent } from './store.js';
import type { WatchOptions } from './watch.js';
import { seededRandom } from './world/random.js';
import { WorldBuilder, type WorldOptions } from './world/world.js';

/** Settings of one emulated cluster. */
export interface SimClusterOptions {
  name: string;
  seed: number;
  world: Omit<WorldOptions, 'seed' | 'now'>;
  /** Log lines each container writes per second. */
  logLinesPerSecond: number;
  /** Lines kept per container instance. */
  logCapacity: number;
  historySize: number;
  /** Root of the per-container scratch directories exec runs in. */
  scratchRoot: string;
  watch: Pick<WatchOptions, 'bookmarkMs' | 'defaultTimeoutSeconds' | 'maxBufferedBytes'>;
  /** Run the controllers and kubelet (pods get scheduled, ReplicaSets and Deployments reconciled). Default true. */
  controllers?: boolean;
}

interface ContainerStatusLike {
  name?: unknown;
  restartCount?: unknown;
  state?: unknown;
}

/** One emulated cluster. */
export class SimCluster {
  readonly name: string;
  readonly store: ClusterStore;
  readonly logs: LogRegistry;
  readonly watchOptions: SimClusterOptions['watch'];
  /** The RBAC objects requests are authorized against. */
  readonly rbac: RbacPolicy;
  private readonly unsubscribe: () => void;
  private readonly stopCustomResources: () => void;
  private readonly controllers: Controllers | undefined;

  constructor(private readonly options: SimClusterOptions) {
    this.name = options.name;
    this.watchOptions = options.watch;
    const random = seededRandom(options.seed ^ 0x5bd1e995);
    this.store = new ClusterStore(options.name, { historySize: options.historySize, uid: () => random.uuid(), random: () => random.next() });
    this.logs = new LogRegistry({ seed: options.seed, linesPerSecond: options.logLinesPerSecond, capacity: options.logCapacity });
    this.unsubscribe = this.store.subscribe((event) => this.podChanged(event));
    new WorldBuilder(this.store, { ...options.world, seed: options.seed, now: Date.now() }).build();
    // After the world, so that the world's objects keep the uids and resourceVersions a seed always gave them.
    seedBootstrapRbac(this.store);
    this.rbac = storePolicy(this.store);
    this.stopCustomResources = startCustomResources(this.store);
    this.controllers = options.controllers === false ? undefined : startControllers(this.store);
  }

  /** Serves `pods/log` for a stored pod. */
  serveLog(req: IncomingMessage, res: ServerResponse, pod: StoredObject, query: URLSearchParams): void {
    servePodLog(req, res, pod, query, this.logs);
  }

  /** Hands a `pods/exec` upgrade to the exec emulation. */
  exec(req: IncomingMessage, socket: Duplex, head: Buffer, pod: StoredObject, query: URLSearchParams): void {
    handleExecUpgrade(req, socket, head, pod, query, { scratchRoot: join(this.options.scratchRoot), cluster: this.name });
  }

  /** Stops the controllers, ends watches, log followers and exec processes; the store stays readable. */
  dispose(): void {
    this.controllers?.stop();
    this.unsubscribe();
    this.stopCustomResources();
    this.store.endWatches();
    for (const pod of this.store.list(this.store.typeOf('Pod'))) {
      const ns = pod.metadata.namespace ?? 'default';
      this.logs.stop(ns, pod.metadata.name);
      killPodProcesses(this.name, ns, pod.metadata.name);
    }
  }

  private podChanged(event: StoreEvent): void {
    if (event.resource.kind !== 'Pod') return;
    const { name } = event.object.metadata;
    const namespace = event.object.metadata.namespace ?? 'default';
    if (event.type === 'DELETED') {
      this.logs.stop(namespace, name);
      this.logs.remove(namespace, name);
      killPodProcesses(this.name, namespace, name);
      return;
    }
    const status = isRecord(event.object.status) ? event.object.status : {};
    const statuses = [status.initContainerStatuses, status.containerStatuses].flatMap((list) => (Array.isArray(list) ? (list as ContainerStatusLike[]) : []));
    for (const cs of statuses) {
      if (typeof cs.name !== 'string') continue;
      const state = isRecord(cs.state) ? cs.state : {};
      const running = isRecord(state.running) ? state.running : null;
      const terminated = isRecord(state.terminated) ? state.terminated : null;
      const startedAt = Date.parse(String(running?.startedAt ?? terminated?.startedAt ?? event.object.metadata.creationTimestamp));
      this.logs.container(namespace, name, cs.name, {
        startedAt: Number.isNaN(startedAt) ? Date.now() : startedAt,
        restartCount: typeof cs.restartCount === 'number' ? cs.restartCount : 0,
        running: running !== null,
      });
    }
  }
}
