/** The bar at the top: pickers, navigation, the kit's connection badge, the user and sign-out. */
import type { ReactNode } from 'react';
import { ConnectionStatus } from '@kubevision/kit';
import type { ClusterInfo } from './api.js';
import { hasRole, signOut, type Session } from './auth/session.js';
import { ClusterPicker } from './components/cluster-picker.js';
import { NamespacePicker } from './components/namespace-picker.js';
import { navigate, routeHash, type Route } from './router.js';

/** Props of {@link TopBar}. */
export interface TopBarProps {
  session: Session;
  route: Route;
  clusters: readonly ClusterInfo[];
  /** The cluster and namespace in view (kept while on the audit page). */
  cluster: string;
  namespace: string;
}

/** Changing the cluster or namespace goes back to the resource list there. */
export function TopBar({ session, route, clusters, cluster, namespace }: TopBarProps): ReactNode {
  const resource = route.page === 'resources' ? route.resource : 'pods';
  return (
    <header className="demo-topbar">
      <a className="demo-brand" href={routeHash({ page: 'resources', cluster, namespace, resource: 'pods' })}>
        KubeVision
      </a>
      <ClusterPicker clusters={clusters} value={cluster} onChange={(c) => navigate({ page: 'resources', cluster: c, namespace, resource })} />
      {cluster && <NamespacePicker cluster={cluster} value={namespace} onChange={(ns) => navigate({ page: 'resources', cluster, namespace: ns, resource })} />}
      <nav className="demo-topbar__nav" aria-label="Main">
        <a href={routeHash({ page: 'resources', cluster, namespace, resource })} aria-current={route.page !== 'audit' ? 'page' : undefined}>
          Resources
        </a>
        {hasRole(session, 'admin') && (
          <a href={routeHash({ page: 'audit', session: null })} aria-current={route.page === 'audit' ? 'page' : undefined}>
            Settings
          </a>
        )}
      </nav>
      <ConnectionStatus />
      <span className="demo-user" title={`role: ${session.user.role}`}>
        {session.user.name} · {session.user.role}
      </span>
      <button type="button" className="demo-button demo-button--small" onClick={signOut}>
        Sign out
      </button>
    </header>
  );
}
