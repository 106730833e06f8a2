/** Latency percentiles of the watch bench, on the fan-out bench's histogram (0.1 ms buckets). */
import { BUCKETS_PER_MS } from '../fanout/ipc.ts';
import { histogramPercentile } from '../fanout/stats.ts';

/** The latency (ms) below which `p` of `values` fall; NaN when there are none. */
export function latencyPercentile(values: readonly number[], p: number): number {
  const histogram = new Map<number, number>();
  for (const ms of values) {
    const bucket = Math.max(0, Math.round(ms * BUCKETS_PER_MS));
    histogram.set(bucket, (histogram.get(bucket) ?? 0) + 1);
  }
  return histogramPercentile(histogram, p);
}
