/**
 * Checks a subscribe request before anything is started: the cluster exists (404), the user may
 * read there (403), the resource type is cached (404), the selector parses (400).
 */
import { parseLabelSelector, type LabelSelector } from '../../../src/core/label-selector.js';
import type { WatchKey } from '../../../src/core/protocol.js';
import { allows, type Identity } from '../../auth/roles.js';
import type { ClusterRegistry, GatewayCluster } from '../../kube/clusters.js';

/** What a valid subscribe reads. */
export interface SubscribeTarget {
  cluster: GatewayCluster;
  /** The resource types it covers: one, or every cached type for "*". */
  resources: readonly string[];
  selector: LabelSelector;
}

/** A refused subscribe: the ERROR frame's code and message. */
export interface SubscribeRefusal {
  code: number;
  message: string;
}

/** The target of a subscribe, or why it is refused. */
export function subscribeTarget(
  key: WatchKey,
  identity: Identity,
  clusters: ClusterRegistry,
  cachedResources: readonly string[],
): { ok: true; value: SubscribeTarget } | { ok: false; error: SubscribeRefusal } {
  const refuse = (code: number, message: string) => ({ ok: false as const, error: { code, message } });
  const cluster = clusters.get(key.cluster);
  if (!cluster) return refuse(404, `unknown cluster "${key.cluster}"`);
  if (!allows(identity, 'read', key.cluster, key.namespace)) {
    const where = key.namespace === '' ? 'all namespaces' : `namespace "${key.namespace}"`;
    return refuse(403, `${identity.user} may not read ${where} of cluster "${key.cluster}"`);
  }
  const resources = key.resource === '*' ? cachedResources : cachedResources.filter((r) => r === key.resource);
  if (resources.length === 0) return refuse(404, `resource "${key.resource}" is not served by the watch cache`);
  const selector = parseLabelSelector(key.labelSelector ?? '');
  if (!selector.ok) return refuse(400, selector.error);
  return { ok: true, value: { cluster, resources, selector: selector.value } };
}
