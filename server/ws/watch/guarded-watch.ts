/**
 * client-node's Watch, made safe for its ListWatch (client-node 1.4.0, cache.js, watch.js).
 *
 * Failures: ListWatch starts every re-watch from its done callback and handles each event in an
 * async handler, and nobody awaits either promise: a failure before the watch request (getting
 * credentials: an exec plugin failing, a token file gone) or inside an event handler (an object
 * without metadata) would be an unhandled rejection, which ends a Node process. Here both are
 * reported through `done`, as any failed watch is, so the informer's error handlers see them and it
 * restarts.
 *
 * Silence: client-node builds a 30 s timeout for its watch request and then drops it, so a watch
 * whose connection went dead without a reset (a black-holed network, a stalled proxy) would wait
 * for ever and the cache would silently go stale. Each watch here asks the server to end it after
 * `timeoutSeconds` (as client-go does, a random time so that informers do not re-watch in step) and
 * to send bookmarks; when nothing at all arrives for that long plus a grace period, the connection
 * is given up and the watch is resumed from the last resourceVersion on a new one.
 */
import { Watch, type KubeConfig } from '@kubernetes/client-node';

type WatchCallback = Parameters<Watch['watch']>[2];
type DoneCallback = Parameters<Watch['watch']>[3];
type QueryParams = Parameters<Watch['watch']>[1];

/** When a watch counts as dead. */
export interface WatchDeadline {
  /** The `timeoutSeconds` asked of the server for one watch request. */
  timeoutSeconds(): number;
  /** How long past that time a watch may stay silent before its connection is given up. */
  graceMs: number;
}

/** client-go's choice: between 5 and 10 minutes, 30 s of grace. */
export const DEFAULT_WATCH_DEADLINE: WatchDeadline = {
  timeoutSeconds: () => 300 + Math.floor(Math.random() * 300),
  graceMs: 30_000,
};

/** A Watch whose failures all arrive at `done` and whose silent connections are given up. */
export class GuardedWatch extends Watch {
  constructor(
    config: KubeConfig,
    private readonly deadline: WatchDeadline = DEFAULT_WATCH_DEADLINE,
  ) {
    super(config);
  }

  override async watch(path: string, queryParams: QueryParams, callback: WatchCallback, done: DoneCallback): Promise<AbortController> {
    const timeoutSeconds = this.deadline.timeoutSeconds();
    let finished = false;
    let silence: NodeJS.Timeout | undefined;
    const finish: DoneCallback = (error) => {
      if (finished) return;
      finished = true;
      clearTimeout(silence);
      done(error);
    };
    const arm = (): void => {
      clearTimeout(silence);
      // Ending without an error resumes from the last resourceVersion; ListWatch aborts this request first.
      silence = setTimeout(() => finish(null), timeoutSeconds * 1000 + this.deadline.graceMs);
      silence.unref();
    };
    const guarded: WatchCallback = (phase, apiObj, watchObj) => {
      arm();
      Promise.resolve<unknown>(callback(phase, apiObj, watchObj)).catch((error: unknown) => finish(error));
    };
    arm();
    try {
      const request = await super.watch(path, { ...queryParams, timeoutSeconds, allowWatchBookmarks: true }, guarded, finish);
      // Given up while the response headers were still on their way: that request must not linger.
      if (finished) request.abort();
      return request;
    } catch (error) {
      finish(error);
      // ListWatch aborts the request it holds on its next start or stop; there is none to abort.
      return new AbortController();
    }
  }
}
