/**
 * The resource types the watch cache can hold, each with the API group/version it is listed and
 * watched at (core/v1, apps/v1, batch/v1, networking.k8s.io/v1), and the cluster-wide path of both.
 */

/** apiVersion of every type the gateway knows how to cache, by plural name. */
const API_VERSIONS: Readonly<Record<string, string>> = {
  namespaces: 'v1',
  nodes: 'v1',
  pods: 'v1',
  services: 'v1',
  configmaps: 'v1',
  secrets: 'v1',
  events: 'v1',
  persistentvolumeclaims: 'v1',
  persistentvolumes: 'v1',
  serviceaccounts: 'v1',
  endpoints: 'v1',
  deployments: 'apps/v1',
  replicasets: 'apps/v1',
  statefulsets: 'apps/v1',
  daemonsets: 'apps/v1',
  jobs: 'batch/v1',
  cronjobs: 'batch/v1',
  ingresses: 'networking.k8s.io/v1',
  networkpolicies: 'networking.k8s.io/v1',
  // Watched by custom-types.ts to follow the cluster's custom resources, and listable like any type.
  customresourcedefinitions: 'apiextensions.k8s.io/v1',
};

/** True when the gateway knows where `resource` is served. */
export function isCacheableResource(resource: string): boolean {
  return Object.prototype.hasOwnProperty.call(API_VERSIONS, resource);
}

/**
 * The all-namespaces collection path of a cacheable type (`/api/v1/pods`, `/apis/apps/v1/deployments`):
 * one informer per type and cluster serves every namespace, so subscriptions share it.
 */
export function collectionPath(resource: string): string {
  const apiVersion = API_VERSIONS[resource];
  if (apiVersion === undefined) throw new Error(`resource "${resource}" cannot be cached`);
  return apiVersion.includes('/') ? `/apis/${apiVersion}/${resource}` : `/api/${apiVersion}/${resource}`;
}
