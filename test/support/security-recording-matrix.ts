/**
 * Hostile recording ids on the audit API (DESIGN §8): dot segments, slashes, their encoded and
 * double-encoded forms, absolute paths, NUL, overlong UTF-8 and very long ids on
 * `/terminal-sessions/:id` and `/:id/recording` always get a 400 or 404 JSON error, and a sentinel
 * file planted next to the recordings directory is never served.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Paths } from '../../src/core/protocol.ts';
import { rawRequest, rest } from './security-client.ts';
import type { Evidence } from './security-evidence.ts';
import { inParallel, type Cell } from './security-grid.ts';
import type { World } from './security-world.ts';

/** What the sentinel files hold; a body containing it means a file outside the directory was served. */
const SENTINEL = `SENTINEL-${randomUUID()}`;

/** The ids tried, by label, as they appear in the request path (already percent-encoded where shown). */
function hostileIds(realId: string, sentinelId: string, outside: string): Record<string, string> {
  const absolute = join(outside, 'sentinel.cast');
  return {
    '..': '..',
    '.': '.',
    '...': '...',
    '..%2Fsentinel.cast': '..%2Fsentinel.cast',
    '..%2F<sentinel uuid>': `..%2F${sentinelId}`,
    '..%2F..%2F<dir>%2Fsentinel.cast': `..%2F..%2Fdev%2Fsentinel.cast`,
    '%2e%2e': '%2e%2e',
    '%2E%2E%2Fsentinel.cast': '%2E%2E%2Fsentinel.cast',
    '%252e%252e%252fsentinel.cast (double)': '%252e%252e%252fsentinel.cast',
    '%252e%252e%252f<sentinel uuid> (double)': `%252e%252e%252f${sentinelId}`,
    '%2F': '%2F',
    '%2Fetc%2Fpasswd': '%2Fetc%2Fpasswd',
    '<absolute path, encoded>': encodeURIComponent(absolute),
    '<absolute path, raw>': absolute,
    '/etc/passwd (raw)': '/etc/passwd',
    '..%5Csentinel.cast (backslash)': '..%5Csentinel.cast',
    '%00': '%00',
    '<id>%00': `${realId}%00`,
    '<id>%00.cast': `${realId}%00.cast`,
    '<id>.cast': `${realId}.cast`,
    '<id>%2F..%2F<sentinel uuid>': `${realId}%2F..%2F${sentinelId}`,
    '<id>/../<sentinel uuid> (raw)': `${realId}/../${sentinelId}`,
    '<ID> (upper case)': realId.toUpperCase(),
    '<id>%20': `${realId}%20`,
    '%c0%ae%c0%ae%c0%af (overlong UTF-8)': '%c0%ae%c0%ae%c0%af',
    '%ef%bc%8e%ef%bc%8e (fullwidth dots)': '%ef%bc%8e%ef%bc%8e',
    '..; (matrix parameter)': '..;',
    '% (bad escape)': '%',
    '%zz (bad escape)': '%zz',
    '600 characters': 'a'.repeat(600),
    '10,000 characters': 'a'.repeat(10_000),
    '<sentinel uuid> (well-formed, unknown)': sentinelId,
  };
}

/** Every cell of the recording-id matrix. */
export async function recordingCells(world: World, evidence: Evidence): Promise<Cell[]> {
  const admin = world.dev.adminToken;
  const sessions = await rest(world.dev.url, 'GET', Paths.terminalSessions, { bearer: admin }, evidence);
  const realId = (sessions.json as { items: { id: string }[] }).items[0]?.id;
  if (!realId) throw new Error('no recorded session to compare with');
  const sentinelId = randomUUID();
  // Next to the recordings directory, and named like a recording: what a traversal would reach.
  for (const name of ['sentinel.cast', `${sentinelId}.cast`, 'sentinel']) writeFileSync(join(world.outside, name), `${SENTINEL}\n`);
  const ids: [string, string, string][] = [
    ['<id> (control)', realId, '200'],
    ...Object.entries(hostileIds(realId, sentinelId, world.outside)).map(([label, id]): [string, string, string] => [label, id, label.includes('well-formed') ? '404' : '400|404']),
  ];
  const tasks = ids.flatMap(([label, id, expected]) =>
    (['metadata', 'recording'] as const).map((route) => async (): Promise<Cell> => {
      // A token in the query too, as a careless client sends it: an error that echoed the URL would show it to the scan.
      const path = `${Paths.terminalSessions}/${id}${route === 'recording' ? '/recording' : ''}?token=${admin}`;
      const res = await rawRequest(world.dev.url, { method: 'GET', path, headers: { Authorization: `Bearer ${admin}` } }, evidence);
      const served = res.text.includes(SENTINEL) ? 'SENTINEL SERVED' : null;
      const asciicast = route === 'metadata' || res.status !== 200 || res.text.startsWith('{"version":2');
      return { coords: { id: label, route }, expected, actual: served ?? (asciicast ? res.outcome : `${res.outcome} (not asciicast)`) };
    }),
  );
  return inParallel(tasks, 6);
}
