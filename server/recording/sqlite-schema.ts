/**
 * The SQLite audit index's schema, as numbered migrations recorded in `schema_migrations`. Version 1
 * is the table every earlier gateway created (with IF NOT EXISTS, so an index from before versions
 * were recorded is adopted as it is); later versions only ever add.
 */
import type Database from 'better-sqlite3';

const MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
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
CREATE INDEX IF NOT EXISTS terminal_sessions_newest ON terminal_sessions (started_at DESC, id DESC);`,
  },
  {
    // Which process wrote a row, so recovery never closes a session that is still running.
    version: 2,
    sql: 'ALTER TABLE terminal_sessions ADD COLUMN replica TEXT',
  },
];

/** Brings `db` to the newest schema version; returns the versions it applied. */
export function migrateSqlite(db: Database.Database): number[] {
  // IMMEDIATE takes the write lock first, so two processes opening one file apply each version once.
  return db
    .transaction(() => {
      db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
      const current = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
      const applied: number[] = [];
      for (const m of MIGRATIONS.filter((x) => x.version > current)) {
        db.exec(m.sql);
        db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(m.version, Date.now());
        applied.push(m.version);
      }
      return applied;
    })
    .immediate();
}
