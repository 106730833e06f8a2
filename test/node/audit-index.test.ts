/**
 * The audit index's behaviours, one suite run against both backends (SQLite file, real PostgreSQL):
 * insert, finish, get, listing filters and keyset pages, orphaned rows. Then what only PostgreSQL
 * has: replicas migrating at once apply each version once, a running replica's rows are never
 * orphaned, and a server that is down is AuditIndexUnavailableError, then works again.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditIndexUnavailableError, type AuditIndex } from '../../server/recording/audit-index.ts';
import { InvalidCursorError } from '../../server/recording/cursor.ts';
import { PostgresAuditIndex } from '../../server/recording/postgres-audit-index.ts';
import { SqliteAuditIndex } from '../../server/recording/sqlite-audit-index.ts';
import { startPostgres, type PostgresServer } from '../support/postgres-server.ts';

const META = { user: 'alice', cluster: 'prod-us', namespace: 'default', pod: 'my-pod', container: 'app', command: ['sh', '-c', 'ls'], width: 80, height: 24 };
const T0 = Date.parse('2026-03-01T10:00:00.000Z');

let postgres: PostgresServer;
const dir = mkdtempSync(join(tmpdir(), 'kv-audit-index-'));
let database = 0;

beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);

afterAll(async () => {
  await postgres?.remove();
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh PostgreSQL database, so every backend instance starts empty. */
async function freshDatabase(): Promise<string> {
  const name = `audit_${++database}`;
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return postgres.url.replace(/\/postgres$/, `/${name}`);
}

const backends: [string, () => Promise<AuditIndex>][] = [
  ['SQLite', async () => new SqliteAuditIndex(join(dir, `${randomUUID()}.sqlite`))],
  ['PostgreSQL', async () => PostgresAuditIndex.open(await freshDatabase(), () => undefined)],
];

describe.each(backends)('audit index on %s', (_name, open) => {
  it('inserts, finishes and gets a session', async () => {
    const index = await open();
    const id = randomUUID();
    await index.insert(id, META, T0 + 250);
    expect(await index.get(id)).toMatchObject({ id, user: 'alice', command: ['sh', '-c', 'ls'], startedAt: '2026-03-01T10:00:00.250Z', endedAt: null, exitCode: null, bytes: 0 });
    await index.finish(id, T0 + 5000, 3, 1234);
    expect(await index.get(id)).toMatchObject({ endedAt: '2026-03-01T10:00:05.000Z', exitCode: 3, bytes: 1234 });
    expect(await index.get(randomUUID())).toBeNull();
    await index.close();
  });

  it('lists newest first with filters and keyset pages that survive equal start times', async () => {
    const index = await open();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const id = randomUUID();
      ids.push(id);
      // Pairs of equal start times: the id breaks the tie.
      await index.insert(id, { ...META, user: i % 2 ? 'bob' : 'alice', cluster: i < 5 ? 'prod-us' : 'staging-eu' }, T0 + Math.floor(i / 2) * 1000);
    }
    const all = await index.list({ limit: 500 });
    expect(all.items).toHaveLength(7);
    expect(all.nextCursor).toBeNull();
    const walked: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await index.list({ limit: 2, ...(cursor ? { cursor } : {}) });
      walked.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(walked).toEqual(all.items.map((s) => s.id));
    expect(new Set(walked)).toEqual(new Set(ids));
    expect((await index.list({ cluster: 'staging-eu' })).items).toHaveLength(2);
    expect((await index.list({ user: 'bob' })).items.every((s) => s.user === 'bob')).toBe(true);
    expect((await index.list({ from: new Date(T0 + 3000) })).items).toHaveLength(1);
    expect((await index.list({ to: new Date(T0 + 1000) })).items).toHaveLength(2);
    await expect(index.list({ cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidCursorError);
    await index.close();
  });

  it('never hands its own open rows to recovery', async () => {
    const first = await open();
    const own = randomUUID();
    await first.insert(own, META, T0);
    expect(await first.orphaned()).toEqual([]);
    await first.close();
  });
});

describe('PostgreSQL audit index', () => {
  it('migrates once when replicas start at once, and takes a closed replica rows as orphaned', async () => {
    const url = await freshDatabase();
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => PostgresAuditIndex.open(url, () => undefined)));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual([1]);
    const running = randomUUID();
    const gone = randomUUID();
    await a?.insert(running, META, T0);
    await b?.insert(gone, META, T0 + 1);
    await b?.close();
    // a still holds its lease: only b's row is orphaned, seen from a or c.
    expect((await c?.orphaned())?.map((r) => r.id)).toEqual([gone]);
    expect((await a?.orphaned())?.map((r) => r.id)).toEqual([gone]);
    await client.end();
    await Promise.all([a?.close(), c?.close()]);
  });

  it('is unavailable while the server is down and works again when it is back', async () => {
    const index = await PostgresAuditIndex.open(await freshDatabase(), () => undefined);
    const id = randomUUID();
    await index.insert(id, META, T0);
    await postgres.stop();
    try {
      await expect(index.get(id)).rejects.toBeInstanceOf(AuditIndexUnavailableError);
      await expect(index.list({})).rejects.toMatchObject({ statusCode: 503 });
    } finally {
      await postgres.start();
    }
    expect((await index.get(id))?.id).toBe(id);
    await index.close();
  }, 30_000);
});
