/**
 * The watch benchmark page: mounts one side's feed on the pod table and exposes `window.watchBench`
 * for the Node driver (bench/resource-watch.ts). Latencies and counters are taken in the page.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import { resourceWatchKey } from '../../src/react/resource-watch-key.js';
import { afterPaint } from '../log-viewer/interactions.js';
import { BaselineFeed } from './baseline.js';
import { BASELINE_KEY } from './headlamp-list.js';
import { OursFeed } from './ours.js';
import { probe } from './probe.js';
import type { WatchBenchApi } from './protocol.js';

const root = createRoot(document.getElementById('root') as HTMLElement);

const api: WatchBenchApi = {
  async mount(side, target) {
    const queryClient = new QueryClient();
    probe.countWrites(queryClient, side === 'ours' ? resourceWatchKey({ cluster: target.cluster, namespace: target.namespace, resource: 'pods' }) : BASELINE_KEY);
    const rows = await new Promise<number>((resolve) =>
      root.render(
        side === 'ours' ? (
          <OursFeed target={target} onSynced={resolve} queryClient={queryClient} />
        ) : (
          <QueryClientProvider client={queryClient}>
            <BaselineFeed target={target} onSynced={resolve} />
          </QueryClientProvider>
        ),
      ),
    );
    await afterPaint();
    return rows;
  },
  begin: () => probe.begin(),
  counters: () => probe.counters(),
  latencies: (fromEpoch, toEpoch) => ({ ms: probe.latencies(fromEpoch, toEpoch), closed: probe.closed }),
};

window.watchBench = api;
