/**
 * Audit rows a crash left open are completed when the gateway starts again: end time and output
 * bytes come from the recording file, the exit code stays unknown, and a cut last line is ignored.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TerminalSessionRecord } from '../../src/core/protocol.ts';
import { SqliteAuditIndex } from '../../server/recording/sqlite-audit-index.ts';
import { startHarness, type Harness } from '../support/gateway-harness.ts';

const META = { user: 'alice', cluster: 'prod-us', namespace: 'default', pod: 'my-pod', container: 'app', command: ['sh'], width: 80, height: 24 };
const STARTED = Date.parse('2026-03-01T10:00:00.250Z');

const dir = mkdtempSync(join(tmpdir(), 'kv-audit-recovery-'));
const crashed = randomUUID();
const noFile = randomUUID();
const finished = randomUUID();
let h: Harness;

/** What the gateway had written when it died: header, events, and a last line cut mid-write. */
function writeCrashedCast(id: string): void {
  const header = { version: 2, width: 80, height: 24, timestamp: Math.floor(STARTED / 1000), title: 'alice@prod-us/default/my-pod/app', env: { TERM: 'xterm-256color', SHELL: 'sh' } };
  const lines = [header, [0.5, 'o', 'héllo\r\n'], [1.25, 'r', '100x40'], [2.75, 'o', '€ done']].map((v) => JSON.stringify(v));
  writeFileSync(join(dir, `${id}.cast`), `${lines.join('\n')}\n[3.5, "o", "cut mid-wr`);
}

beforeAll(async () => {
  // The gateway that wrote these rows is gone: the index the new one opens is another process's.
  const index = new SqliteAuditIndex(join(dir, 'audit.sqlite'));
  await index.insert(crashed, META, STARTED);
  await index.insert(noFile, META, STARTED + 1000);
  await index.insert(finished, META, STARTED + 2000);
  await index.finish(finished, STARTED + 9000, 0, 42);
  await index.close();
  writeCrashedCast(crashed);
  h = await startHarness((c) => {
    c.recording.dir = dir;
  });
});

afterAll(async () => {
  await h.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function session(id: string): Promise<TerminalSessionRecord> {
  const res = await fetch(`${h.url}/api/v1/audit/terminal-sessions/${id}`, { headers: { Authorization: `Bearer ${h.adminToken}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as TerminalSessionRecord;
}

describe('audit rows left open by a crash', () => {
  it('are completed from the recording: end at the last whole event, output bytes, no exit code', async () => {
    const row = await session(crashed);
    expect(row.endedAt).toBe('2026-03-01T10:00:03.000Z');
    expect(row.bytes).toBe(Buffer.byteLength('héllo\r\n€ done'));
    expect(row.exitCode).toBeNull();
    const cast = await fetch(`${h.url}/api/v1/audit/terminal-sessions/${crashed}/recording`, { headers: { Authorization: `Bearer ${h.adminToken}` } });
    expect(cast.status).toBe(200);
  });

  it('end at their start when the recording file is gone', async () => {
    expect(await session(noFile)).toMatchObject({ endedAt: new Date(STARTED + 1000).toISOString(), bytes: 0, exitCode: null });
  });

  it('leave finished sessions as they were', async () => {
    expect(await session(finished)).toMatchObject({ endedAt: new Date(STARTED + 9000).toISOString(), bytes: 42, exitCode: 0 });
  });
});
