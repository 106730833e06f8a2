/**
 * The audit index in PostgreSQL (`--database postgres://...`), shared by every replica. The schema
 * is migrated on first use (at start-up, and again on a later call if the server was down then), so
 * a gateway starts while its database is away and answers 503 until it is back, never crashing.
 * Each gateway renews a lease row while it lives; an open session whose gateway stopped renewing is
 * the only kind {@link PostgresAuditIndex.orphaned} hands to recovery, never one still running.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { AuditIndexUnavailableError, SESSION_COLUMNS, listParams, newRow, pageOf, toRecord, type AuditIndex, type OrphanedSession, type SessionRow } from './audit-index.js';
import { migratePostgres } from './postgres-schema.js';
import type { RecordingMeta, SessionPage, SessionQuery, TerminalSessionRecord } from './types.js';

/** How often a gateway renews its lease, and how old a lease is when its gateway counts as gone. */
export const LEASE_RENEW_MS = 10_000;
const LEASE_EXPIRY = '30 seconds';

const BIGINT_OID = 20;

/** Times (ms) and byte counts are BIGINT columns; pg hands those out as strings unless told. */
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === BIGINT_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

/** True when `error` means the server is unreachable, restarting or out of connections, not a bug in a statement. */
function isUnavailable(error: unknown): boolean {
  // SQLSTATE classes 08 (connection), 53 (resources), 57 (operator intervention: shutdown, restart).
  if (error instanceof pg.DatabaseError) return /^(08|53|57)/.test(error.code ?? '');
  return error instanceof Error;
}

const LIST_SQL = `SELECT ${SESSION_COLUMNS} FROM terminal_sessions
  WHERE ($1::text IS NULL OR cluster = $1)
    AND ($2::text IS NULL OR user_name = $2)
    AND ($3::bigint IS NULL OR started_at >= $3)
    AND ($4::bigint IS NULL OR started_at < $4)
    AND ($5::bigint IS NULL OR (started_at, id) < ($5, $6::text))
  ORDER BY started_at DESC, id DESC
  LIMIT $7`;

/** The PostgreSQL table of recorded sessions. */
export class PostgresAuditIndex implements AuditIndex {
  /** This gateway's lease id, written on every row it inserts. */
  private readonly replica = randomUUID();
  private readonly pool: pg.Pool;
  private readonly lease: NodeJS.Timeout;
  private ready: Promise<void> | null = null;

  /** Connects lazily to `url`; `warn` hears connection trouble (never the URL, which may hold a password). */
  constructor(url: string, private readonly warn: (message: string) => void) {
    this.pool = new pg.Pool({ connectionString: url, max: 5, connectionTimeoutMillis: 3000, query_timeout: 10_000, types: TYPES });
    // An idle connection that breaks emits here; without a listener it would end the process.
    this.pool.on('error', (error) => this.warn(`audit database connection lost: ${error.message}`));
    this.lease = setInterval(() => void this.renewLease(), LEASE_RENEW_MS).unref();
  }

  /** Opens the index at `url` and tries to migrate it now; a database that is down is retried on use. */
  static async open(url: string, warn: (message: string) => void): Promise<PostgresAuditIndex> {
    const index = new PostgresAuditIndex(url, warn);
    await index.prepared().catch((error: unknown) => warn(`audit database unavailable at start-up: ${error instanceof Error ? error.message : String(error)}`));
    return index;
  }

  async insert(id: string, meta: RecordingMeta, startedAt: number): Promise<void> {
    const r = newRow(id, meta, startedAt);
    await this.query(
      `INSERT INTO terminal_sessions (${SESSION_COLUMNS}, replica) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [r.id, r.user_name, r.cluster, r.namespace, r.pod, r.container, r.command, r.started_at, r.ended_at, r.exit_code, r.bytes, this.replica],
    );
  }

  async finish(id: string, endedAt: number, exitCode: number | null, bytes: number): Promise<void> {
    await this.query('UPDATE terminal_sessions SET ended_at = $2, exit_code = $3, bytes = $4 WHERE id = $1', [id, endedAt, exitCode, bytes]);
  }

  async orphaned(): Promise<OrphanedSession[]> {
    const rows = await this.query<{ id: string; started_at: number }>(
      `SELECT s.id, s.started_at FROM terminal_sessions s LEFT JOIN audit_replicas r ON r.id = s.replica
       WHERE s.ended_at IS NULL AND s.replica IS DISTINCT FROM $1 AND (r.id IS NULL OR r.seen_at < now() - interval '${LEASE_EXPIRY}')`,
      [this.replica],
    );
    return rows.map((row) => ({ id: row.id, startedAt: row.started_at }));
  }

  async get(id: string): Promise<TerminalSessionRecord | null> {
    const [row] = await this.query<SessionRow>(`SELECT ${SESSION_COLUMNS} FROM terminal_sessions WHERE id = $1`, [id]);
    return row ? toRecord(row) : null;
  }

  async list(query: SessionQuery): Promise<SessionPage> {
    const { params: p, pageSize } = listParams(query);
    const rows = await this.query<SessionRow>(LIST_SQL, [p.cluster, p.user, p.from, p.to, p.afterStart, p.afterId, p.limit]);
    return pageOf(rows, pageSize);
  }

  /** Gives up the lease (the caller has finished its sessions) and closes the pool. */
  async close(): Promise<void> {
    clearInterval(this.lease);
    await this.pool.query('DELETE FROM audit_replicas WHERE id = $1', [this.replica]).catch(() => undefined);
    await this.pool.end();
  }

  /** The schema migrated and this gateway's lease taken, once; a failure is retried by the next call. */
  private prepared(): Promise<void> {
    this.ready ??= (async () => {
      const client = await this.pool.connect();
      try {
        await migratePostgres(client);
      } finally {
        client.release();
      }
      await this.renewLease();
    })().catch((error: unknown) => {
      this.ready = null;
      throw error;
    });
    return this.ready;
  }

  private async renewLease(): Promise<void> {
    await this.pool
      .query('INSERT INTO audit_replicas (id, seen_at) VALUES ($1, now()) ON CONFLICT (id) DO UPDATE SET seen_at = now()', [this.replica])
      // A missed renewal is harmless until the lease expires; the next one or a query says more.
      .catch(() => undefined);
  }

  /** The rows of `sql`; {@link AuditIndexUnavailableError} while the server cannot be reached. */
  private async query<R extends pg.QueryResultRow>(sql: string, values: unknown[]): Promise<R[]> {
    try {
      await this.prepared();
      return (await this.pool.query<R>(sql, values)).rows;
    } catch (error) {
      if (!isUnavailable(error)) throw error;
      throw new AuditIndexUnavailableError();
    }
  }
}
