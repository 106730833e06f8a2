/** What the watch benchmark page offers the Node driver on `window.watchBench`; shared so both sides type-check. */

/** The two feeds measured side by side: the kit's `useResourceWatch`, and one cache write per event. */
export type Side = 'ours' | 'baseline';

/** Where the page's feed connects: the gateway's base URL, its token and the watch scope. */
export interface FeedTarget {
  readonly baseUrl: string;
  readonly token: string;
  readonly cluster: string;
  readonly namespace: string;
}

/** What the page counted between `begin()` and `counters()`. */
export interface Counters {
  /** Writes of the watched list into the react-query cache. */
  readonly writes: number;
  /** Animation frames. */
  readonly frames: number;
  /** Long tasks (over 50 ms) reported by PerformanceObserver, and their total duration. */
  readonly longTasks: number;
  readonly longTaskMs: number;
  /** Milliseconds the window lasted, by the page's clock. */
  readonly ms: number;
}

/** The page's benchmark controls. */
export interface WatchBenchApi {
  /** Mounts `side` on `target`; resolves with the number of rows once the list is synced and painted. */
  mount(side: Side, target: FeedTarget): Promise<number>;
  /** Starts a window: counters and latencies from now on. */
  begin(): void;
  /** Counters since `begin()`. */
  counters(): Counters;
  /**
   * Event-to-screen latencies (ms) of the changes stamped from `fromEpoch` to `toEpoch` (epoch ms) that
   * were painted since `begin()`, and whether the feed's socket closed on the page.
   */
  latencies(fromEpoch: number, toEpoch: number): { readonly ms: number[]; readonly closed: boolean };
}

/** The annotation the emulator-side stamper writes: the change's epoch time in ms, sub-millisecond. */
export const STAMP_ANNOTATION = 'bench.kubevision.io/stamp';

declare global {
  interface Window {
    /** Set by the benchmark page once its script has run. */
    watchBench?: WatchBenchApi;
  }
}
