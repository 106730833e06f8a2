/**
 * What the log endpoint asks Kubernetes for: client-node's LogOptions from the socket's query, with the seed's defaults filled in.
 */
import type { LogOptions } from '@kubernetes/client-node';
import type { LogQuery } from '../../../src/core/protocol.js';
import { compareTimes, parsePreciseTime } from '../../../src/core/timestamps.js';

/** Lines of history sent before streaming when the query has no `tail` (seed). */
export const DEFAULT_TAIL_LINES = 100;

/** `nowMs` as RFC3339 in whole seconds, the precision kubelet honours `sinceTime` with. */
function wholeSecond(nowMs: number): string {
  return new Date(Math.floor(nowMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The later of two RFC3339 times (both already validated by parseLogQuery). */
function later(a: string, b: string | undefined): string {
  if (b === undefined) return a;
  const ta = parsePreciseTime(a);
  const tb = parsePreciseTime(b);
  return ta && tb && compareTimes(tb, ta) > 0 ? b : a;
}

/** client-node's LogOptions for a parsed query; `nowMs` matters only for `tail=0`. */
export function kubeLogOptions(query: LogQuery, nowMs: number): LogOptions {
  const tail = query.tail ?? DEFAULT_TAIL_LINES;
  const options: LogOptions = { follow: query.follow ?? true, timestamps: query.timestamps ?? false, previous: query.previous ?? false };
  if (query.sinceTime !== undefined) options.sinceTime = query.sinceTime;
  if (tail > 0) options.tailLines = tail;
  // client-node 1.4.0 drops a falsy tailLines, so `tail=0` would become the whole log. Asking from the
  // current second instead shows at most that second's history and never loses a new line.
  if (tail === 0) options.sinceTime = later(wholeSecond(nowMs), query.sinceTime);
  return options;
}
