/**
 * A virtualized pod table, as a dashboard shows one: fixed-height rows, only those in view (plus an
 * overscan) in the DOM, each memoised on its object so a frame re-renders only the rows that changed.
 * It hands every committed list to the probe.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { memo, useLayoutEffect, useState, type ReactNode } from 'react';
import { probe, stampOf } from './probe.js';

const ROW_PX = 24;
const VIEW_PX = 720;
const OVERSCAN = 10;

const Row = memo(function Row({ pod, top }: { pod: Pod; top: number }): ReactNode {
  const stamp = stampOf(pod);
  return (
    <div role="row" style={{ position: 'absolute', top, height: ROW_PX, display: 'flex', gap: 16, width: '100%' }}>
      <span style={{ width: 320 }}>{pod.metadata?.name}</span>
      <span style={{ width: 120 }}>{pod.status?.phase}</span>
      <span style={{ width: 160 }}>{pod.spec?.nodeName}</span>
      <span style={{ width: 80 }}>{pod.status?.containerStatuses?.[0]?.restartCount ?? 0}</span>
      <span style={{ width: 200 }}>{Number.isFinite(stamp) ? new Date(stamp).toISOString().slice(11, 23) : ''}</span>
    </div>
  );
});

/** The table over `items`, in their order. */
export function PodTable({ items }: { items: readonly Pod[] }): ReactNode {
  const [scrollTop, setScrollTop] = useState(0);
  useLayoutEffect(() => probe.committed(items), [items]);
  const first = Math.max(0, Math.floor(scrollTop / ROW_PX) - OVERSCAN);
  const last = Math.min(items.length, Math.ceil((scrollTop + VIEW_PX) / ROW_PX) + OVERSCAN);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    const pod = items[i] as Pod;
    rows.push(<Row key={pod.metadata?.uid ?? i} pod={pod} top={i * ROW_PX} />);
  }
  return (
    <div role="table" data-rows={items.length} style={{ height: VIEW_PX, overflowY: 'auto', position: 'relative' }} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <div style={{ height: items.length * ROW_PX, position: 'relative' }}>{rows}</div>
    </div>
  );
}
