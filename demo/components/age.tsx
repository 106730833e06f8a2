/** A live age ("45s", "3m12s", "5h", "12d") that ticks each second, as kubectl prints ages. */
import type { ReactNode } from 'react';
import { useClock } from './clock.js';

/** kubectl's short human duration. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  const d = Math.floor(h / 24);
  if (s < 120) return `${s}s`;
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  if (d < 8) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  return `${d}d`;
}

/** The age of `since` (RFC3339), or a dash when unknown; re-renders only when its text changes. */
export function Age({ since }: { since: string | undefined }): ReactNode {
  const start = since ? Date.parse(since) : NaN;
  const text = useClock((now) => (Number.isNaN(start) ? '—' : formatAge(now - start)));
  return <time dateTime={since}>{text}</time>;
}
