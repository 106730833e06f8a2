/** The query function of a resource watch: the first snapshot that completed a sync (or failed). */
import type { WatchClient, WatchKey } from '../core/index.js';
import type { ResourceWatchSnapshot, WatchedObject } from './watched-object.js';

/**
 * Resolves with the first snapshot of `key` that is synced or in error, so Suspense and `isPending`
 * end when the list is complete. Its own interest in `key` ends then; the core's linger keeps the
 * server subscription for the component's longer-lived one.
 */
export function waitForSync<T extends WatchedObject>(watch: WatchClient, key: WatchKey, signal: AbortSignal): Promise<ResourceWatchSnapshot<T>> {
  return new Promise((resolve, reject) => {
    const stop = watch.watch(key, (snapshot) => {
      if (!snapshot.synced && snapshot.status.state !== 'error') return;
      signal.removeEventListener('abort', abort);
      stop();
      resolve(snapshot as ResourceWatchSnapshot<WatchedObject> as ResourceWatchSnapshot<T>);
    });
    function abort(): void {
      stop();
      reject(signal.reason);
    }
    signal.addEventListener('abort', abort, { once: true });
  });
}
