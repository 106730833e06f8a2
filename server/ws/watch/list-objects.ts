/**
 * The list half of an informer: a GET of a collection with the cluster's credentials, kept as the JSON
 * the API server sent. The typed list functions (`CoreV1Api.listPod...`) would deserialise into
 * client-node's models, which drop fields the models do not know and turn timestamps into Date
 * objects; snapshots built from them would differ from the watch events, which client-node passes
 * through as plain JSON. Lists and watches therefore carry the same objects.
 */
import type { KubernetesListObject, KubernetesObject, ListPromise } from '@kubernetes/client-node';
import type { KubeObject } from '../../../src/core/protocol.js';
import type { GatewayCluster } from '../../kube/clusters.js';
import { kubeRequest } from '../../kube/kube-request.js';

/** A cached object: plain JSON as the API server sent it, typed for both client-node's informer and the protocol. */
export type CachedObject = KubernetesObject & KubeObject;

/** A list the API server refused; `statusCode` as client-node's watch errors have it. */
export class ListError extends Error {
  constructor(
    readonly statusCode: number,
    path: string,
  ) {
    super(`list ${path} failed with HTTP ${statusCode}`);
  }
}

/** A list that stalls this long is abandoned; the informer retries it with backoff. */
const LIST_TIMEOUT_MS = 120_000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Items of a list carry no apiVersion and kind on a real API server, while watch events do: the
 * list's own `kind` (`PodList`) names them, so every cached object looks the same to the kit.
 */
function completeItems(list: Record<string, unknown>): KubernetesListObject<CachedObject> {
  const items = Array.isArray(list.items) ? list.items.filter(isRecord) : [];
  const apiVersion = typeof list.apiVersion === 'string' ? list.apiVersion : undefined;
  const listKind = typeof list.kind === 'string' ? list.kind : undefined;
  const kind = listKind?.endsWith('List') ? listKind.slice(0, -'List'.length) : undefined;
  return {
    apiVersion,
    kind: listKind,
    metadata: isRecord(list.metadata) ? list.metadata : {},
    // Parsed JSON is what the informer caches; the cast only names it.
    items: items.map((item) => ({ apiVersion, kind, ...item }) as CachedObject),
  };
}

/** A list function for `makeInformer` that lists the collection at `path` in `cluster`. */
export function listFunction(cluster: GatewayCluster, path: string): ListPromise<CachedObject> {
  return async () => {
    const response = await kubeRequest(cluster, path, { timeoutMs: LIST_TIMEOUT_MS });
    if (response.status < 200 || response.status > 299) throw new ListError(response.status, path);
    if (!isRecord(response.body)) throw new Error(`list ${path}: the answer is not a JSON object`);
    return completeItems(response.body);
  };
}
