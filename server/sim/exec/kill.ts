import { readdirSync, readFileSync } from 'node:fs';

/** The session id field of /proc/PID/stat, or null when the process is gone or unreadable. */
function sessionOf(pid: number): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const session = Number(fields[3]);
  return Number.isInteger(session) ? session : null;
}

function signalQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone, or never ours: either way nothing is left to signal.
  }
}

/**
 * Signals every process of the session led by `leader`. Each exec process is started as a session
 * leader (node-pty calls setsid, pipes use `detached`), so its session holds everything it started,
 * including job-control groups of an interactive shell that a process-group kill would miss.
 * Linux keeps a session id from being reused while any member lives, so the scan cannot hit a
 * stranger. Without /proc (not Linux) only the leader's process group is reached.
 */
export function signalSession(leader: number, signal: NodeJS.Signals): void {
  // Guards against kill(-1) and kill(-0), which would reach every process we may signal.
  if (!Number.isInteger(leader) || leader <= 1) return;
  signalQuietly(-leader, signal);
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return;
  }
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid <= 1) continue;
    if (sessionOf(pid) === leader) signalQuietly(pid, signal);
  }
}
