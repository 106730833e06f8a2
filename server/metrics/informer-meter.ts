/**
 * The two hooks that let an informer count its relists and 410s without client-node telling:
 * ListWatch clears its resourceVersion on a 410 Gone (an ERROR event or the watch's HTTP status)
 * and then lists again, so the list function sees every relist and the watch sees every 410.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { GuardedWatch, type WatchDeadline } from '../ws/watch/guarded-watch.js';
import type { InformerMeter } from './gateway-metrics.js';

type WatchCallback = Parameters<GuardedWatch['watch']>[2];
type DoneCallback = Parameters<GuardedWatch['watch']>[3];
type QueryParams = Parameters<GuardedWatch['watch']>[1];

/** True for what client-node takes as 410 Gone: an error or Status with `statusCode` or `code` 410. */
function isGone(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { statusCode, code } = value as { statusCode?: unknown; code?: unknown };
  return statusCode === 410 || code === 410;
}

/** A {@link GuardedWatch} that reports every 410 Gone answer to `meter`. */
export class MeteredWatch extends GuardedWatch {
  constructor(
    config: KubeConfig,
    deadline: WatchDeadline | undefined,
    private readonly meter: InformerMeter,
  ) {
    super(config, deadline);
  }

  override watch(path: string, queryParams: QueryParams, callback: WatchCallback, done: DoneCallback): Promise<AbortController> {
    const counted: WatchCallback = (phase, apiObj, watchObj) => {
      if (phase === 'ERROR' && isGone(apiObj)) this.meter.gone();
      // Returned, not dropped: GuardedWatch routes a rejection of ListWatch's async handler to done.
      return callback(phase, apiObj, watchObj);
    };
    const finished: DoneCallback = (error) => {
      if (isGone(error)) this.meter.gone();
      done(error);
    };
    return super.watch(path, queryParams, counted, finished);
  }
}

/** Wraps an informer's list function so that every list after the first successful one counts as a relist. */
export function meteredList<T>(list: () => Promise<T>, meter: InformerMeter): () => Promise<T> {
  let listed = false;
  return async () => {
    if (listed) meter.relisted();
    const result = await list();
    listed = true;
    return result;
  };
}
