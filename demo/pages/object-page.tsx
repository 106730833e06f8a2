/** The detail page of one object of any listed type but pods: its live YAML, changes, edits and events. */
import type { ReactNode } from 'react';
import { ResourceView } from '@kubevision/kit/resource';
import { isResource, routeHash } from '../router.js';

/** Props of {@link ObjectPage}. */
export interface ObjectPageProps {
  cluster: string;
  /** The object's namespace; "" for a cluster-scoped object. */
  namespace: string;
  /** A tab's type or a custom resource's `plural.group`. */
  resource: string;
  name: string;
}

/** One object with a link back to its table. */
export function ObjectPage({ cluster, namespace, resource, name }: ObjectPageProps): ReactNode {
  const custom = !isResource(resource);
  const table = routeHash({ page: 'resources', cluster, namespace, resource: isResource(resource) ? resource : 'custom', ...(custom ? { custom: resource } : {}) });
  return (
    <div className="demo-object">
      <a href={table}>← {resource}</a>
      <ResourceView key={`${cluster}/${namespace}/${resource}/${name}`} cluster={cluster} namespace={namespace} resource={resource} name={name} />
    </div>
  );
}
