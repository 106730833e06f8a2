/**
 * Incremental log search: a matcher built once per query, and an index of matching seqs that tests each
 * new line exactly once, so a live stream never makes search rescan the whole buffer.
 */
import type { LogEntry } from '../core/log-stream.js';

/** What the user asked for. */
export interface MatcherOptions {
  readonly query: string;
  /** Treat `query` as a JavaScript regular expression rather than literal text. */
  readonly regex?: boolean;
  readonly caseSensitive?: boolean;
}

/** A compiled query. */
export interface Matcher {
  readonly ok: true;
  /** Whether `text` contains a match. */
  test(text: string): boolean;
  /** The `[start, end)` character ranges of the non-empty matches in `text`, for highlighting. */
  ranges(text: string): [number, number][];
}

/** A query that could not be compiled, with the engine's message for the UI. */
export interface MatcherError {
  readonly ok: false;
  readonly error: string;
}

/** The result of {@link createMatcher}. */
export type MatcherResult = Matcher | MatcherError;

/** Most ranges {@link Matcher.ranges} returns per line: a 1 MB line of "a" must not yield a million. */
export const MAX_RANGES_PER_LINE = 1000;

/** Escapes the characters that are special in a regular expression, so literal text matches literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Compiles a query. An empty query matches nothing (a blank search box must not highlight every line);
 * an invalid regex yields `{ ok: false, error }` instead of throwing.
 */
export function createMatcher(options: MatcherOptions): MatcherResult {
  const flags = options.caseSensitive ? '' : 'i';
  let probe: RegExp;
  let global: RegExp;
  try {
    // Literal text goes through the regex engine too: its case folding keeps ranges aligned with the
    // original string, which lower-casing does not (some characters change length when lowered).
    const source = options.regex ? options.query : escapeRegExp(options.query);
    probe = new RegExp(source, flags);
    global = new RegExp(source, `${flags}g`);
  } catch (error: unknown) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  if (options.query === '') {
    return { ok: true, test: () => false, ranges: () => [] };
  }
  return {
    ok: true,
    // The probe has no g flag, so test() keeps no lastIndex between calls.
    test: (text) => probe.test(text),
    ranges: (text) => {
      const out: [number, number][] = [];
      global.lastIndex = 0;
      for (const m of text.matchAll(global)) {
        // Empty matches (e.g. /x*/) have nothing to highlight; matchAll already steps past them.
        if (m[0].length === 0) continue;
        out.push([m.index, m.index + m[0].length]);
        if (out.length >= MAX_RANGES_PER_LINE) break;
      }
      return out;
    },
  };
}

function sameOptions(a: MatcherOptions, b: MatcherOptions): boolean {
  return a.query === b.query && Boolean(a.regex) === Boolean(b.regex) && Boolean(a.caseSensitive) === Boolean(b.caseSensitive);
}

/**
 * The seqs of the matching lines, ascending. Fed with {@link MatchIndex.add} as batches arrive (each line
 * is tested once) and rebuilt only when the query changes; disconnect markers never match.
 */
export class MatchIndex {
  // Ascending seqs; entries before `start` were pruned but not yet compacted away.
  private seqs: number[] = [];
  private start = 0;
  private matcher: Matcher | null = null;
  private options: MatcherOptions | null = null;
  private result: MatcherResult | null = null;
  private changes = 0;

  /** The active matcher, or `null` when there is no valid query. */
  get current(): Matcher | null {
    return this.matcher;
  }

  /** Number of matching lines held. */
  get count(): number {
    return this.seqs.length - this.start;
  }

  /** Increases whenever the set of matches changes. */
  get version(): number {
    return this.changes;
  }

  /** The matching seqs, ascending (a copy). */
  toArray(): number[] {
    return this.seqs.slice(this.start);
  }

  /** The `n`-th matching seq (0-based), or `undefined`. */
  at(n: number): number | undefined {
    return n < 0 ? undefined : this.seqs[this.start + n];
  }

