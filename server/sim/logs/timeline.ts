/**
 * When a container instance writes, without writing anything: time after the instance's start is cut
 * into fixed segments, and each segment's events (instant, number of lines, seed for their text) come
 * from a generator seeded by the instance and the segment number alone. Any stretch of history can so
 * be produced on demand, in any order, always identical, and an instance nobody reads costs nothing.
 */
import { hash32, Prng } from './prng.js';
import type { Instant } from './timestamp.js';

/** One write of the container: `count` lines sharing one timestamp. */
export interface LogEvent {
  readonly at: Instant;
  readonly count: number;
  /** Seed of the text of these lines. */
  readonly seed: number;
  /** The start-up banner, the instance's first event. */
  readonly start: boolean;
}

/** Share of writes that carry several lines (a stack trace, a flushed batch). */
const BURST_SHARE = 0.12;
const MEAN_LINES_PER_EVENT = 1 - BURST_SHARE + BURST_SHARE * 4.5;
const CACHED_SEGMENTS = 8;

/** The events of one container instance. */
export class Timeline {
  /** Segment length: about 32 writes, at least 10 s, so a follower re-derives little per tick. */
  readonly segmentUs: number;
  private readonly meanGapUs: number;
  private readonly cache = new Map<number, readonly LogEvent[]>();

  constructor(
    private readonly seed: number,
    readonly startUs: number,
    linesPerSecond: number,
  ) {
    this.meanGapUs = linesPerSecond > 0 ? (1e6 * MEAN_LINES_PER_EVENT) / linesPerSecond : Number.POSITIVE_INFINITY;
    this.segmentUs = Number.isFinite(this.meanGapUs) ? Math.max(10e6, Math.round(32 * this.meanGapUs)) : 3600e6;
  }

  /** The segment holding instant `us` (microseconds since the epoch, not before the start). */
  segmentOf(us: number): number {
    return Math.floor((us - this.startUs) / this.segmentUs);
  }

  /** Where segment `k` begins. */
  segmentStart(k: number): number {
    return this.startUs + k * this.segmentUs;
  }

  /** The events of segment `k`, in time order, strictly increasing instants. */
  events(k: number): readonly LogEvent[] {
    const cached = this.cache.get(k);
    if (cached) return cached;
    const events = this.generate(k);
    this.cache.set(k, events);
    if (this.cache.size > CACHED_SEGMENTS) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    return events;
  }

  private generate(k: number): LogEvent[] {
    const rng = new Prng(hash32(this.seed, 'segment', k));
    const seed = (): number => Math.floor(rng.next() * 4294967296);
    const events: LogEvent[] = [];
    let t = this.segmentStart(k);
    const end = t + this.segmentUs;
    if (k === 0) events.push({ at: { us: t, ns: 0 }, count: rng.int(3, 5), seed: seed(), start: true });
    for (;;) {
      // Exponential gaps: writes arrive as a Poisson process at the configured rate.
      t += Math.max(1, Math.round(-Math.log(1 - rng.next()) * this.meanGapUs));
      if (!(t < end)) break;
      const count = rng.chance(BURST_SHARE) ? rng.int(2, 7) : 1;
      events.push({ at: { us: t, ns: rng.int(0, 999) }, count, seed: seed(), start: false });
    }
    return events;
  }
}
