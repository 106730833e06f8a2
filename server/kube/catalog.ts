/**
 * What resource types a cluster serves, from its discovery documents: plural name to group,
 * version, kind and scope. Cached per cluster for a few minutes.
 */
import type { GatewayCluster } from './clusters.js';
import { kubeRequest } from './kube-request.js';

/** One served resource type. */
export interface ResourceInfo {
  name: string;
  group: string;
  version: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
}

const TTL_MS = 5 * 60_000;

/** A name not found is looked up again after this long at the soonest: a CRD created a moment ago is found. */
const MISS_RETRY_MS = 2_000;

interface ApiResourceList {
  resources?: { name: string; kind: string; namespaced: boolean; verbs?: string[] }[];
}

interface ApiGroupList {
  groups?: { name: string; preferredVersion?: { version: string } }[];
}

async function resourcesOf(cluster: GatewayCluster, group: string, version: string): Promise<ResourceInfo[]> {
  const path = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const res = await kubeRequest(cluster, path);
  if (res.status !== 200) return [];
  const list = res.body as ApiResourceList;
  return (list.resources ?? [])
    .filter((r) => !r.name.includes('/'))
    .map((r) => ({ name: r.name, group, version, kind: r.kind, namespaced: r.namespaced, verbs: r.verbs ?? [] }));
}

/** Discovery results per cluster. */
export class ResourceCatalog {
  private readonly cache = new Map<string, { at: number; resources: Promise<ResourceInfo[]> }>();

  /** Every resource type the cluster serves (preferred versions). */
  resources(cluster: GatewayCluster): Promise<ResourceInfo[]> {
    const hit = this.cache.get(cluster.name);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.resources;
    const resources = this.discover(cluster);
    this.cache.set(cluster.name, { at: Date.now(), resources });
    resources.catch(() => this.cache.delete(cluster.name));
    return resources;
  }

  /** The type named `name` (plural, or `plural.group`), if served; a miss asks the cluster again once the last discovery is a little old. */
  async resolve(cluster: GatewayCluster, name: string): Promise<ResourceInfo | undefined> {
    const find = (all: ResourceInfo[]): ResourceInfo | undefined => all.find((r) => r.name === name || (r.group && `${r.name}.${r.group}` === name));
    const found = find(await this.resources(cluster));
    const hit = this.cache.get(cluster.name);
    if (found || !hit || Date.now() - hit.at < MISS_RETRY_MS) return found;
    this.forget(cluster.name);
    return find(await this.resources(cluster));
  }

  /** Drops what is known of `cluster`'s types, so the next question asks its discovery again (a CRD was added or removed). */
  forget(cluster: string): void {
    this.cache.delete(cluster);
  }

  private async discover(cluster: GatewayCluster): Promise<ResourceInfo[]> {
    const groups = await kubeRequest(cluster, '/apis');
    const named = groups.status === 200 ? ((groups.body as ApiGroupList).groups ?? []) : [];
    const lists = await Promise.all([
      resourcesOf(cluster, '', 'v1'),
      ...named.filter((g) => g.preferredVersion).map((g) => resourcesOf(cluster, g.name, g.preferredVersion?.version ?? 'v1')),
    ]);
    return lists.flat();
  }
}

/** The API path of a resource collection or object. */
export function resourcePath(info: ResourceInfo, namespace: string | undefined, name?: string): string {
  const prefix = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${prefix}${ns}/${info.name}${name ? `/${encodeURIComponent(name)}` : ''}`;
}
