/**
 * The demo's custom resource picker with a live list of the chosen type's objects: the subject of
 * the custom resource stories, built on `useResourceWatch` alone (a custom type is just a
 * `plural.group` resource name to the kit).
 */
import { useState, type ReactNode } from 'react';
import { useResourceWatch } from '@kubevision/kit';
import { CustomResourcePicker } from '../demo/components/custom-resource-picker.tsx';
import { STORY_CLUSTER, STORY_NAMESPACE } from './mocks/pods.ts';

function Objects({ resource }: { resource: string }): ReactNode {
  const { items, isSynced } = useResourceWatch({ cluster: STORY_CLUSTER, namespace: STORY_NAMESPACE, resource });
  return (
    <ul aria-label={`${resource} in ${STORY_NAMESPACE}`} aria-busy={!isSynced}>
      {items.map((o) => (
        <li key={o.metadata?.name}>{o.metadata?.name}</li>
      ))}
    </ul>
  );
}

/** Pick one of the cluster's custom resources, then see its objects live. */
export function CustomResourceBrowser(): ReactNode {
  const [resource, setResource] = useState('');
  return (
    <section aria-label="Custom resources" style={{ fontFamily: 'var(--kv-font)', color: 'var(--kv-fg)' }}>
      <CustomResourcePicker cluster={STORY_CLUSTER} value={resource} onChange={setResource} />
      {resource && <Objects resource={resource} />}
    </section>
  );
}
