/** Framework-free logic of the log viewer: the bounded line store, the ANSI parser and incremental search. */

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
