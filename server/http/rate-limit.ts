/** A fixed-window counter per key (login attempts per user and address), bounded in size. */

const MAX_KEYS = 10_000;

interface Window {
  start: number;
  count: number;
}

/** A fixed-window attempt counter: this process's ({@link RateLimiter}) or one shared in Redis. */
export interface AttemptLimiter {
  /** Records an attempt; false when the key is over its limit in the current window. */
  attempt(key: string): boolean | Promise<boolean>;
  /** Whole seconds until `key`'s window ends and it may try again (0 when it is not counted). */
  retryAfterSeconds(key: string): number | Promise<number>;
  /** Forgets a key (after a successful login). */
  reset(key: string): void | Promise<void>;
}

/** Counts attempts per key per window in this process's memory. */
export class RateLimiter implements AttemptLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records an attempt; false when the key is over its limit in the current window. */
  attempt(key: string): boolean {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (!w && this.windows.size >= MAX_KEYS) this.makeRoom(now);
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    return w.count <= this.limit;
  }

  /** Whole seconds until `key`'s window ends and it may try again (0 when it is not counted). */
  retryAfterSeconds(key: string): number {
    const w = this.windows.get(key);
    return w ? Math.max(0, Math.ceil((w.start + this.windowMs - this.now()) / 1000)) : 0;
  }

  /** Forgets a key (after a successful login). */
  reset(key: string): void {
    this.windows.delete(key);
  }

  /**
   * Frees one place at least: expired windows first, else the window with the fewest attempts (the
   * oldest of those). Never everything at once: a flood of new keys (other user names) must not
   * clear the count of a key being guessed at.
   */
  private makeRoom(now: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(key);
    if (this.windows.size < MAX_KEYS) return;
    let victim: string | undefined;
    let fewest = Infinity;
    for (const [key, w] of this.windows) {
      if (w.count < fewest) {
        fewest = w.count;
        victim = key;
      }
    }
    if (victim !== undefined) this.windows.delete(victim);
  }
}
