/** The signed-in dashboard: top bar and the page the hash names. */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { listClusters } from './api.js';
import type { Session } from './auth/session.js';
import { AuditPage } from './pages/audit-page.js';
import { ObjectPage } from './pages/object-page.js';
import { PodPage } from './pages/pod/pod-page.js';
import { ResourcesPage } from './pages/resources-page.js';
import { navigate, parseRoute, useHash } from './router.js';
import { TopBar } from './top-bar.js';

/** The dashboard for `session`; needs <KubeVisionProvider> and a QueryClient above it. */
export function App({ session }: { session: Session }): ReactNode {
  const hash = useHash();
  const route = useMemo(() => parseRoute(hash), [hash]);
  const clusters = useQuery({ queryKey: ['clusters', session.user.name], queryFn: listClusters });
  // The audit page has no cluster of its own: the pickers keep showing the last one.
  const [place, setPlace] = useState({ cluster: '', namespace: 'default' });
  if (route.page !== 'audit' && route.cluster && (route.cluster !== place.cluster || route.namespace !== place.namespace)) {
    setPlace({ cluster: route.cluster, namespace: route.namespace });
  }
  const firstCluster = clusters.data?.[0]?.name;
  const cluster = route.page === 'audit' ? place.cluster || (firstCluster ?? '') : route.cluster;
  const namespace = route.page === 'audit' ? place.namespace : route.namespace;

  useEffect(() => {
    if (route.page === 'resources' && !route.cluster && firstCluster) navigate({ ...route, cluster: firstCluster }, true);
  }, [route, firstCluster]);

  const known = clusters.data?.some((c) => c.name === cluster) ?? false;
  return (
    <div className="demo-app">
      <TopBar session={session} route={route} clusters={clusters.data ?? []} cluster={known ? cluster : ''} namespace={namespace} />
      <main className="demo-main">
        {clusters.error && (
          <p className="demo-error" role="alert">
            Cannot list clusters: {clusters.error.message}
          </p>
        )}
        {clusters.data && cluster && !known && route.page !== 'audit' && <p className="demo-error">There is no cluster “{cluster}” (or you may not see it).</p>}
        {route.page === 'audit' && <AuditPage session={session} selected={route.session} />}
        {route.page === 'resources' && known && <ResourcesPage cluster={route.cluster} namespace={route.namespace} resource={route.resource} custom={route.custom ?? ''} />}
        {route.page === 'object' && known && <ObjectPage cluster={route.cluster} namespace={route.namespace} resource={route.resource} name={route.name} />}
        {route.page === 'pod' && known && <PodPage cluster={route.cluster} namespace={route.namespace} pod={route.pod} tab={route.tab} />}
      </main>
    </div>
  );
}
