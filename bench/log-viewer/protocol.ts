/** What the benchmark page offers the Node driver on `window.logBench`; shared so both sides type-check. */

/** The two viewers measured side by side. */
export type ViewerName = 'ours' | 'peer';

/** Frame times seen while lines streamed in at a fixed rate. */
export interface StreamResult {
  /** Time between consecutive animation frames, in ms. */
  readonly frames: number[];
}

/** A query typed key by key into our viewer at a large backlog, beside a raw whole-buffer scan. */
export interface SearchResult {
  /** Per keystroke: ms the input event took to handle (the synchronous render included). */
  readonly handledMs: number[];
  /** Per keystroke: ms from the input event until the next frame had painted. */
  readonly paintedMs: number[];
  /** Per prefix of the query: ms of one synchronous scan of every line held (the rebuilding baseline). */
  readonly rawMs: number[];
  /** Ms from the last keystroke until the match count was final. */
  readonly completeMs: number;
  /** The longest frame from the first keystroke until the count was final. */
  readonly longestFrameMs: number;
  /** Ms Enter took to handle once the count was final. */
  readonly enterMs: number;
  /** Ms Enter took right after the whole query was pasted in (the index not built yet). */
  readonly enterFlushMs: number;
  /** The final match count as shown. */
  readonly count: string;
}

/** Width changes of our viewer with wrapped lines at a large backlog, beside a raw whole-buffer relayout. */
export interface WidthResult {
  /** Longest frame after turning wrapping on. */
  readonly wrapMs: number;
  /** Longest frame after each container width change. */
  readonly resizeMs: number[];
  /** Longest frame after each timestamp toggle (the text column narrows or widens). */
  readonly toggleMs: number[];
  /** Ms of a synchronous relayout of every line at each width's columns (the baseline). */
  readonly rawMs: number[];
}

/** The page's benchmark controls. */
export interface BenchApi {
  /** Renders the viewer empty; resolves once it has painted. Sets the viewer's width back to 1280 px. */
  mount(viewer: ViewerName): Promise<void>;
  /** Hands `rate` lines/s to the viewer for `warmup` + `seconds`, one batch per animation frame; frames are timed after `warmup`. */
  stream(rate: number, seconds: number, warmup: number): Promise<StreamResult>;
  /** Generates `count` distinct lines in the viewer's input form, outside any timing. */
  prepareBacklog(count: number): void;
  /** Hands the prepared lines over at once; resolves with the ms until the last one is in the DOM and painted. */
  showBacklog(): Promise<number>;
  /** Ours only: types `query` into the search box key by key, `gapMs` apart (after showBacklog). */
  search(query: string, gapMs: number): Promise<SearchResult>;
  /** Ours only: wraps lines, changes the width through `widths`, toggles timestamps; frames timed for `windowMs` after each. */
  widths(widths: number[], windowMs: number): Promise<WidthResult>;
}

declare global {
  interface Window {
    /** Set by the benchmark page once its script has run. */
    logBench?: BenchApi;
  }
}
