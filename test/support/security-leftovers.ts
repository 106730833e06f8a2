/**
 * What the gateways left behind for the token scan: every captured access-log line, every recording
 * file and the audit listing of each gateway.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Paths } from '../../src/core/protocol.ts';
import type { Harness } from './gateway-harness.ts';
import type { Exhibit } from './security-evidence.ts';

/** The audit listing of `h`, as its admin sees it (user names, commands, titles). */
export async function auditListing(h: Harness): Promise<Exhibit> {
  const res = await fetch(`${h.url}${Paths.terminalSessions}?limit=500`, { headers: { Authorization: `Bearer ${h.adminToken}` } });
  return { kind: 'audit listing', text: await res.text() };
}

/** Every log line of `harnesses` and every recording file in `dirs`. */
export function leftovers(harnesses: readonly Harness[], dirs: readonly string[]): Exhibit[] {
  const lines = harnesses.flatMap((h) => h.logs.flatMap((chunk) => chunk.split('\n')).filter((l) => l !== '').map((text) => ({ kind: 'log line', text })));
  const recordings = dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.cast'))
      .map((f) => ({ kind: 'recording file', text: readFileSync(join(dir, f), 'utf8') })),
  );
  return [...lines, ...recordings];
}
