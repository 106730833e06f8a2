/**
 * The audit API for an admin limited to some clusters or namespaces (DESIGN §8): only the sessions
 * inside those limits are listed, described or played back; a recording can show whatever was on
 * the screen of a cluster the admin may not otherwise see.
 */
import { allows, type Identity } from '../auth/roles.js';
import { encodeCursor } from '../recording/cursor.js';
import type { SessionPage, SessionQuery, SessionRecorder, TerminalSessionRecord } from '../recording/index.js';
import { DEFAULT_PAGE_SIZE } from '../recording/types.js';

/** True when `identity` may see the session: its cluster and namespace are inside the limits. */
export function sessionVisible(identity: Identity, session: Pick<TerminalSessionRecord, 'cluster' | 'namespace'>): boolean {
  return allows(identity, 'audit', session.cluster, session.namespace);
}

/**
 * One page of the sessions `identity` may see. For a limited admin the index is read page by page
 * and filtered until the page is full, so pages keep their size and cursors keep working.
 */
export async function visibleSessions(recorder: SessionRecorder, query: SessionQuery, identity: Identity): Promise<SessionPage> {
  if (!identity.clusters && !identity.namespaces) return await recorder.list(query);
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const items: TerminalSessionRecord[] = [];
  let cursor = query.cursor;
  for (;;) {
    const page = await recorder.list({ ...query, cursor, limit });
    for (const session of page.items) {
      if (!sessionVisible(identity, session)) continue;
      items.push(session);
      if (items.length === limit) return { items, nextCursor: encodeCursor({ startedAt: Date.parse(session.startedAt), id: session.id }) };
    }
    if (page.nextCursor === null) return { items, nextCursor: null };
    cursor = page.nextCursor;
  }
}
