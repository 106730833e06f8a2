/** The log viewer: its framework-free logic (line store, ANSI parser, incremental search) and its components. */

/** The bounded ring of log entries and the display-length helper. */
export { DEFAULT_DISPLAY_CHARS, DEFAULT_MAX_LINES, LogLineStore, displayText, type DisplayText, type LogLineStoreOptions } from './line-store.js';
/** ANSI SGR parsing into plain, injection-free span data. */
export { parseAnsi, stripAnsi, type AnsiColor, type AnsiSpan, type AnsiStyle } from './ansi.js';
/** Query compilation and the incremental index of matching seqs. */
export {
  MAX_RANGES_PER_LINE,
  MatchIndex,
  createMatcher,
  escapeRegExp,
  type Matcher,
  type MatcherError,
  type MatcherOptions,
  type MatcherResult,
} from './search.js';
/** The presentational viewer over any store, and the connected viewer of a pod's log. */
export { LogView, type LogViewProps } from './log-view.js';
export { LogViewer, type LogViewerProps } from './log-viewer.js';
export { ContainerPicker, usePodContainers, type ContainerPickerProps, type PodContainer, type PodContainers } from './container-picker.js';
