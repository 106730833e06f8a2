/** Our side: the kit's provider and `useResourceWatch`, which writes the cache once per frame. */
import type { QueryClient } from '@tanstack/react-query';
import type { Pod } from 'kubernetes-types/core/v1';
import { useEffect, type ReactNode } from 'react';
import { KubeVisionProvider, useResourceWatch } from '../../src/react/index.js';
import { probe } from './probe.js';
import type { FeedTarget } from './protocol.js';
import { PodTable } from './table.js';

/** Props of a side's feed: where it connects, and a callback with the row count once synced. */
export interface FeedProps {
  readonly target: FeedTarget;
  readonly onSynced: (rows: number) => void;
}

function Pods({ target, onSynced }: FeedProps): ReactNode {
  const { items, isSynced, status } = useResourceWatch<Pod>({ cluster: target.cluster, namespace: target.namespace, resource: 'pods' });
  useEffect(() => {
    if (isSynced && items.length > 0) onSynced(items.length);
  }, [isSynced, items.length, onSynced]);
  useEffect(() => {
    // The gateway closed a socket it could not keep up with (4408): what follows is a resync, not the stream.
    if (isSynced && (status.state === 'reconnecting' || status.state === 'error')) probe.closed = true;
  }, [isSynced, status]);
  return <PodTable items={items} />;
}

/** The pod table fed by `useResourceWatch` through the kit's provider, on `queryClient`. */
export function OursFeed({ queryClient, ...props }: FeedProps & { readonly queryClient: QueryClient }): ReactNode {
  return (
    <KubeVisionProvider baseUrl={props.target.baseUrl} getToken={() => props.target.token} queryClient={queryClient}>
      <Pods {...props} />
    </KubeVisionProvider>
  );
}
