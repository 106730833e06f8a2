/** The audit components: recorded terminal sessions and their playback (DESIGN §6, §8). */
export { AuditApiError, auditFetch, auditUrl, fetchTerminalSessions, recordingUrl } from './audit-api.js';
export type { AuditConnection } from './audit-api.js';
export { formatDuration } from './format.js';
export { useTerminalSessions } from './use-terminal-sessions.js';
export type { TerminalSessionFilters, TerminalSessionsState } from './use-terminal-sessions.js';
export { TerminalSessions } from './terminal-sessions.js';
export type { TerminalSessionsProps } from './terminal-sessions.js';
export { useRecording } from './use-recording.js';
export type { RecordingSource, RecordingState } from './use-recording.js';
export { RecordingPlayer } from './recording-player.js';
export type { RecordingPlayerProps } from './recording-player.js';
export { PLAYBACK_SPEEDS } from './player-controls.js';
