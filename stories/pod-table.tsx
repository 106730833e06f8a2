/**
 * A pods table built on `useResourceWatch`, the way a team would write one with the kit: the
 * subject of the resource-list stories and the subscription behind the connection-badge stories.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { ReactNode } from 'react';
import { ConnectionStatus, useResourceWatch } from '@kubevision/kit';
import { STORY_CLUSTER, STORY_NAMESPACE } from './mocks/pods.ts';

/** Props of {@link PodTable}. */
export interface PodTableProps {
  cluster?: string;
  namespace?: string;
}

function restarts(pod: Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((sum, c) => sum + c.restartCount, 0);
}

/** The live pods of one namespace with a connection badge and a count that says when the list is complete. */
export function PodTable({ cluster = STORY_CLUSTER, namespace = STORY_NAMESPACE }: PodTableProps): ReactNode {
  const { items, isSynced, error } = useResourceWatch<Pod>({ cluster, namespace, resource: 'pods' });
  const count = isSynced ? `${items.length.toLocaleString('en-US')} pods in ${namespace}` : 'Loading pods…';
  return (
    <section aria-label={`Pods of ${cluster}/${namespace}`} style={{ fontFamily: 'var(--kv-font)', color: 'var(--kv-fg)' }}>
      <header style={{ display: 'flex', gap: '1rem', alignItems: 'center', marginBottom: '0.5rem' }}>
        <ConnectionStatus />
        <span data-testid="pod-count">{count}</span>
      </header>
      {error && (
        <p role="alert" style={{ color: 'var(--kv-danger)' }}>
          Cannot watch pods ({error.code}): {error.reason}
        </p>
      )}
      {isSynced && items.length === 0 && !error && <p>No pods in {namespace}.</p>}
      <table className="kv-table" aria-label="Pods" aria-busy={!isSynced}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Phase</th>
            <th scope="col">Restarts</th>
            <th scope="col">Node</th>
          </tr>
        </thead>
        <tbody>
          {items.map((pod) => (
            <tr key={pod.metadata?.uid}>
              <td>{pod.metadata?.name}</td>
              <td>{pod.status?.phase}</td>
              <td>{restarts(pod)}</td>
              <td>{pod.spec?.nodeName}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
