/**
 * `useLogStream`: a live container log as a bounded line store that re-renders at most once per frame,
 * for teams that render logs their own way (`<LogViewer>` is built on it).
 */
import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import type { LogStreamStatus } from '../core/index.js';
import type { LogLineStore } from '../logs/line-store.js';
import { LogSession } from '../logs/log-session.js';
import { useKubeVisionClient } from './provider.js';

/** Options of {@link useLogStream}; changing any of them but `enabled` opens a new stream into a new store. */
export interface UseLogStreamOptions {
  cluster: string;
  namespace: string;
  pod: string;
  /** Default: the pod's first container. */
  container?: string;
  /** Lines of history on the first connect; default the gateway's (100). */
  tail?: number;
  /** The previous instance of the container (after a crash or restart). */
  previous?: boolean;
  /** Most lines held; the oldest are dropped and counted beyond it. Default 100,000. */
  maxLines?: number;
  /** False to open nothing; default true. */
  enabled?: boolean;
}

/** What {@link useLogStream} returns. */
export interface LogStreamView {
  /**
   * The lines, mutated in place as batches arrive; a new store per stream identity. Lines carry their
   * timestamp separately (`LogLine.timestamp`), so showing timestamps never needs a reconnect.
   */
  readonly lines: LogLineStore;
  /** Changes whenever `lines` or `status` changed (at most once per animation frame for lines). */
  readonly version: number;
  readonly status: LogStreamStatus;
  /** Lines dropped so far: beyond `maxLines`, or while the page could not keep up. Reset by `clear`. */
  readonly dropped: number;
  /** Empties the store; the stream keeps running. */
  clear(): void;
}

/** Streams a container log into a bounded store; the stream closes on unmount or when the options change. */
export function useLogStream(options: UseLogStreamOptions): LogStreamView {
  const { cluster, namespace, pod, container, tail, previous, maxLines, enabled = true } = options;
  const client = useKubeVisionClient();
  // The dependencies are the stream's identity: a new stream (its seqs restart at 0) never mixes its
  // lines into an old store, and that includes re-enabling and a new client.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const session = useMemo(() => new LogSession(maxLines), [client, enabled, cluster, namespace, pod, container, tail, previous, maxLines]);
  const version = useSyncExternalStore(session.subscribe, session.getVersion);

  useEffect(() => {
    if (!enabled) return;
    return session.connect(client, {
      cluster,
      namespace,
      pod,
      ...(container ? { container } : {}),
      ...(tail !== undefined ? { tail } : {}),
      ...(previous !== undefined ? { previous } : {}),
    });
  }, [client, session, enabled, cluster, namespace, pod, container, tail, previous]);

  const clear = useCallback(() => session.clear(), [session]);
  const { status, dropped } = session;
  return useMemo(() => ({ lines: session.lines, version, status, dropped, clear }), [session, version, status, dropped, clear]);
}
