/**
 * client-node's Watch, made safe for its ListWatch (client-node 1.4.0, cache.js). ListWatch starts
 * every re-watch from its done callback and handles each event in an async handler, and nobody
 * awaits either promise: a failure before the watch request (getting credentials: an exec plugin
 * failing, a token file gone) or inside an event handler (an object without metadata) would be an
 * unhandled rejection, which ends a Node process. Here both are reported through `done`, as any
 * failed watch is, so the informer's error handlers see them and it restarts.
 */
import { Watch } from '@kubernetes/client-node';

type WatchCallback = Parameters<Watch['watch']>[2];
type DoneCallback = Parameters<Watch['watch']>[3];

/** A Watch whose failures all arrive at `done` instead of rejecting a promise nobody awaits. */
export class GuardedWatch extends Watch {
  override async watch(path: string, queryParams: Parameters<Watch['watch']>[1], callback: WatchCallback, done: DoneCallback): Promise<AbortController> {
    const guarded: WatchCallback = (phase, apiObj, watchObj) => {
      Promise.resolve<unknown>(callback(phase, apiObj, watchObj)).catch((error: unknown) => done(error));
    };
    try {
      return await super.watch(path, queryParams, guarded, done);
    } catch (error) {
      done(error);
      // ListWatch aborts the request it holds on its next start or stop; there is none to abort.
      return new AbortController();
    }
  }
}
