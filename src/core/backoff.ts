/**
 * Reconnect delays (DESIGN §4): the seed's `min(base * 2^attempt, max)` with jitter, so that a
 * thousand browsers cut off by one gateway restart do not come back in lockstep.
 */

/** How the delay is spread: `equal` picks from [d/2, d], `full` from [0, d], `none` is exactly d. */
export type Jitter = 'equal' | 'full' | 'none';

/** Settings of the reconnect schedule. */
export interface BackoffOptions {
  /** Delay of the first retry before jitter; the seed's 1 s. */
  baseMs: number;
  /** Ceiling of every delay; the seed's 30 s. */
  maxMs: number;
  jitter: Jitter;
  /** A connection that stayed open this long resets the attempt counter. */
  resetAfterMs: number;
}

/** The seed's schedule: base 1 s, cap 30 s, equal jitter, counter reset after 5 s of uptime. */
export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = Object.freeze({
  baseMs: 1000,
  maxMs: 30_000,
  jitter: 'equal',
  resetAfterMs: 5000,
});

/** The delay before retry number `attempt` (0 for the first retry); `random` returns [0, 1). */
export function backoffDelay(attempt: number, options: Readonly<BackoffOptions> = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exponent = Number.isFinite(attempt) ? Math.min(Math.max(attempt, 0), 52) : 0;
  const ceiling = Math.min(options.baseMs * 2 ** exponent, options.maxMs);
  switch (options.jitter) {
    case 'none':
      return ceiling;
    case 'full':
      return Math.floor(random() * ceiling);
    case 'equal':
      return Math.ceil(ceiling / 2 + random() * (ceiling / 2));
  }
}
