/**
 * Messages between the fan-out bench (the gateway's process) and its client processes. Times are
 * epoch milliseconds with sub-millisecond precision (`performance.timeOrigin + performance.now()`), so
 * stamps taken in one process compare with arrivals seen in another on the same machine.
 */

/** Parent to child. */
export type ToClients =
  | { type: 'connect'; url: string; count: number; subscribe: string | null }
  | { type: 'measure' }
  | { type: 'report'; stamps: [resourceVersion: string, at: number][] }
  | { type: 'close' };

/** Child to parent. */
export type FromClients =
  | { type: 'connected'; count: number }
  | { type: 'failed'; error: string }
  | { type: 'report'; delivered: number; histogram: [bucket: number, count: number][] }
  | { type: 'closed' };

/** Latency histogram resolution: buckets of 0.1 ms. */
export const BUCKETS_PER_MS = 10;

/** Now, comparable across processes. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}
