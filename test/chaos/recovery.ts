/**
 * "Recovered", as a chaos run means it: every watch subscription live again and equal to the
 * emulator's store, every log stream streaming and caught up with the emulator's log, and the
 * terminal answering (after announcing a new shell if it lost its socket). Polled until true or a
 * deadline, at a quiet moment (the run pauses churn and the writer first).
 */
import { converged, type StoreDiff, type WatchCheck } from './watch-check.ts';
import type { LogCheck, LogDiff } from './log-check.ts';
import type { TerminalCheck, TerminalProbe } from './terminal-check.ts';

/** The checks of a run. */
export interface Checks {
  watch: WatchCheck;
  logs: LogCheck;
  terminal: TerminalCheck;
}

/** The outcome of one wait for recovery. */
export interface Recovery {
  readonly recovered: boolean;
  readonly ms: number;
  /** The last comparison made (the failing one when not recovered). */
  readonly stores: readonly StoreDiff[];
  readonly logs: readonly LogDiff[];
  readonly terminal: TerminalProbe | null;
}

const POLL_MS = 100;

/** Makes fresh changes that must reach the stores, then polls the checks until all pass or `timeoutMs` passes. */
export async function awaitRecovery(checks: Checks, timeoutMs: number): Promise<Recovery> {
  // A black-holed socket looks live while nothing changes: fresh changes must make it through.
  checks.watch.touch();
  const start = performance.now();
  const freshSince = Date.now();
  let logs: LogDiff[] = [];
  for (;;) {
    const stores = checks.watch.diff();
    const terminal = checks.terminal.attempt();
    // The emulator may still be coming back from a restart: an unreadable log is just not there yet.
    logs = await checks.logs.diff(freshSince).catch(() => logs);
    const ok = stores.every(converged) && logs.length > 0 && logs.every((l) => l.caughtUp) && terminal.echoed;
    const ms = performance.now() - start;
    if (ok) {
      checks.terminal.finish();
      return { recovered: true, ms, stores, logs, terminal };
    }
    if (ms > timeoutMs) return { recovered: false, ms, stores, logs, terminal };
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
