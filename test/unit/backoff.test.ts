import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from '../../src/core/backoff.ts';

const LOW = (): number => 0;
const HIGH = (): number => 0.999999;
const MID = (): number => 0.5;

/** The seed's schedule before jitter. */
const seed = (attempt: number): number => Math.min(1000 * 2 ** attempt, 30_000);

const attempts = Array.from({ length: 101 }, (_, i) => i);

describe('backoffDelay with the default (seed) schedule and equal jitter', () => {
  it('uses the seed constants', () => {
    expect(DEFAULT_BACKOFF).toEqual({ baseMs: 1000, maxMs: 30_000, jitter: 'equal', resetAfterMs: 5000 });
    expect(Object.isFrozen(DEFAULT_BACKOFF)).toBe(true);
  });

  it.each([
    ['0', LOW],
    ['0.5', MID],
    ['0.999999', HIGH],
  ])('with random fixed at %s every delay lies in [d/2, d] for attempts 0..100', (_name, random) => {
    for (const attempt of attempts) {
      const d = seed(attempt);
      const delay = backoffDelay(attempt, DEFAULT_BACKOFF, random);
      expect(Number.isFinite(delay), `attempt ${attempt}`).toBe(true);
      expect(delay, `attempt ${attempt}`).toBeGreaterThanOrEqual(d / 2);
      expect(delay, `attempt ${attempt}`).toBeLessThanOrEqual(d);
      expect(delay).toBeLessThanOrEqual(30_000);
    }
  });

  it('spans the whole [d/2, d] range: half of d at the low end, d itself at the high end', () => {
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, DEFAULT_BACKOFF, LOW))).toEqual([500, 1000, 2000, 4000, 8000, 15_000]);
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, DEFAULT_BACKOFF, HIGH))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000]);
    expect(backoffDelay(2, DEFAULT_BACKOFF, MID)).toBe(3000);
  });

  it('is the default when called without options, and uses Math.random by default', () => {
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(3);
      expect(delay).toBeGreaterThanOrEqual(4000);
      expect(delay).toBeLessThanOrEqual(8000);
      expect(Number.isInteger(delay)).toBe(true);
    }
  });

  it('spreads a thousand clients over the window instead of sending them back in lockstep', () => {
    const delays = new Set(Array.from({ length: 1000 }, (_, i) => backoffDelay(5, DEFAULT_BACKOFF, () => i / 1000)));
    expect(delays.size).toBe(1000);
    expect(Math.min(...delays)).toBe(15_000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(30_000);
  });

  it('treats a negative attempt as the first', () => {
    expect(backoffDelay(-3, DEFAULT_BACKOFF, LOW)).toBe(500);
  });

  it('stays capped for huge attempt counts', () => {
    expect(backoffDelay(10_000, DEFAULT_BACKOFF, HIGH)).toBe(30_000);
    expect(backoffDelay(Number.MAX_SAFE_INTEGER, DEFAULT_BACKOFF, LOW)).toBe(15_000);
  });
});

describe('backoffDelay with other jitter modes', () => {
  const full: BackoffOptions = { ...DEFAULT_BACKOFF, jitter: 'full' };
  const none: BackoffOptions = { ...DEFAULT_BACKOFF, jitter: 'none' };

  it('full jitter lies in [0, d]', () => {
    for (const attempt of attempts) {
      const d = seed(attempt);
      expect(backoffDelay(attempt, full, LOW)).toBe(0);
      const high = backoffDelay(attempt, full, HIGH);
      expect(high).toBeLessThanOrEqual(d);
      expect(high).toBeGreaterThanOrEqual(d - 1);
    }
    expect(backoffDelay(1, full, MID)).toBe(1000);
  });

  it('no jitter is exactly the seed schedule, whatever random says', () => {
    for (const attempt of attempts) {
      expect(backoffDelay(attempt, none, LOW)).toBe(seed(attempt));
      expect(backoffDelay(attempt, none, HIGH)).toBe(seed(attempt));
    }
    expect([0, 1, 2, 3, 4, 5, 6].map((a) => backoffDelay(a, none))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  });
});

describe('backoffDelay with a custom base and ceiling', () => {
  const custom: BackoffOptions = { baseMs: 250, maxMs: 5000, jitter: 'equal', resetAfterMs: 1000 };

  it('doubles from the custom base up to the custom ceiling', () => {
    const d = (attempt: number): number => Math.min(250 * 2 ** attempt, 5000);
    for (const attempt of attempts) {
      for (const random of [LOW, MID, HIGH]) {
        const delay = backoffDelay(attempt, custom, random);
        expect(delay).toBeGreaterThanOrEqual(d(attempt) / 2);
        expect(delay).toBeLessThanOrEqual(d(attempt));
      }
    }
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, { ...custom, jitter: 'none' }))).toEqual([250, 500, 1000, 2000, 4000, 5000]);
  });

  it('never exceeds a ceiling below the base', () => {
    const tight: BackoffOptions = { baseMs: 1000, maxMs: 400, jitter: 'none', resetAfterMs: 0 };
    expect(backoffDelay(0, tight)).toBe(400);
    expect(backoffDelay(0, { ...tight, jitter: 'equal' }, HIGH)).toBeLessThanOrEqual(400);
  });
});

describe('backoffDelay edge cases', () => {
  it('never goes below d/2 for an odd ceiling and treats a non-finite attempt as the first', () => {
    const odd: BackoffOptions = { ...DEFAULT_BACKOFF, baseMs: 1, maxMs: 1 };
    expect(backoffDelay(0, odd, () => 0)).toBe(1);
    expect(backoffDelay(Number.NaN, DEFAULT_BACKOFF, () => 0)).toBe(500);
  });
});
