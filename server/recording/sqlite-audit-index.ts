/**
 * The embedded audit index (better-sqlite3), the default: one file beside the recordings that one
 * gateway process owns. Every statement is prepared once; the listing is one static statement whose
 * filters are switched off by NULL parameters, so no SQL is ever built from user input. The calls
 * are synchronous underneath; the promises only give it the shape PostgreSQL needs.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { SESSION_COLUMNS, listParams, newRow, pageOf, toRecord, type AuditIndex, type ListParams, type OrphanedSession, type SessionRow } from './audit-index.js';
import { migrateSqlite } from './sqlite-schema.js';
import type { RecordingMeta, SessionPage, SessionQuery, TerminalSessionRecord } from './types.js';

interface FinishParams {
  id: string;
  endedAt: number;
  exitCode: number | null;
  bytes: number;
}

/** The SQLite table of recorded sessions. */
export class SqliteAuditIndex implements AuditIndex {
  /** This process's mark on the rows it inserts; any other mark belongs to a process that is gone. */
  private readonly replica = randomUUID();
  private readonly db: Database.Database;
  private readonly insertStmt: Database.Statement<[SessionRow & { replica: string }]>;
  private readonly finishStmt: Database.Statement<[FinishParams]>;
  private readonly getStmt: Database.Statement<[string], SessionRow>;
  private readonly orphanedStmt: Database.Statement<[string], { id: string; started_at: number }>;
  private readonly listStmt: Database.Statement<[ListParams], SessionRow>;

  constructor(path: string) {
    // The index names who opened a shell where: 0600 like the recordings. SQLite gives its -wal and
    // -shm files the database file's mode, so creating this one right covers them.
    closeSync(openSync(path, 'a', 0o600));
    chmodSync(path, 0o600);
    this.db = new Database(path);
    // WAL lets the audit API read while sessions are being written.
    this.db.pragma('journal_mode = WAL');
    migrateSqlite(this.db);
    this.insertStmt = this.db.prepare(
      `INSERT INTO terminal_sessions (${SESSION_COLUMNS}, replica) VALUES (@id, @user_name, @cluster, @namespace, @pod, @container, @command, @started_at, @ended_at, @exit_code, @bytes, @replica)`,
    );
    this.finishStmt = this.db.prepare('UPDATE terminal_sessions SET ended_at = @endedAt, exit_code = @exitCode, bytes = @bytes WHERE id = @id');
    this.getStmt = this.db.prepare(`SELECT ${SESSION_COLUMNS} FROM terminal_sessions WHERE id = ?`);
    // One process owns the file: an open row another process wrote is one it never finished.
    this.orphanedStmt = this.db.prepare('SELECT id, started_at FROM terminal_sessions WHERE ended_at IS NULL AND replica IS NOT ?');
    this.listStmt = this.db.prepare(
      `SELECT ${SESSION_COLUMNS} FROM terminal_sessions
       WHERE (@cluster IS NULL OR cluster = @cluster)
         AND (@user IS NULL OR user_name = @user)
         AND (@from IS NULL OR started_at >= @from)
         AND (@to IS NULL OR started_at < @to)
         AND (@afterStart IS NULL OR started_at < @afterStart OR (started_at = @afterStart AND id < @afterId))
       ORDER BY started_at DESC, id DESC
       LIMIT @limit`,
    );
  }

  async insert(id: string, meta: RecordingMeta, startedAt: number): Promise<void> {
    this.insertStmt.run({ ...newRow(id, meta, startedAt), replica: this.replica });
  }

  async finish(id: string, endedAt: number, exitCode: number | null, bytes: number): Promise<void> {
    this.finishStmt.run({ id, endedAt, exitCode, bytes });
  }

  async orphaned(): Promise<OrphanedSession[]> {
    return this.orphanedStmt.all(this.replica).map((row) => ({ id: row.id, startedAt: row.started_at }));
  }

  async get(id: string): Promise<TerminalSessionRecord | null> {
    const row = this.getStmt.get(id);
    return row ? toRecord(row) : null;
  }

  async list(query: SessionQuery): Promise<SessionPage> {
    const { params, pageSize } = listParams(query);
    return pageOf(this.listStmt.all(params), pageSize);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
