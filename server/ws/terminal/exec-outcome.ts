/**
 * What an exec's final Status (channel 3) or a refused or unanswered exec upgrade means for the terminal: an exit
 * code, a missing executable (bash-then-sh falls back on it), or a failure with the close code the
 * client should see.
 */
import type { V1Status } from '@kubernetes/client-node';
import { CloseCode } from '../../../src/core/protocol.js';

/** How an exec ended. */
export type ExecOutcome =
  | { kind: 'exit'; code: number }
  | { kind: 'missing-executable'; message: string }
  | { kind: 'failure'; message: string };

/** A failure as the terminal client sees it: a message and a close code. */
export interface SessionFailure {
  message: string;
  closeCode: number;
}

// The runtime's words (Go's exec.LookPath and os.Stat) when the command is not in the container.
const MISSING_EXECUTABLE = /executable file not found|no such file or directory/;

/** Reads a Status: Success is exit 0, NonZeroExitCode carries the code in its ExitCode cause. */
export function execOutcome(status: V1Status): ExecOutcome {
  if (status.status === 'Success') return { kind: 'exit', code: 0 };
  const message = status.message ?? 'the command failed';
  if (status.reason === 'NonZeroExitCode') {
    const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode')?.message;
    const code = cause !== undefined && /^\d+$/.test(cause) ? Number(cause) : NaN;
    return Number.isSafeInteger(code) ? { kind: 'exit', code } : { kind: 'failure', message };
  }
  return MISSING_EXECUTABLE.test(message) ? { kind: 'missing-executable', message } : { kind: 'failure', message };
}

/** The cluster did not answer an exec upgrade within the configured time (`limits.clusterAnswerSeconds`). */
export class ExecOpenTimeout extends Error {
  constructor(readonly seconds: number) {
    super(`the cluster did not answer the exec within ${seconds} s`);
    this.name = 'ExecOpenTimeout';
  }
}

/**
 * A refused or unanswered exec upgrade. ws reports the apiserver's answer only as "Unexpected server response:
 * NNN"; the status decides whether the client should retry (1011) or stop.
 */
export function openFailure(error: unknown): SessionFailure {
  // A cluster-side failure like a lost connection: 1011, which the kit retries with backoff.
  if (error instanceof ExecOpenTimeout) return { message: error.message, closeCode: CloseCode.InternalError };
  const text = typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
  const status = Number(/Unexpected server response: (\d{3})/.exec(text)?.[1]);
  const closeCode =
    status === 400 ? CloseCode.BadRequest : status === 401 || status === 403 ? CloseCode.Forbidden : status === 404 ? CloseCode.NotFound : CloseCode.InternalError;
  return { message: `the cluster refused the exec: ${text}`, closeCode };
}
