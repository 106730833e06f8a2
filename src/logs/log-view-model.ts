/**
 * Keeps the viewer's derived state in step with a {@link LogLineStore}: the incremental match index and
 * the row layout. `sync` is called on every render and costs O(entries added since the last call);
 * only a change of query, filter, wrap width or expanded lines rebuilds, and those are user actions.
 */
import type { LogEntry } from '../core/log-stream.js';
import { entryRows } from './entry-text.js';
import type { LogLineStore } from './line-store.js';
import { RowLayout } from './row-layout.js';
import { MatchIndex, type MatcherOptions, type MatcherResult } from './search.js';

/** What the user chose that shapes the rows. */
export interface ViewSettings {
  readonly search: MatcherOptions;
  /** Show only the matching lines (ignored while the query is empty or invalid). */
  readonly filter: boolean;
  /** Columns a wrapped line fills, or `null` for no wrapping (one row per entry). */
  readonly cols: number | null;
  /** Seqs of the lines shown in full. */
  readonly expanded: ReadonlySet<number>;
}

/** Index of the first entry in `lines` after `lastSeq`, or -1 when the store went backwards (refilled). */
function indexAfter(lines: LogLineStore, lastSeq: number | null): number {
  if (lastSeq === null) return 0;
  const i = lines.indexOfSeq(lastSeq);
  if (i >= 0) return i + 1;
  const first = lines.firstSeq;
  if (first === null) return lines.length === 0 ? 0 : -1;
  // Everything up to lastSeq was dropped: what is held is all new.
  return first > lastSeq ? 0 : -1;
}

/** The match index and row layout of one viewer. */
export class LogViewModel {
  private index = new MatchIndex();
  private searchResult: MatcherResult = { ok: false, error: '' };
  /** Bumped whenever the match index is rebuilt rather than extended. */
  private generation = 0;
  private indexedTo: number | null = null;
  private store: LogLineStore | null = null;
  private layoutKey = '';
  private layoutExpanded: ReadonlySet<number> | null = null;
  private filtering = false;
  readonly layout = new RowLayout();

  /** The matching seqs held. */
  get matches(): MatchIndex {
    return this.index;
  }

  /** The compiled query, or its error. */
  get search(): MatcherResult {
    return this.searchResult;
  }

  /** True when the layout holds only matching lines. */
  get filtered(): boolean {
    return this.filtering;
  }

  /** Brings the index and layout up to date with `lines` for `settings`. */
  sync(lines: LogLineStore, settings: ViewSettings): void {
    if (lines !== this.store || (lines.length === 0 && this.indexedTo !== null)) this.restart(lines);
    this.syncSearch(lines, settings.search);
    this.syncLayout(lines, settings);
  }

  private restart(lines: LogLineStore): void {
    this.store = lines;
    this.index = new MatchIndex();
    this.indexedTo = null;
    this.layoutKey = '';
  }

  private syncSearch(lines: LogLineStore, search: MatcherOptions): void {
    const before = this.index.version;
    const result = this.index.setQuery(search, lines);
    this.searchResult = result;
    if (this.index.version !== before) {
      // setQuery rebuilt from everything held: the next batch starts after the newest entry.
      this.generation++;
      this.indexedTo = lines.lastSeq;
      return;
    }
    const from = indexAfter(lines, this.indexedTo);
    if (from < 0) {
      this.restart(lines);
      this.syncSearch(lines, search);
      return;
    }
    if (result.ok && search.query !== '' && from < lines.length) this.index.add(lines.range(from));
    this.indexedTo = lines.lastSeq ?? this.indexedTo;
    this.index.prune(lines.firstSeq);
  }

  private syncLayout(lines: LogLineStore, settings: ViewSettings): void {
    this.filtering = settings.filter && this.searchResult.ok && settings.search.query !== '';
    const key = `${this.filtering ? `f${this.generation}` : 'all'}|${settings.cols ?? 'nowrap'}`;
    // Expanding a line changes its height only when lines wrap; unwrapped, every entry is one row.
    const expandedChanged = settings.cols !== null && settings.expanded !== this.layoutExpanded;
    if (key !== this.layoutKey || expandedChanged) {
      this.layoutKey = key;
      this.layoutExpanded = settings.expanded;
      this.layout.reset();
    }
    const rows = (entry: LogEntry) => entryRows(entry, settings.cols, settings.expanded.has(entry.seq));
    if (this.filtering) this.layMatches(lines, rows);
    else if (!this.layEntries(lines, rows)) {
      this.layout.reset();
      this.layEntries(lines, rows);
    }
    const first = lines.firstSeq;
    if (first === null) this.layout.reset();
    else this.layout.pruneBefore(first);
  }

  /** Lays out the entries after the last one laid out; false when the store went backwards. */
  private layEntries(lines: LogLineStore, rows: (entry: LogEntry) => number): boolean {
    const from = indexAfter(lines, this.layout.lastSeq);
    if (from < 0) return false;
    for (const entry of lines.range(from)) this.layout.push(entry.seq, rows(entry));
    return true;
  }

  /** Lays out the matches after the last one laid out. */
  private layMatches(lines: LogLineStore, rows: (entry: LogEntry) => number): void {
    const last = this.layout.lastSeq;
    const index = this.index;
    let n = 0;
    if (last !== null) {
      const next = index.next(last);
      // next() wraps around to the first match when nothing follows `last`.
      n = next === null || next <= last ? index.count : index.indexOf(next);
    }
    for (; n < index.count; n++) {
      const seq = index.at(n) as number;
      const entry = lines.get(lines.indexOfSeq(seq));
      if (entry) this.layout.push(seq, rows(entry));
    }
  }
}
