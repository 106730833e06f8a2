/**
 * Every informer of the gateway, one per cluster and cached resource type, created on first use and
 * stopped together at shutdown.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { GatewayCluster } from '../../kube/clusters.js';
import type { InformerMetrics } from '../../metrics/gateway-metrics.js';
import type { WatchDeadline } from './guarded-watch.js';
import { ResourceInformer } from './informer.js';

/** An informer without subscribers for this long is stopped (DESIGN §5). */
export const DEFAULT_IDLE_STOP_MS = 5 * 60_000;

/** Settings of an {@link InformerCache}. */
export interface InformerCacheOptions {
  log: FastifyBaseLogger;
  /** Delay before an informer without subscribers stops; default {@link DEFAULT_IDLE_STOP_MS}. */
  idleStopMs?: number;
  /** When a silent watch connection is given up; default client-go's (5-10 minutes and 30 s). */
  watchDeadline?: WatchDeadline;
  /** Where informers count their relists and 410s; none: not counted. */
  metrics?: InformerMetrics;
}

/** How one cluster's running informers are doing, for `/readyz`. */
export interface ClusterCacheReadiness {
  /** Resource types whose cache is not complete and current (still listing, or list/watch failing). */
  notSynced: string[];
  /** The failing ones among them, with the HTTP status of the failure when there was one. */
  failing: { resource: string; status: number | undefined }[];
}

/** The informers by cluster and resource type. */
export class InformerCache {
  private readonly informers = new Map<string, ResourceInformer>();
  private closed = false;

  constructor(private readonly options: InformerCacheOptions) {}

  /**
   * The informer of `resource` in `cluster` (not started: its first listener starts it); throws after
   * {@link stopAll}. `path` is a custom resource's collection; a custom resource served at another
   * version than before gets a new informer.
   */
  informer(cluster: GatewayCluster, resource: string, path?: string): ResourceInformer {
    if (this.closed) throw new Error('the watch cache is shut down');
    const id = `${cluster.name}/${resource}`;
    let informer = this.informers.get(id);
    if (informer && path !== undefined && informer.path !== path) {
      informer.stop();
      informer = undefined;
    }
    if (!informer) {
      informer = new ResourceInformer(cluster, resource, { log: this.options.log, idleStopMs: this.options.idleStopMs ?? DEFAULT_IDLE_STOP_MS, watchDeadline: this.options.watchDeadline, metrics: this.options.metrics, ...(path === undefined ? {} : { path }) });
      this.informers.set(id, informer);
    }
    return informer;
  }

  /** Stops and forgets the informer of a type the cluster no longer serves (a deleted CRD), which would only retry its 404. */
  discard(cluster: string, resource: string): void {
    const id = `${cluster}/${resource}`;
    this.informers.get(id)?.stop();
    this.informers.delete(id);
  }

  /** `cluster/resource` of every running informer (for health output and tests). */
  running(): string[] {
    return [...this.informers.entries()].filter(([, informer]) => informer.running).map(([id]) => id);
  }

  /** The readiness of the running informers of `cluster`; a cluster nobody watches has nothing to sync. */
  readiness(cluster: string): ClusterCacheReadiness {
    const result: ClusterCacheReadiness = { notSynced: [], failing: [] };
    for (const informer of this.informers.values()) {
      if (informer.cluster.name !== cluster || !informer.running || informer.ready) continue;
      result.notSynced.push(informer.resource);
      const failing = informer.failing;
      if (failing) result.failing.push({ resource: informer.resource, status: failing.status });
    }
    return result;
  }

  /** Stops every informer for good (gateway shutdown). */
  stopAll(): void {
    this.closed = true;
    for (const informer of this.informers.values()) informer.stop();
    this.informers.clear();
  }
}
