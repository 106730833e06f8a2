/**
 * The audit index: one row per recorded terminal session, behind one asynchronous interface with two
 * backends, the embedded SQLite file (the default) and PostgreSQL (`--database`, shared by replicas).
 * Both store the same columns and answer listings with the same keyset order, so cursors and pages
 * mean the same on either; this module holds what they share.
 */
import { decodeCursor, encodeCursor } from './cursor.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type RecordingMeta, type SessionPage, type SessionQuery, type TerminalSessionRecord } from './types.js';

/** An open session row no live gateway owns any more. */
export interface OrphanedSession {
  id: string;
  /** Start time, in ms since the epoch. */
  startedAt: number;
}

/** The table of recorded sessions. Every method may throw {@link AuditIndexUnavailableError}. */
export interface AuditIndex {
  /** Adds a session that just started; this index's process owns it until it is finished. */
  insert(id: string, meta: RecordingMeta, startedAt: number): Promise<void>;
  /** Records how a session ended. */
  finish(id: string, endedAt: number, exitCode: number | null, bytes: number): Promise<void>;
  /** Open sessions whose gateway is gone (crashed or stopped without finishing them). */
  orphaned(): Promise<OrphanedSession[]>;
  /** The session `id`, or null. */
  get(id: string): Promise<TerminalSessionRecord | null>;
  /** One page of sessions, newest first; throws InvalidCursorError for a bad cursor. */
  list(query: SessionQuery): Promise<SessionPage>;
  /** Releases the connection or file. */
  close(): Promise<void>;
}

/** The audit index's server did not answer: REST answers 503 JSON, the client may retry. */
export class AuditIndexUnavailableError extends Error {
  /** Fastify's error handler reads the status from here. */
  readonly statusCode = 503;

  constructor() {
    // The message reaches clients: it names no host, URL or credential.
    super('audit index unavailable; try again later');
    this.name = 'AuditIndexUnavailableError';
  }
}

/** A row as both backends return it (times in ms, the command as JSON text). */
export interface SessionRow {
  id: string;
  user_name: string;
  cluster: string;
  namespace: string;
  pod: string;
  container: string;
  command: string;
  started_at: number;
  ended_at: number | null;
  exit_code: number | null;
  bytes: number;
}

/** The columns of {@link SessionRow}, in the order both backends select them. */
export const SESSION_COLUMNS = 'id, user_name, cluster, namespace, pod, container, command, started_at, ended_at, exit_code, bytes';

/** The listing's parameters; null switches a filter off, so the statement is static. */
export interface ListParams {
  cluster: string | null;
  user: string | null;
  from: number | null;
  to: number | null;
  afterStart: number | null;
  afterId: string | null;
  /** One row more than the page holds: it tells whether another page follows without a COUNT. */
  limit: number;
}

/** The row of a session that just started. */
export function newRow(id: string, meta: RecordingMeta, startedAt: number): SessionRow {
  return {
    id,
    user_name: meta.user,
    cluster: meta.cluster,
    namespace: meta.namespace,
    pod: meta.pod,
    container: meta.container,
    command: JSON.stringify(meta.command),
    started_at: startedAt,
    ended_at: null,
    exit_code: null,
    bytes: 0,
  };
}

/** The wire record of a row. */
export function toRecord(row: SessionRow): TerminalSessionRecord {
  return {
    id: row.id,
    user: row.user_name,
    cluster: row.cluster,
    namespace: row.namespace,
    pod: row.pod,
    container: row.container,
    command: JSON.parse(row.command) as string[],
    startedAt: new Date(row.started_at).toISOString(),
    endedAt: row.ended_at === null ? null : new Date(row.ended_at).toISOString(),
    exitCode: row.exit_code,
    bytes: row.bytes,
  };
}

/** The statement parameters of `query` and its page size; throws InvalidCursorError for a bad cursor. */
export function listParams(query: SessionQuery): { params: ListParams; pageSize: number } {
  const pageSize = Math.min(Math.max(query.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  return {
    pageSize,
    params: {
      cluster: query.cluster ?? null,
      user: query.user ?? null,
      from: query.from?.getTime() ?? null,
      to: query.to?.getTime() ?? null,
      afterStart: after?.startedAt ?? null,
      afterId: after?.id ?? null,
      limit: pageSize + 1,
    },
  };
}

/** The page of `rows` (fetched with {@link listParams}' limit) and the cursor after it. */
export function pageOf(rows: SessionRow[], pageSize: number): SessionPage {
  const page = rows.slice(0, pageSize);
  const last = page[page.length - 1];
  const nextCursor = rows.length > pageSize && last ? encodeCursor({ startedAt: last.started_at, id: last.id }) : null;
  return { items: page.map(toRecord), nextCursor };
}
