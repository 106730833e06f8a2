/**
 * A tiny hash router: the page's state lives in `location.hash`, so reload, back and forward work
 * and every view has a link. `#/c/CLUSTER/NAMESPACE/RESOURCE`, `#/c/CLUSTER/NAMESPACE/pods/POD/TAB`,
 * `#/c/CLUSTER/NAMESPACE/custom/PLURAL.GROUP`, one object `#/c/CLUSTER/NAMESPACE/RESOURCE/NAME` (custom:
 * `#/c/CLUSTER/NAMESPACE/custom/PLURAL.GROUP/NAME`), `#/settings/audit[/SESSION]`; the namespace `*` means all namespaces.
 */
import { useSyncExternalStore } from 'react';

/** The resource types the table shows; `custom` is the tab of the cluster's custom resources. */
export const RESOURCES = ['pods', 'deployments', 'services', 'nodes', 'events', 'custom'] as const;
/** One of {@link RESOURCES}. */
export type ResourceName = (typeof RESOURCES)[number];
/** The tabs of the pod page. */
export type PodTab = 'logs' | 'terminal' | 'yaml';

/** Every view of the demo. */
export type Route =
  /** `custom`: the custom resource (`plural.group`) chosen on the custom tab, "" before one is. */
  | { page: 'resources'; cluster: string; namespace: string; resource: ResourceName; custom?: string }
  | { page: 'pod'; cluster: string; namespace: string; pod: string; tab: PodTab }
  /** One object of a listed type other than pods; `resource` is a tab's type or a custom `plural.group`. */
  | { page: 'object'; cluster: string; namespace: string; resource: string; name: string }
  | { page: 'audit'; session: string | null };

const ALL = '*';

/** True for the types of the tabs. */
export function isResource(v: string | undefined): v is ResourceName {
  return (RESOURCES as readonly string[]).includes(v ?? '');
}

/** Parses a hash; anything unknown is the pods table of the first cluster. */
export function parseRoute(hash: string): Route {
  let parts: string[];
  try {
    parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  } catch {
    // A hand-edited hash with a broken escape (`%E0`) is just an unknown route.
    parts = [];
  }
  if (parts[0] === 'settings' && parts[1] === 'audit') return { page: 'audit', session: parts[2] || null };
  if (parts[0] === 'c' && parts[1]) {
    const cluster = parts[1];
    const namespace = parts[2] === ALL || parts[2] === undefined ? '' : parts[2];
    if (parts[3] === 'pods' && parts[4] && namespace) {
      return { page: 'pod', cluster, namespace, pod: parts[4], tab: parts[5] === 'terminal' || parts[5] === 'yaml' ? parts[5] : 'logs' };
    }
    if (parts[3] === 'custom' && parts[4] && parts[5]) return { page: 'object', cluster, namespace, resource: parts[4], name: parts[5] };
    if (isResource(parts[3]) && parts[3] !== 'custom' && parts[4]) return { page: 'object', cluster, namespace, resource: parts[3], name: parts[4] };
    if (parts[3] === 'custom') return { page: 'resources', cluster, namespace, resource: 'custom', custom: parts[4] ?? '' };
    return { page: 'resources', cluster, namespace, resource: isResource(parts[3]) ? parts[3] : 'pods' };
  }
  return { page: 'resources', cluster: '', namespace: 'default', resource: 'pods' };
}

/** The hash of a route. */
export function routeHash(route: Route): string {
  const path = (segments: string[]) => `#/${segments.map(encodeURIComponent).join('/')}`;
  switch (route.page) {
    case 'audit':
      return path(['settings', 'audit', ...(route.session ? [route.session] : [])]);
    case 'pod':
      return path(['c', route.cluster, route.namespace, 'pods', route.pod, route.tab]);
    case 'object':
      // A custom resource's name has a dot (plural.group); the tabs' types have none.
      return path(['c', route.cluster, route.namespace || ALL, ...(route.resource.includes('.') ? ['custom'] : []), route.resource, route.name]);
    case 'resources':
      return path(['c', route.cluster, route.namespace || ALL, route.resource, ...(route.custom ? [route.custom] : [])]);
  }
}

/** Goes to `route`; `replace` rewrites the current history entry instead of adding one. */
export function navigate(route: Route, replace = false): void {
  const hash = routeHash(route);
  if (replace) history.replaceState(null, '', hash);
  else location.hash = hash;
  if (replace) window.dispatchEvent(new HashChangeEvent('hashchange'));
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

/** The current hash; the route is parsed from it so that equal hashes give equal renders. */
export function useHash(): string {
  return useSyncExternalStore(subscribe, () => location.hash);
}
