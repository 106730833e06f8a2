/** The shapes the session recorder and the audit API share; the wire shapes live in the protocol. */
import type { TerminalSessionPage, TerminalSessionQuery, TerminalSessionRecord } from '../../src/core/protocol.js';

export type { TerminalSessionRecord };
/** One page of a listing; `nextCursor` is null on the last page. */
export type SessionPage = TerminalSessionPage;

/** What a terminal session is about, given when its recording starts. */
export interface RecordingMeta extends Pick<TerminalSessionRecord, 'user' | 'cluster' | 'namespace' | 'pod' | 'container' | 'command'> {
  /** Terminal size when the recording starts. */
  width: number;
  height: number;
}

/** Filters and page position of listings, newest first. */
export type SessionQuery = TerminalSessionQuery;

/** Page size when the query names none. */
export const DEFAULT_PAGE_SIZE = 50;
/** Largest page size a query may ask for. */
export const MAX_PAGE_SIZE = 500;
