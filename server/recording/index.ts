/** Terminal session recording: asciicast v2 files and their audit index (SQLite or PostgreSQL). */
export { Recording, SessionRecorder, type SessionRecorderOptions } from './session-recorder.js';
export { InvalidCursorError, RECORDING_ID } from './cursor.js';
export { MAX_PAGE_SIZE, type RecordingMeta, type SessionPage, type SessionQuery, type TerminalSessionRecord } from './types.js';
export { AuditIndexUnavailableError, type AuditIndex } from './audit-index.js';
export { PostgresAuditIndex } from './postgres-audit-index.js';
