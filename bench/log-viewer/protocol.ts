/** What the benchmark page offers the Node driver on `window.logBench`; shared so both sides type-check. */

/** The two viewers measured side by side. */
export type ViewerName = 'ours' | 'peer';

/** Frame times seen while lines streamed in at a fixed rate. */
export interface StreamResult {
  /** Time between consecutive animation frames, in ms. */
  readonly frames: number[];
}

/** The page's benchmark controls. */
export interface BenchApi {
  /** Renders the viewer empty; resolves once it has painted. */
  mount(viewer: ViewerName): Promise<void>;
  /** Hands `rate` lines/s to the viewer for `warmup` + `seconds`, one batch per animation frame; frames are timed after `warmup`. */
  stream(rate: number, seconds: number, warmup: number): Promise<StreamResult>;
  /** Generates `count` distinct lines in the viewer's input form, outside any timing. */
  prepareBacklog(count: number): void;
  /** Hands the prepared lines over at once; resolves with the ms until the last one is in the DOM and painted. */
  showBacklog(): Promise<number>;
}

declare global {
  interface Window {
    /** Set by the benchmark page once its script has run. */
    logBench?: BenchApi;
  }
}
