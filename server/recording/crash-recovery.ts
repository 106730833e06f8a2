/**
 * Completes the audit rows a crash left open (no end, no bytes): the gateway died before the
 * session finished, so its recording file is the only witness of how long it ran and how much it
 * printed. The exit code stays unknown (null).
 */
import type { AuditIndex } from './audit-index.js';
import { summarizeCast } from './cast-summary.js';

/** End time (ms) of a session whose row starts at `startedAt` (ms) and whose file's header and last event say the rest. */
function endOf(startedAt: number, timestamp: number, lastEventSeconds: number): number {
  // The header holds the start floored to seconds; when it agrees, the row has the same instant to the ms.
  const start = Math.floor(startedAt / 1000) === timestamp ? startedAt : timestamp * 1000;
  return Math.max(startedAt, Math.round(start + lastEventSeconds * 1000));
}

/**
 * Finishes every orphaned row of `index` (open, its gateway gone) from its file (`fileOf(id)`); a
 * row without a readable file ends at its start with no bytes. Returns how many it finished.
 */
export async function completeInterruptedSessions(index: AuditIndex, fileOf: (id: string) => string): Promise<number> {
  const rows = await index.orphaned();
  for (const row of rows) {
    const summary = summarizeCast(fileOf(row.id));
    if (summary) await index.finish(row.id, endOf(row.startedAt, summary.timestamp, summary.lastEventSeconds), null, summary.outputBytes);
    else await index.finish(row.id, row.startedAt, null, 0);
  }
  return rows.length;
}
