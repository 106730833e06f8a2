/** The shapes the session recorder and the audit API share; the wire shapes live in the protocol. */
import type { TerminalSessionPage, TerminalSessionRecord } from '../../src/core/protocol.js';

export type { TerminalSessionRecord };
/** One page of a listing; `nextCursor` is null on the last page. */
export type SessionPage = TerminalSessionPage;

/** What a terminal session is about, given when its recording starts. */
export interface RecordingMeta extends Pick<TerminalSessionRecord, 'user' | 'cluster' | 'namespace' | 'pod' | 'container' | 'command'> {
  /** Terminal size when the recording starts. */
  width: number;
  height: number;
}

/** Filters and page position of {@link TerminalSessionRecord} listings, newest first. */
export interface SessionQuery {
  cluster?: string;
  user?: string;
  /** Sessions started at or after this time. */
  from?: Date;
  /** Sessions started before this time. */
  to?: Date;
  /** Page size, 1 to {@link MAX_PAGE_SIZE}; default {@link DEFAULT_PAGE_SIZE}. */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/** Page size when the query names none. */
export const DEFAULT_PAGE_SIZE = 50;
/** Largest page size a query may ask for. */
export const MAX_PAGE_SIZE = 500;
