/**
 * The custom resources of each cluster, followed live: one informer of CustomResourceDefinitions per
 * cluster (started by the first subscribe that may need it, kept for the gateway's life) says which
 * `plural.group` types are established and where each is listed and watched. Connections hear of
 * types that appear or go away, and the discovery catalog is refreshed on every change.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { KubeObject } from '../../../src/core/protocol.js';
import type { ResourceCatalog } from '../../kube/catalog.js';
import type { GatewayCluster } from '../../kube/clusters.js';
import type { InformerCache } from './informer-cache.js';
import type { ResourceInformer } from './informer.js';
import { upstreamStatus } from './sync-failure.js';

/** A custom type appearing or going away in a cluster. */
export interface CustomTypeChange {
  readonly cluster: string;
  /** `plural.group`, as subscriptions name it. */
  readonly resource: string;
  readonly change: 'added' | 'removed';
}

/** The informer of CRDs, by its built-in name. */
export const CRD_RESOURCE = 'customresourcedefinitions';

/** After the cluster refuses the gateway its CRDs (403, or 404: not served), how long before asking again. */
const REFUSED_RETRY_MS = 5 * 60_000;

function rec(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** `plural.group` and the collection path of an established CRD (its storage version when served, else its first served one); null otherwise. */
function servedType(crd: KubeObject): { resource: string; path: string } | null {
  const spec = rec(crd.spec);
  const names = rec(spec.names);
  const conditions = Array.isArray(rec(crd.status).conditions) ? (rec(crd.status).conditions as unknown[]).map(rec) : [];
  if (!conditions.some((c) => c.type === 'Established' && c.status === 'True')) return null;
  const versions = (Array.isArray(spec.versions) ? spec.versions : []).map(rec).filter((v) => v.served === true);
  const version = (versions.find((v) => v.storage === true) ?? versions[0])?.name;
  if (typeof spec.group !== 'string' || typeof names.plural !== 'string' || typeof version !== 'string') return null;
  return { resource: `${names.plural}.${spec.group}`, path: `/apis/${spec.group}/${version}/${names.plural}` };
}

/** What is known of one cluster's custom types. */
interface Followed {
  /** Collection path by `plural.group`. */
  readonly types: Map<string, string>;
  readonly informer: ResourceInformer;
  /** Takes one CRD in (or out, when deleted). */
  readonly take: (crd: KubeObject, deleted: boolean) => void;
  /** Stops listening to the informer. */
  readonly stop: () => void;
}

/** Per cluster: the established custom types and their paths. */
export class CustomTypes {
  private readonly clusters = new Map<string, Followed>();
  private readonly listeners = new Set<(change: CustomTypeChange) => void>();
  /** When each cluster last refused the gateway its CRDs. */
  private readonly refused = new Map<string, number>();

  constructor(
    private readonly cache: InformerCache,
    private readonly catalog: ResourceCatalog,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** The custom types of `cluster` (none while the gateway cannot list CRDs there); starts following them. */
  async names(cluster: GatewayCluster): Promise<string[]> {
    if (Date.now() - (this.refused.get(cluster.name) ?? -Infinity) < REFUSED_RETRY_MS) return [];
    const followed = this.follow(cluster);
    try {
      await followed.informer.whenSynced();
    } catch (error) {
      const status = upstreamStatus(error);
      // Refused for good: a failing informer kept for ever would hold /readyz at 503. Unreachable: it keeps retrying.
      if ((status === 403 || status === 404) && this.clusters.get(cluster.name) === followed) {
        this.log.warn({ cluster: cluster.name, status }, 'watch: the cluster does not let the gateway list CustomResourceDefinitions; no custom resources for now');
        this.refused.set(cluster.name, Date.now());
        this.clusters.delete(cluster.name);
        followed.stop();
        this.cache.discard(cluster.name, CRD_RESOURCE);
      }
      return [];
    }
    // A listener joining an informer that had synced already hears of no CRD listed before it.
    for (const crd of followed.informer.list('')) followed.take(crd, false);
    return [...followed.types.keys()];
  }

  /** The collection path of a known custom type, or undefined (a built-in type, or not served). */
  path(cluster: string, resource: string): string | undefined {
    return this.clusters.get(cluster)?.types.get(resource);
  }

  /** Calls `listener` for every custom type added or removed from now on; returns its remover. */
  onChange(listener: (change: CustomTypeChange) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private follow(cluster: GatewayCluster): Followed {
    const known = this.clusters.get(cluster.name);
    if (known) return known;
    const types = new Map<string, string>();
    const byCrd = new Map<string, string>();
    const informer = this.cache.informer(cluster, CRD_RESOURCE);
    const take = (crd: KubeObject, deleted: boolean): void => {
      const name = crd.metadata?.name ?? '';
      const served = deleted ? null : servedType(crd);
      const before = byCrd.get(name);
      if (before !== undefined && (!served || served.resource !== before || types.get(before) !== served.path)) {
        byCrd.delete(name);
        types.delete(before);
        this.changed(cluster, before, 'removed');
      }
      if (served && !types.has(served.resource)) {
        byCrd.set(name, served.resource);
        types.set(served.resource, served.path);
        this.changed(cluster, served.resource, 'added');
      }
    };
    // Kept unless the cluster refuses: the informer follows the cluster's CRDs for the gateway's life (one watch per cluster).
    const stop = informer.listen((event) => take(event.object, event.type === 'DELETED'));
    const followed = { types, informer, take, stop };
    this.clusters.set(cluster.name, followed);
    return followed;
  }

  private changed(cluster: GatewayCluster, resource: string, change: CustomTypeChange['change']): void {
    this.catalog.forget(cluster.name);
    for (const listener of this.listeners) listener({ cluster: cluster.name, resource, change });
    // After the connections: they send DELETED for what they showed of it from its cache.
    if (change === 'removed') this.cache.discard(cluster.name, resource);
  }
}
