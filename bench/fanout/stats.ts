/** Percentiles of a latency histogram and medians of run figures, for the fan-out bench. */
import { BUCKETS_PER_MS } from './ipc.ts';

/** The latency (ms) below which `p` of the histogram's deliveries fall. */
export function histogramPercentile(histogram: Map<number, number>, p: number): number {
  const buckets = [...histogram].sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return Number.NaN;
  const rank = Math.min(total, Math.max(1, Math.ceil(total * p)));
  let seen = 0;
  for (const [bucket, count] of buckets) {
    seen += count;
    if (seen >= rank) return bucket / BUCKETS_PER_MS;
  }
  return Number.NaN;
}

/** The median of some values (the upper one of an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
