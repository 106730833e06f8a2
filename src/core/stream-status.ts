/**
 * The status every stream of the core reports (watch subscriptions, log streams, terminals), and the
 * mapping from the underlying socket's status that they share.
 */
import type { SocketStatus } from './reconnecting-socket.js';

/** A state with the close code and reason of an error and, while reconnecting, the next attempt's time. */
export interface StreamStatus<S extends string> {
  readonly state: S;
  readonly code?: number;
  readonly reason?: string;
  /** While reconnecting: epoch ms of the next attempt, or null while an attempt is under way or the page is offline. */
  readonly retryAt?: number | null;
}

/** What a socket's status means for a stream on it. */
export type SocketPhase =
  | { readonly state: 'connecting' }
  | { readonly state: 'open' }
  | { readonly state: 'reconnecting'; readonly retryAt: number | null }
  | { readonly state: 'ended'; readonly code: number }
  | { readonly state: 'error'; readonly code: number; readonly reason: string };

/** The stream-level reading of a socket status: `closed` is `ended` after a normal close, else `error`. */
export function socketPhase(status: SocketStatus): SocketPhase {
  switch (status.state) {
    case 'idle':
    case 'connecting':
      return { state: 'connecting' };
    case 'open':
      return { state: 'open' };
    case 'reconnecting':
      return { state: 'reconnecting', retryAt: status.retryAt };
    case 'closed':
      return status.error === null
        ? { state: 'ended', code: status.closeCode ?? 1000 }
        : { state: 'error', code: status.closeCode ?? 1006, reason: status.error };
  }
}

/** True when two statuses would display the same. */
export function sameStatus(a: StreamStatus<string>, b: StreamStatus<string>): boolean {
  return a.state === b.state && a.code === b.code && a.reason === b.reason && a.retryAt === b.retryAt;
}
