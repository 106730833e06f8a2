/** `useTerminalSessions`: cursor-paged loading of recorded sessions for one set of filters. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTokenRelay, type TerminalSessionQuery, type TerminalSessionRecord } from '@kubevision/kit';
import { fetchTerminalSessions, type AuditConnection } from './audit-api.js';

/** The filters of a session listing (everything of {@link TerminalSessionQuery} but paging). */
export type TerminalSessionFilters = Omit<TerminalSessionQuery, 'cursor' | 'limit'>;

/** State returned by {@link useTerminalSessions}. */
export interface TerminalSessionsState {
  /** Every session loaded so far, newest first. */
  items: TerminalSessionRecord[];
  /** `loading` covers both the first page and further pages. */
  status: 'loading' | 'ready' | 'error';
  error: Error | null;
  /** True while the gateway has more sessions than loaded. */
  hasMore: boolean;
  /** Appends the next page (or retries a failed one); a no-op while loading or on the last page. */
  loadMore(): void;
}

/** What has been loaded for the query `key`; a different key means the current query is loading. */
interface Pages {
  key: string | null;
  items: TerminalSessionRecord[];
  cursor: string | null;
  pending: boolean;
  error: Error | null;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Loads recorded sessions matching `filters`, `pageSize` at a time. Changing the filters starts
 * over from the first page and aborts a request still in flight, so a slow old answer never
 * overwrites a newer one.
 */
export function useTerminalSessions(connection: AuditConnection, filters: TerminalSessionFilters, pageSize = 25): TerminalSessionsState {
  const { baseUrl } = connection;
  const getToken = useTokenRelay(connection.getToken);
  const { cluster, user, from, to } = filters;
  const fromMs = from?.getTime();
  const toMs = to?.getTime();
  // Dates are compared by value: a caller passing `new Date(...)` each render must not refetch.
  const key = JSON.stringify([baseUrl, cluster, user, fromMs, toMs, pageSize]);
  const [pages, setPages] = useState<Pages>({ key: null, items: [], cursor: null, pending: false, error: null });
  const inflight = useRef<AbortController | null>(null);

  const fetchPage = useCallback(
    (cursor: string | null, signal: AbortSignal) => {
      const query: TerminalSessionQuery = { cluster, user, limit: pageSize };
      if (fromMs !== undefined) query.from = new Date(fromMs);
      if (toMs !== undefined) query.to = new Date(toMs);
      if (cursor) query.cursor = cursor;
      fetchTerminalSessions({ baseUrl, getToken }, query, signal).then(
        (page) => {
          if (signal.aborted) return;
          setPages((old) => ({ key, items: cursor ? [...old.items, ...page.items] : page.items, cursor: page.nextCursor, pending: false, error: null }));
        },
        (e: unknown) => {
          if (signal.aborted) return;
          // A failed next page keeps its cursor, so "Load more" retries it.
          setPages((old) => ({ key, items: cursor ? old.items : [], cursor, pending: false, error: asError(e) }));
        },
      );
    },
    [key, baseUrl, getToken, cluster, user, fromMs, toMs, pageSize],
  );

  useEffect(() => {
    const controller = new AbortController();
    inflight.current = controller;
    fetchPage(null, controller.signal);
    return () => inflight.current?.abort();
  }, [fetchPage]);

  const current = pages.key === key;
  const loadMore = useCallback(() => {
    if (!current || pages.pending || !pages.cursor) return;
    inflight.current?.abort();
    const controller = new AbortController();
    inflight.current = controller;
    setPages((old) => ({ ...old, pending: true, error: null }));
    fetchPage(pages.cursor, controller.signal);
  }, [current, pages.pending, pages.cursor, fetchPage]);

  if (!current) return { items: [], status: 'loading', error: null, hasMore: false, loadMore };
  const status = pages.pending ? 'loading' : pages.error ? 'error' : 'ready';
  return { items: pages.items, status, error: pages.error, hasMore: pages.cursor !== null, loadMore };
}
