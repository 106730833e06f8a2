/** A fixed-window counter per key (login attempts per user and address), bounded in size. */

const MAX_KEYS = 10_000;

/** Counts attempts per key per window. */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

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
      if (this.windows.size >= MAX_KEYS) this.windows.clear();
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    return w.count <= this.limit;
  }

  /** Forgets a key (after a successful login). */
  reset(key: string): void {
    this.windows.delete(key);
  }
}
