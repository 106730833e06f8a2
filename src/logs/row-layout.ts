/**
 * Row geometry of the log viewer's own virtualizer: which entries are shown, how many rows each takes
 * and where each starts, kept as prefix sums so that appending costs O(new entries) and mapping a scroll
 * offset to an entry is a binary search, whatever the buffer holds.
 */

/** The shown entries (by seq, ascending) with cumulative row counts; grows at the end, shrinks at the front. */
export class RowLayout {
  // Ascending seqs of the shown entries; entries before `start` were pruned but not yet compacted away.
  private seqs: number[] = [];
  // ends[i] = rows of every entry pushed up to and including i, counted since the last reset, so pruning
  // the front never rewrites the sums: offsets are taken relative to the pruned prefix instead.
  private ends: number[] = [];
  private start = 0;
  // Rows of the entries compacted away: what ends[] counts before its first element.
  private origin = 0;

  /** Number of entries laid out. */
  get count(): number {
    return this.seqs.length - this.start;
  }

  /** Rows of every entry laid out. */
  get totalRows(): number {
    return this.seqs.length === this.start ? 0 : (this.ends[this.ends.length - 1] as number) - this.base();
  }

  /** The seq of the newest entry laid out, or `null`. */
  get lastSeq(): number | null {
    return this.count === 0 ? null : (this.seqs[this.seqs.length - 1] as number);
  }

  /** Appends an entry taking `rows` rows; seqs must increase. */
  push(seq: number, rows: number): void {
    const before = this.ends.length === 0 ? this.origin : (this.ends[this.ends.length - 1] as number);
    this.seqs.push(seq);
    this.ends.push(before + rows);
  }

  /** Forgets the entries with a seq below `firstSeq`, in O(log n) amortised. */
  pruneBefore(firstSeq: number): void {
    const cut = this.start + this.lowerBound(firstSeq);
    if (cut === this.start) return;
    this.start = cut;
    // Compact only once the dead prefix outweighs the live part, keeping pruning O(1) amortised.
    if (this.start > 1024 && this.start * 2 > this.seqs.length) {
      this.origin = this.base();
      this.seqs = this.seqs.slice(this.start);
      this.ends = this.ends.slice(this.start);
      this.start = 0;
    }
  }

  /** Forgets everything. */
  reset(): void {
    this.seqs = [];
    this.ends = [];
    this.start = 0;
    this.origin = 0;
  }

  /** The seq of the `index`-th entry laid out. */
  seqAt(index: number): number | undefined {
    return index < 0 ? undefined : this.seqs[this.start + index];
  }

  /** The first row of the `index`-th entry (0 for the first), clamped to `0..count`. */
  rowOf(index: number): number {
    const i = Math.max(0, Math.min(index, this.count));
    return i === 0 ? 0 : (this.ends[this.start + i - 1] as number) - this.base();
  }

  /** How many rows the `index`-th entry takes. */
  rowsOf(index: number): number {
    return this.rowOf(index + 1) - this.rowOf(index);
  }

  /** The entry covering `row`, clamped to the laid-out entries; -1 when there are none. */
  indexAtRow(row: number): number {
    if (this.count === 0) return -1;
    const target = row + this.base();
    // First i whose cumulative end lies beyond the row.
    let lo = this.start;
    let hi = this.seqs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ends[mid] as number) <= target) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.start;
  }

  /** Index of the first entry laid out whose seq is >= `seq` (`count` when none is). */
  lowerBound(seq: number): number {
    let lo = this.start;
    let hi = this.seqs.length;
    // Seqs are usually consecutive: try the direct guess before searching.
    const guess = this.start + (seq - (this.seqs[this.start] ?? seq));
    if (guess >= lo && guess < hi && this.seqs[guess] === seq) return guess - this.start;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.seqs[mid] as number) < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.start;
  }

  private base(): number {
    return this.start === 0 ? this.origin : (this.ends[this.start - 1] as number);
  }
}

/** The entries to render for a viewport: `[start, end)` indexes into a {@link RowLayout}. */
export interface RowWindow {
  readonly start: number;
  readonly end: number;
}

/** The entries covering `[offsetPx, offsetPx + viewportPx)` plus `overscan` entries on each side. */
export function rowWindow(layout: RowLayout, offsetPx: number, viewportPx: number, rowPx: number, overscan: number): RowWindow {
  if (layout.count === 0) return { start: 0, end: 0 };
  const first = layout.indexAtRow(Math.floor(offsetPx / rowPx));
  const last = layout.indexAtRow(Math.floor((offsetPx + Math.max(viewportPx, rowPx) - 1) / rowPx));
  return { start: Math.max(0, first - overscan), end: Math.min(layout.count, last + 1 + overscan) };
}
