/**
 * The resources page: a tab per resource type, the live table, and "New pod" and Delete for who may
 * use them. The Custom tab picks one of the cluster's custom resources and shows its objects live.
 */
import { useCallback, useState, type ReactNode } from 'react';
import { useCan, type WatchedObject } from '@kubevision/kit';
import { CustomResourcePicker } from '../components/custom-resource-picker.js';
import { NewPodForm } from '../components/new-pod-form.js';
import { ResourceTable } from '../components/resource-table.js';
import { navigate, RESOURCES, routeHash, type ResourceName } from '../router.js';

/** Props of {@link ResourcesPage}. */
export interface ResourcesPageProps {
  cluster: string;
  namespace: string;
  resource: ResourceName;
  /** On the Custom tab: the chosen custom resource (`plural.group`), "" for none. */
  custom?: string;
}

/** Pods, deployments, services, nodes and events of the chosen cluster and namespace. */
export function ResourcesPage({ cluster, namespace, resource, custom = '' }: ResourcesPageProps): ReactNode {
  const [creating, setCreating] = useState(false);
  // Shown only on a yes from the gateway (its role, then the cluster's RBAC as this user).
  const mayCreatePod = useCan({ cluster, namespace: namespace || 'default', resource: 'pods', verb: 'create' }).allowed === true;
  // The type the table shows: on the Custom tab the chosen custom resource (none yet: the CRDs, for the question below).
  const shown = resource === 'custom' ? custom : resource;
  const deletable = resource !== 'nodes' && resource !== 'events';
  const mayDelete = useCan({ cluster, namespace, resource: shown || 'customresourcedefinitions', verb: 'delete' }).allowed === true;
  const podLink = useCallback(
    (o: WatchedObject) =>
      o.metadata?.name && o.metadata.namespace ? routeHash({ page: 'pod', cluster, namespace: o.metadata.namespace, pod: o.metadata.name, tab: 'logs' }) : undefined,
    [cluster],
  );
  // Every other type links to its object page; cluster-scoped objects (nodes) have no namespace.
  const objectLink = useCallback(
    (o: WatchedObject) => (o.metadata?.name ? routeHash({ page: 'object', cluster, namespace: o.metadata.namespace ?? '', resource: shown, name: o.metadata.name }) : undefined),
    [cluster, shown],
  );

  return (
    <>
      <nav className="demo-tabs" aria-label="Resource types">
        {RESOURCES.map((r) => (
          <a key={r} href={routeHash({ page: 'resources', cluster, namespace, resource: r })} aria-current={r === resource ? 'page' : undefined}>
            {r[0]?.toUpperCase() + r.slice(1)}
          </a>
        ))}
        {mayCreatePod && resource === 'pods' && !creating && (
          <button type="button" className="demo-button demo-button--primary demo-tabs__action" onClick={() => setCreating(true)}>
            New pod
          </button>
        )}
      </nav>
      {creating && <NewPodForm cluster={cluster} namespace={namespace || 'default'} onDone={() => setCreating(false)} />}
      {resource === 'custom' && (
        <div className="demo-toolbar">
          <CustomResourcePicker cluster={cluster} value={custom} onChange={(next) => navigate({ page: 'resources', cluster, namespace, resource, custom: next })} />
        </div>
      )}
      {shown && (
        <ResourceTable
          key={`${cluster}/${shown}`}
          cluster={cluster}
          namespace={namespace}
          resource={shown}
          linkFor={resource === 'pods' ? podLink : objectLink}
          canDelete={deletable && mayDelete}
        />
      )}
    </>
  );
}
