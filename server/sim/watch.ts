/**
 * `?watch=true`: newline-delimited JSON events flushed one by one, resumable from a resourceVersion
 * within the history window, 410 Expired (as an ERROR event on a 200 response) beyond it, bookmarks
 * on request, timeoutSeconds honoured, and slow readers cut off so memory stays bounded.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, expired, type KubeStatus } from './errors.js';
import type { StoredObject } from './object.js';
import { apiVersionOf, qualifiedName, type ResourceType } from './resources.js';
import type { ObjectFilter } from './selectors.js';
import type { ClusterStore, StoreEvent } from './store.js';
import { toTable } from './tables.js';

/** Settings of one watch response. */
export interface WatchOptions {
  /** Interval of BOOKMARK events when the client allows them. */
  bookmarkMs: number;
  /** Server-side limit when the client gives no timeoutSeconds. */
  defaultTimeoutSeconds: number;
  /** Answer with Table rows (kubectl get -w). */
  table: boolean;
  includeObject: string | null;
  /** Bytes a reader may fall behind before the watch is closed. */
  maxBufferedBytes: number;
}

type WatchType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** Parses `resourceVersion` of a watch: undefined means "current state first". */
export function watchStartVersion(query: URLSearchParams): number | undefined | KubeStatus {
  const rv = query.get('resourceVersion');
  if (rv === null || rv === '' || rv === '0') return undefined;
  if (!/^\d+$/.test(rv)) return badRequest(`invalid resource version: ${rv}`);
  return Number(rv);
}

/** What an event becomes for a filtered watch: a selector change turns MODIFIED into ADDED or DELETED. */
function filtered(event: StoreEvent, filter: ObjectFilter): 'ADDED' | 'MODIFIED' | 'DELETED' | null {
  const now = filter(event.object);
  if (event.type !== 'MODIFIED' || !event.previous) return now ? event.type : null;
  const before = filter(event.previous);
  if (now && before) return 'MODIFIED';
  if (now) return 'ADDED';
  return before ? 'DELETED' : null;
}

/** Streams a watch of `t` on `store` to `res` until the client leaves, the timeout passes or it falls behind. */
export function serveWatch(
  req: IncomingMessage,
  res: ServerResponse,
  store: ClusterStore,
  t: ResourceType,
  filter: ObjectFilter,
  start: number | undefined,
  query: URLSearchParams,
  options: WatchOptions,
): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  let open = true;
  let unsubscribe: () => void = () => undefined;
  const timers: ReturnType<typeof setTimeout>[] = [];
  const write = (type: WatchType, object: unknown): void => {
    if (!open) return;
    res.write(`${JSON.stringify({ type, object })}\n`);
    if (res.writableLength > options.maxBufferedBytes) finish();
  };
  const shape = (stored: StoredObject): unknown => {
    // Events carry the object as written, possibly through another version of the same custom type.
    const o = stored.apiVersion === apiVersionOf(t) ? stored : { ...stored, apiVersion: apiVersionOf(t) };
    return options.table ? toTable(t.kind, [o], o.metadata.resourceVersion, options.includeObject, Date.now()) : o;
  };

  if (start !== undefined) {
    const events = store.eventsSince(start);
    if (events === null) {
      write('ERROR', expired(start, store.oldestResourceVersion));
      res.end();
      return;
    }
    for (const e of events) deliver(e);
  } else {
    for (const o of store.list(t)) if (filter(o)) write('ADDED', shape(o));
  }

  function deliver(e: StoreEvent): void {
    if (e.resource !== t && qualifiedName(e.resource) !== qualifiedName(t)) return;
    const type = filtered(e, filter);
    if (type) write(type, shape(e.object));
  }

  if (!open) return;
  const offEvents = store.subscribe(deliver);
  const offEnd = store.onWatchesEnd(finish, t);
  unsubscribe = () => {
    offEvents();
    offEnd();
  };
  const seconds = Number(query.get('timeoutSeconds'));
  const timeout = Number.isFinite(seconds) && seconds > 0 ? seconds : options.defaultTimeoutSeconds;
  timers.push(setTimeout(finish, timeout * 1000));
  if (query.get('allowWatchBookmarks') === 'true') {
    timers.push(
      setInterval(() => {
        write('BOOKMARK', { kind: t.kind, apiVersion: apiVersionOf(t), metadata: { resourceVersion: String(store.resourceVersion) } });
      }, options.bookmarkMs),
    );
  }
  function finish(): void {
    if (!open) return;
    open = false;
    unsubscribe();
    for (const timer of timers) clearTimeout(timer);
    if (!res.writableEnded) res.end();
  }
  req.on('close', finish);
  res.on('close', finish);
}
