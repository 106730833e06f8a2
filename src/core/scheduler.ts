/**
 * Batching of notifications: work requested many times before the next frame runs once.
 * In a browser that is `requestAnimationFrame`; elsewhere a short timer.
 */

/** Runs a callback on the next batch boundary; `cancel` undoes a request. */
export interface FrameScheduler {
  request(callback: () => void): unknown;
  cancel(handle: unknown): void;
}

/** Batch interval when there is no `requestAnimationFrame` (Node, workers). */
export const TIMER_FRAME_MS = 16;

/** A scheduler on `requestAnimationFrame` when the page has one, else on a 16 ms timer. */
export function defaultScheduler(): FrameScheduler {
  if (typeof globalThis.requestAnimationFrame === 'function' && typeof globalThis.document !== 'undefined') {
    return {
      request: (cb) => globalThis.requestAnimationFrame(() => cb()),
      cancel: (h) => globalThis.cancelAnimationFrame(h as number),
    };
  }
  return timerScheduler(TIMER_FRAME_MS);
}

/** A scheduler on `setTimeout`, for Node and for tests that want a known interval. */
export function timerScheduler(intervalMs: number): FrameScheduler {
  return {
    request: (cb) => setTimeout(cb, intervalMs),
    cancel: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
}

/**
 * Coalesces `schedule()` calls into one run of `flush` per frame. `dispose` cancels a pending run.
 */
export class Batcher {
  private handle: unknown = null;
  private readonly run = (): void => {
    this.handle = null;
    this.flush();
  };

  constructor(
    private readonly scheduler: FrameScheduler,
    private readonly flush: () => void,
  ) {}

  /** Asks for one flush at the next frame; further calls before it are free. */
  schedule(): void {
    if (this.handle === null) this.handle = this.scheduler.request(this.run);
  }

  /** True while a flush is pending. */
  get pending(): boolean {
    return this.handle !== null;
  }

  /** Cancels a pending flush. */
  dispose(): void {
    if (this.handle !== null) this.scheduler.cancel(this.handle);
    this.handle = null;
  }
}
