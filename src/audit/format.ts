/** Display helpers for session rows; kept apart so the table stays about layout. */
import type { TerminalSessionRecord } from '@kubevision/kit';

/** A duration in milliseconds as `1h 02m 03s`, `2m 03s` or `3s`. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return `${h}h ${pad(m)}m ${pad(s)}s`;
  if (m > 0) return `${m}m ${pad(s)}s`;
  return `${s}s`;
}

/** The session's duration, or "running" while it has no end (or the gateway died mid-session). */
export function sessionDuration(session: TerminalSessionRecord): string {
  if (session.endedAt === null) return 'running';
  return formatDuration(Date.parse(session.endedAt) - Date.parse(session.startedAt));
}

/** The exit code, or an em dash when the session ended without one. */
export function sessionExit(session: TerminalSessionRecord): string {
  return session.exitCode === null ? '—' : String(session.exitCode);
}