  /** The position of `seq` among the matches (for "3 of 12"), or -1 when it is not a match. */
  indexOf(seq: number): number {
    const i = this.lowerBound(seq);
    return this.seqs[i] === seq ? i - this.start : -1;
  }

  /**
   * Sets the query and rebuilds from `entries` only if it differs from the current one; returns the
   * compiled result so the caller can show a regex error. An invalid query leaves no matches.
   */
  setQuery(options: MatcherOptions, entries: Iterable<LogEntry>): MatcherResult {
    if (this.options && this.result && sameOptions(this.options, options)) return this.result;
    const result = createMatcher(options);
    this.setMatcher(result.ok ? result : null, entries);
    // Recorded after setMatcher, which forgets the options of any previous matcher.
    this.options = { query: options.query, regex: Boolean(options.regex), caseSensitive: Boolean(options.caseSensitive) };
    this.result = result;
    return result;
  }

  /** Replaces the matcher and rebuilds from `entries` (the store's contents); `null` clears the search. */
  setMatcher(matcher: Matcher | null, entries: Iterable<LogEntry>): void {
    // A matcher given directly is not tied to any options: the next setQuery must rebuild.
    this.options = null;
    this.result = null;
    this.matcher = matcher;
    this.seqs = [];
    this.start = 0;
    this.changes++;
    if (matcher) this.add(entries);
  }

  /** Tests the new entries (and only them) against the current matcher; seqs must keep increasing. */
  add(entries: Iterable<LogEntry>): void {
    const matcher = this.matcher;
    if (!matcher) return;
    const last = this.seqs.length > this.start ? (this.seqs[this.seqs.length - 1] as number) : -Infinity;
    let added = false;
    for (const entry of entries) {
      // Disconnect markers have no text; seqs already indexed (a re-delivered batch) are not re-tested.
      if (entry.kind !== 'line' || entry.seq <= last) continue;
      if (matcher.test(entry.text)) {
        this.seqs.push(entry.seq);
        added = true;
      }
    }
    if (added) this.changes++;
  }

  /** Forgets matches older than `firstSeq` (the store's oldest seq after it dropped lines). */
  prune(firstSeq: number | null): void {
    if (firstSeq === null) {
      if (this.count > 0) this.clear();
      return;
    }
    const cut = this.lowerBound(firstSeq);
    if (cut === this.start) return;
    this.start = cut;
    // Compact only once the dead prefix outweighs the live part, keeping pruning O(1) amortised.
    if (this.start > 1024 && this.start * 2 > this.seqs.length) {
      this.seqs = this.seqs.slice(this.start);
      this.start = 0;
    }
    this.changes++;
  }

  /** Drops every match but keeps the query (for the viewer's "clear"). */
  clear(): void {
    this.seqs = [];
    this.start = 0;
    this.changes++;
  }

  /** The first match after `fromSeq`, wrapping to the first match; `null` when there is none. */
  next(fromSeq: number | null): number | null {
    if (this.count === 0) return null;
    const i = fromSeq === null ? this.start : this.upperBound(fromSeq);
    return (i < this.seqs.length ? this.seqs[i] : this.seqs[this.start]) ?? null;
  }

  /** The last match before `fromSeq`, wrapping to the last match; `null` when there is none. */
  previous(fromSeq: number | null): number | null {
    if (this.count === 0) return null;
    const i = fromSeq === null ? this.seqs.length : this.lowerBound(fromSeq);
    return (i > this.start ? this.seqs[i - 1] : this.seqs[this.seqs.length - 1]) ?? null;
  }

  /** Index of the first live seq >= `seq`. */
  private lowerBound(seq: number): number {
    let lo = this.start;
    let hi = this.seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.seqs[mid] as number) < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the first live seq > `seq`. */
  private upperBound(seq: number): number {
    let lo = this.start;
    let hi = this.seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.seqs[mid] as number) <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
