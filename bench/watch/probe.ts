/**
 * The page's measurements: event-to-screen latency of each changed row, read back from what the table
 * committed once the frame after the commit has painted; cache writes; animation frames; long tasks.
 * Both sides report to the same probe through the same table, so the figures compare.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { Pod } from 'kubernetes-types/core/v1';
import { epochNow } from '../fanout/ipc.js';
import { STAMP_ANNOTATION, type Counters } from './protocol.js';

/** The stamp the emulator wrote on a pod, or NaN when it has none. */
export function stampOf(pod: Pod): number {
  return Number(pod.metadata?.annotations?.[STAMP_ANNOTATION] ?? Number.NaN);
}

/** One probe per page. */
class Probe {
  private previous: readonly Pod[] = [];
  /** [stamp, latency] of every change painted since `begin()`. */
  private painted: [number, number][] = [];
  private writes = 0;
  private frames = 0;
  private longTasks = 0;
  private longTaskMs = 0;
  private start = performance.now();
  /** Set when the feed's socket closed: the side stopped receiving, so its figures end there. */
  closed = false;

  constructor() {
    const frame = (): void => {
      this.frames++;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        this.longTasks++;
        this.longTaskMs += entry.duration;
      }
    }).observe({ type: 'longtask' });
  }

  /** Counts every write of `queryKey`'s data into `client`'s cache (setQueryData and resolved queries alike). */
  countWrites(client: QueryClient, queryKey: readonly unknown[]): void {
    const hash = JSON.stringify(queryKey);
    client.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'success' && event.query.queryHash === hash) this.writes++;
    });
  }

  /**
   * Called in the table's layout effect with the rows it just committed. Changed rows are found by
   * reference at the same index (both feeds keep each pod in place and replace only what changed), a
   * pass far cheaper than any feed's own work per write; their stamps are timed once the next frame
   * has painted: a task queued from a frame callback runs after that frame.
   */
  committed(items: readonly Pod[]): void {
    const before = this.previous;
    this.previous = items;
    if (before.length !== items.length) return;
    const stamps: number[] = [];
    for (let i = 0; i < items.length; i++) {
      const pod = items[i] as Pod;
      if (pod !== before[i]) stamps.push(stampOf(pod));
    }
    if (stamps.length === 0) return;
    requestAnimationFrame(() =>
      setTimeout(() => {
        const now = epochNow();
        for (const stamp of stamps) if (Number.isFinite(stamp)) this.painted.push([stamp, now - stamp]);
      }, 0),
    );
  }

  begin(): void {
    this.painted = [];
    this.writes = 0;
    this.frames = 0;
    this.longTasks = 0;
    this.longTaskMs = 0;
    this.start = performance.now();
  }

  counters(): Counters {
    return { writes: this.writes, frames: this.frames, longTasks: this.longTasks, longTaskMs: this.longTaskMs, ms: performance.now() - this.start };
  }

  latencies(fromEpoch: number, toEpoch: number): number[] {
    return this.painted.filter(([stamp]) => stamp >= fromEpoch && stamp < toEpoch).map(([, ms]) => ms);
  }
}

/** The page's probe. */
export const probe = new Probe();
