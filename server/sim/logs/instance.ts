/**
 * The log of one container instance (one run of a container: a restart starts a new one). Lines are
 * materialised lazily, on the first read, from the timeline: only the last `capacity` of them, however
 * long the instance has run, and later reads append what has happened since. The ring holds when each
 * line was written; its text is rendered only for lines somebody reads (a `tailLines=5` costs five).
 */
import type { Ending } from './bursts.js';
import { hash32 } from './prng.js';
import type { Profile } from './profile.js';
import { renderEnding, renderEvent } from './render.js';
import { Ring } from './ring.js';
import { Timeline } from './timeline.js';
import type { Instant } from './timestamp.js';

/** One line of a container log. */
export interface LogLine {
  /** Position in the instance's log; consecutive, so followers can tell what they have seen. */
  readonly seq: number;
  readonly at: Instant;
  /** The line without its newline. */
  readonly text: string;
}

/** The lines of one write, rendered on first read and shared by the ring entries of that write. */
class Batch {
  private text: readonly string[] | null = null;

  constructor(
    readonly at: Instant,
    private readonly render: () => readonly string[],
  ) {}

  line(index: number): string {
    this.text ??= this.render();
    return this.text[index] ?? '';
  }
}

/** A ring entry: line `index` of a write. Text is only produced when someone reads the line. */
interface Entry {
  readonly seq: number;
  readonly batch: Batch;
  readonly index: number;
}

const toLine = (e: Entry): LogLine => ({ seq: e.seq, at: e.batch.at, text: e.batch.line(e.index) });

/** What a container instance is. */
export interface InstancePlan {
  /** Seed of this instance's writes (registry seed, container identity and restart number). */
  readonly seed: number;
  readonly profile: Profile;
  readonly startMs: number;
  readonly linesPerSecond: number;
  readonly capacity: number;
  /** Set for an instance that has already ended when declared. */
  readonly end?: { readonly atMs: number; readonly ending: Ending };
}

/** The log of one container instance. */
export class ContainerLog {
  private readonly timeline: Timeline;
  private ring: Ring<Entry> | null = null;
  /** Every event before this instant is in the ring. */
  private cursorUs: number;
  private nextSeq = 0;
  private end: { us: number; ending: Ending; written: boolean } | null = null;
  private stopped = false;
  private readonly endListeners = new Set<() => void>();

  constructor(private readonly plan: InstancePlan) {
    const startUs = Math.round(plan.startMs) * 1000;
    this.timeline = new Timeline(plan.seed, startUs, plan.linesPerSecond);
    this.cursorUs = startUs;
    if (plan.end) this.end = { us: Math.max(Math.round(plan.end.atMs) * 1000, startUs), ending: plan.end.ending, written: false };
  }

  /** True once the log has been read or stopped: from then on its history may only grow, never be re-planned. */
  get settled(): boolean {
    return this.ring !== null || this.stopped;
  }

  /** The retained lines as of `nowMs`: the last `tail` of them (all when null), then those not before `sinceUs`. */
  lines(nowMs: number, tail: number | null = null, sinceUs = Number.NEGATIVE_INFINITY): LogLine[] {
    const ring = this.advance(nowMs);
    const from = tail === null ? 0 : ring.length - tail;
    return ring.slice(from).filter((e) => e.batch.at.us >= sinceUs).map(toLine);
  }

  /** The retained lines after line `seq` not before `sinceUs`, as of `nowMs`. */
  linesAfter(seq: number, nowMs: number, sinceUs = Number.NEGATIVE_INFINITY): LogLine[] {
    const ring = this.advance(nowMs);
    const first = ring.at(0);
    return first ? ring.slice(seq + 1 - first.seq).filter((e) => e.batch.at.us >= sinceUs).map(toLine) : [];
  }

  /** The number of the newest line read so far; -1 before any. */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /** True when the instance has ended and its last line is readable. */
  complete(nowMs: number): boolean {
    this.advance(nowMs);
    return this.end?.written === true;
  }

  /** The earliest time (epoch ms) at which a line not yet read becomes readable; null for never. */
  nextLineAt(): number | null {
    if (this.end) return this.end.written ? null : Math.floor(this.end.us / 1000);
    const tl = this.timeline;
    const first = Math.max(0, tl.segmentOf(this.cursorUs));
    // A bounded look-ahead; a follower that finds nothing soon simply asks again later.
    for (let k = first; k < first + 64; k++) {
      const next = tl.events(k).find((e) => e.at.us >= this.cursorUs);
      if (next) return Math.floor(next.at.us / 1000) + 1;
    }
    return null;
  }

  /** Ends the instance at `atMs` (never before what has been read) with these closing lines. */
  finish(atMs: number, ending: Ending): void {
    if (this.end) return;
    this.stopped = true;
    this.end = { us: Math.max(Math.round(atMs) * 1000, this.cursorUs, this.timeline.startUs), ending, written: false };
    for (const listener of [...this.endListeners]) listener();
  }

  /** Calls `listener` when the instance ends; returns the unsubscribe function. */
  onEnd(listener: () => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  private advance(nowMs: number): Ring<Entry> {
    const ring = (this.ring ??= new Ring<Entry>(this.plan.capacity));
    const nowUs = Math.floor(nowMs) * 1000;
    const limitUs = this.end ? Math.min(nowUs, this.end.us) : nowUs;
    if (limitUs > this.cursorUs) {
      this.append(ring, this.cursorUs, limitUs);
      this.cursorUs = limitUs;
    }
    if (this.end && !this.end.written && nowUs >= this.end.us) {
      const at = { us: this.end.us, ns: 0 };
      const lines = renderEnding(this.plan.profile, hash32(this.plan.seed, 'end'), at, this.end.ending);
      const batch = new Batch(at, () => lines);
      lines.forEach((_, index) => ring.push({ seq: this.nextSeq++, batch, index }));
      this.end.written = true;
    }
    return ring;
  }

  /** Appends the events in [fromUs, toUs), skipping whole segments that would fall off the ring anyway. */
  private append(ring: Ring<Entry>, fromUs: number, toUs: number): void {
    const tl = this.timeline;
    const inRange = (us: number): boolean => us >= fromUs && us < toUs;
    let first = tl.segmentOf(fromUs);
    const last = tl.segmentOf(toUs - 1);
    let kept = 0;
    for (let k = last; k > first; k--) {
      kept += tl.events(k).reduce((n, e) => n + (inRange(e.at.us) ? e.count : 0), 0);
      if (kept >= ring.capacity) {
        ring.clear();
        first = k;
        break;
      }
    }
    for (let k = first; k <= last; k++) {
      for (const event of tl.events(k)) {
        if (!inRange(event.at.us)) continue;
        const batch = new Batch(event.at, () => renderEvent(this.plan.profile, event));
        for (let index = 0; index < event.count; index++) ring.push({ seq: this.nextSeq++, batch, index });
      }
    }
  }
}
