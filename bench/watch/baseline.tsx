/** The baseline side: the same table on a react-query list that {@link EventSocket} rewrites once per event. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Pod } from 'kubernetes-types/core/v1';
import { useEffect, useState, type ReactNode } from 'react';
import { applyUpdate, BASELINE_KEY, EventSocket } from './headlamp-list.js';
import type { FeedProps } from './ours.js';
import { PodTable } from './table.js';

const NO_PODS: readonly Pod[] = [];

/** The pod table on the once-per-event cache writes; needs a QueryClientProvider above it. */
export function BaselineFeed({ target, onSynced }: FeedProps): ReactNode {
  const queryClient = useQueryClient();
  const [socket] = useState(() => new EventSocket(target));
  // Headlamp's list query: kept by the watch, never refetched; its items are class instances, so its
  // structural sharing is one shallow pass over them, which the copy in applyUpdate already stands for.
  const { data } = useQuery({ queryKey: BASELINE_KEY, queryFn: () => socket.synced, staleTime: Infinity, structuralSharing: false, retry: false, refetchOnWindowFocus: false });
  useEffect(() => socket.onEvent((type, object) => queryClient.setQueryData<Pod[]>(BASELINE_KEY, (old) => old && applyUpdate(old, type, object))), [socket, queryClient]);
  const items = data ?? NO_PODS;
  useEffect(() => {
    if (items.length > 0) onSynced(items.length);
  }, [items.length, onSynced]);
  return <PodTable items={items} />;
}
