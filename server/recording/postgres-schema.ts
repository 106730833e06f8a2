/**
 * The PostgreSQL audit index's schema, as numbered migrations recorded in `schema_migrations`.
 * Replicas starting at once all try to migrate: a transaction-scoped advisory lock lets one apply
 * what is missing while the others wait, then find nothing left to do. Versions only ever add.
 */
import type { PoolClient } from 'pg';

/** The advisory lock key of audit index migrations (any constant the gateway uses for nothing else). */
const MIGRATION_LOCK = 7_240_512_001;

const MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
CREATE TABLE terminal_sessions (
  id         TEXT COLLATE "C" PRIMARY KEY,
  user_name  TEXT NOT NULL,
  cluster    TEXT NOT NULL,
  namespace  TEXT NOT NULL,
  pod        TEXT NOT NULL,
  container  TEXT NOT NULL,
  command    TEXT NOT NULL,
  started_at BIGINT NOT NULL,
  ended_at   BIGINT,
  exit_code  INTEGER,
  bytes      BIGINT NOT NULL DEFAULT 0,
  replica    TEXT
);
-- Byte order on ids (COLLATE "C" above) keeps the listing's order and cursors those of SQLite.
CREATE INDEX terminal_sessions_newest ON terminal_sessions (started_at DESC, id DESC);
CREATE INDEX terminal_sessions_open ON terminal_sessions (replica) WHERE ended_at IS NULL;
-- One row per running gateway, renewed while it lives: an open session whose replica stopped
-- renewing belongs to a gateway that is gone.
CREATE TABLE audit_replicas (
  id      TEXT PRIMARY KEY,
  seen_at TIMESTAMPTZ NOT NULL
);`,
  },
];

/** Brings the database behind `client` to the newest schema version; returns the versions it applied. */
export async function migratePostgres(client: PoolClient): Promise<number[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
    const current = rows[0]?.v ?? 0;
    const applied: number[] = [];
    for (const m of MIGRATIONS.filter((x) => x.version > current)) {
      await client.query(m.sql);
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [m.version]);
      applied.push(m.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
