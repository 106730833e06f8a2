/**
 * Fires once a session has seen neither input nor output for its idle limit. Activity only stamps
 * a time; the one timer re-arms itself for the remainder, so busy sessions cost no timer churn.
 */

/** setTimeout's largest delay; longer ones would fire at once. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** An idle deadline that activity pushes back. */
export class IdleTimer {
  private last = Date.now();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly limitMs: number,
    private readonly onIdle: () => void,
  ) {
    this.arm(limitMs);
  }

  /** Input or output happened. */
  touch(): void {
    this.last = Date.now();
  }

  /** Cancels the deadline. */
  stop(): void {
    clearTimeout(this.timer);
  }

  private arm(delay: number): void {
    this.timer = setTimeout(() => {
      const quiet = Date.now() - this.last;
      if (quiet >= this.limitMs) this.onIdle();
      else this.arm(this.limitMs - quiet);
    }, Math.min(Math.max(delay, 1), MAX_DELAY_MS));
  }
}
