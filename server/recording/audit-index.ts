/**
 * The embedded audit index (better-sqlite3): one row per recorded terminal session. Every statement
 * is prepared once; the listing is one static statement whose filters are switched off by NULL
 * parameters, so no SQL is ever built from user input.
 */
import { chmodSync, closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { decodeCursor, encodeCursor } from './cursor.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type RecordingMeta, type SessionPage, type SessionQuery, type TerminalSessionRecord } from './types.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS terminal_sessions (
  id         TEXT PRIMARY KEY,
  user_name  TEXT NOT NULL,
  cluster    TEXT NOT NULL,
  namespace  TEXT NOT NULL,
  pod        TEXT NOT NULL,
  container  TEXT NOT NULL,
  command    TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  ended_at   INTEGER,
  exit_code  INTEGER,
  bytes      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS terminal_sessions_newest ON terminal_sessions (started_at DESC, id DESC);
`;

const COLUMNS = 'id, user_name, cluster, namespace, pod, container, command, started_at, ended_at, exit_code, bytes';

interface Row {
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

interface ListParams {
  cluster: string | null;
  user: string | null;
  from: number | null;
  to: number | null;
  afterStart: number | null;
  afterId: string | null;
  limit: number;
}

function toRecord(row: Row): TerminalSessionRecord {
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

/** The SQLite table of recorded sessions. */
export class AuditIndex {
  private readonly db: Database.Database;
  private readonly insertStmt: Database.Statement<[Row]>;
  private readonly finishStmt: Database.Statement<[{ id: string; endedAt: number; exitCode: number | null; bytes: number }]>;
  private readonly getStmt: Database.Statement<[string], Row>;
  private readonly unfinishedStmt: Database.Statement<[], Pick<Row, 'id' | 'started_at'>>;
  private readonly listStmt: Database.Statement<[ListParams], Row>;

  constructor(path: string) {
    // The index names who opened a shell where: 0600 like the recordings. SQLite gives its -wal and
    // -shm files the database file's mode, so creating this one right covers them.
    closeSync(openSync(path, 'a', 0o600));
    chmodSync(path, 0o600);
    this.db = new Database(path);
    // WAL lets the audit API read while sessions are being written.
    this.db.pragma('journal_mode = WAL');
    this.db.exec(SCHEMA);
    this.insertStmt = this.db.prepare(
      `INSERT INTO terminal_sessions (${COLUMNS}) VALUES (@id, @user_name, @cluster, @namespace, @pod, @container, @command, @started_at, @ended_at, @exit_code, @bytes)`,
    );
    this.finishStmt = this.db.prepare('UPDATE terminal_sessions SET ended_at = @endedAt, exit_code = @exitCode, bytes = @bytes WHERE id = @id');
    this.getStmt = this.db.prepare(`SELECT ${COLUMNS} FROM terminal_sessions WHERE id = ?`);
    this.unfinishedStmt = this.db.prepare('SELECT id, started_at FROM terminal_sessions WHERE ended_at IS NULL');
    this.listStmt = this.db.prepare(
      `SELECT ${COLUMNS} FROM terminal_sessions
       WHERE (@cluster IS NULL OR cluster = @cluster)
         AND (@user IS NULL OR user_name = @user)
         AND (@from IS NULL OR started_at >= @from)
         AND (@to IS NULL OR started_at < @to)
         AND (@afterStart IS NULL OR started_at < @afterStart OR (started_at = @afterStart AND id < @afterId))
       ORDER BY started_at DESC, id DESC
       LIMIT @limit`,
    );
  }

  /** Adds a session that just started. */
  insert(id: string, meta: RecordingMeta, startedAt: number): void {
    this.insertStmt.run({
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
    });
  }

  /** Records how a session ended. */
  finish(id: string, endedAt: number, exitCode: number | null, bytes: number): void {
    this.finishStmt.run({ id, endedAt, exitCode, bytes });
  }

  /** The sessions that have no end yet: running ones, or ones a crash cut off. */
  unfinished(): { id: string; startedAt: number }[] {
    return this.unfinishedStmt.all().map((row) => ({ id: row.id, startedAt: row.started_at }));
  }

  /** The session `id`, or null. */
  get(id: string): TerminalSessionRecord | null {
    const row = this.getStmt.get(id);
    return row ? toRecord(row) : null;
  }

  /** One page of sessions, newest first; throws InvalidCursorError for a bad cursor. */
  list(query: SessionQuery): SessionPage {
    const limit = Math.min(Math.max(query.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
    // One row more than asked tells whether another page follows without a COUNT.
    const rows = this.listStmt.all({
      cluster: query.cluster ?? null,
      user: query.user ?? null,
      from: query.from?.getTime() ?? null,
      to: query.to?.getTime() ?? null,
      afterStart: after?.startedAt ?? null,
      afterId: after?.id ?? null,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor = rows.length > limit && last ? encodeCursor({ startedAt: last.started_at, id: last.id }) : null;
    return { items: page.map(toRecord), nextCursor };
  }

  /** Closes the database. */
  close(): void {
    this.db.close();
  }
}
