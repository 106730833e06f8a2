/** The shapes the session recorder and the audit API share. */

/** What a terminal session is about, given when its recording starts. */
export interface RecordingMeta {
  user: string;
  cluster: string;
  namespace: string;
  pod: string;
  container: string;
  /** The command that runs in the terminal (argv). */
  command: string[];
  /** Terminal size when the recording starts. */
  width: number;
  height: number;
}

/** One recorded terminal session as the audit index holds it (and the audit API returns it). */
export interface TerminalSessionRecord {
  /** A random UUID; also the recording's file name. */
  id: string;
  user: string;
  cluster: string;
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  /** RFC3339 (ISO 8601, UTC, milliseconds). */
  startedAt: string;
  /** Null while the session runs, or when the gateway died before it could finish the recording. */
  endedAt: string | null;
  /** Null when the session ended without an exit status (client left, idle timeout, shutdown, error). */
  exitCode: number | null;
  /** Output bytes the pod sent. */
  bytes: number;
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

/** One page of a listing; `nextCursor` is null on the last page. */
export interface SessionPage {
  items: TerminalSessionRecord[];
  nextCursor: string | null;
}

/** Page size when the query names none. */
export const DEFAULT_PAGE_SIZE = 50;
/** Largest page size a query may ask for. */
export const MAX_PAGE_SIZE = 500;
