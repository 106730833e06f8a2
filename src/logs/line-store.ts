/**
 * The bounded buffer behind the log viewer: a ring of entries so that appending a batch costs only the
 * batch, whatever the buffer holds, and a million lines never means copying a million lines.
 */
import type { LogEntry, LogLine } from '../core/log-stream.js';

/** The default number of entries a {@link LogLineStore} holds before dropping the oldest. */
export const DEFAULT_MAX_LINES = 100_000;

/** The default number of characters {@link displayText} hands to rendering. */
export const DEFAULT_DISPLAY_CHARS = 10_000;

/** Options of a {@link LogLineStore}. */
export interface LogLineStoreOptions {
  /** Most entries held; older ones are dropped first and counted. Default 100,000. */
  maxLines?: number;
}

/** A ring buffer of log entries with a cap, a count of what it dropped and a version for change detection. */
export class LogLineStore {
  /** The cap; fixed for the life of the store. */
  readonly capacity: number;
  // Grows by push until the cap, then is overwritten in place: no shifting of the whole buffer, ever.
  private ring: LogEntry[] = [];
  // Physical index of the oldest entry once the ring is full.
  private head = 0;
  private size = 0;
  private dropped = 0;
  private changes = 0;

  constructor(options: LogLineStoreOptions = {}) {
    const max = options.maxLines ?? DEFAULT_MAX_LINES;
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxLines must be a positive integer, got ${String(max)}`);
    this.capacity = max;
  }

  /** Number of entries held. */
  get length(): number {
    return this.size;
  }

  /** Entries dropped since creation or the last {@link clear} because the cap was reached. */
  get droppedTotal(): number {
    return this.dropped;
  }

  /** Increases on every change, so a renderer can tell whether to redraw without comparing contents. */
  get version(): number {
    return this.changes;
  }

  /** The `seq` of the oldest entry held, or `null` when empty. */
  get firstSeq(): number | null {
    return this.size === 0 ? null : (this.get(0)?.seq ?? null);
  }

  /** The `seq` of the newest entry held, or `null` when empty. */
  get lastSeq(): number | null {
    return this.size === 0 ? null : (this.get(this.size - 1)?.seq ?? null);
  }

  /** Adds a batch at the end, dropping the oldest entries beyond the cap; costs O(batch). */
  append(entries: readonly LogEntry[]): void {
    if (entries.length === 0) return;
    let start = 0;
    if (entries.length > this.capacity) {
      // Entries that would be overwritten within this same batch are counted but never stored.
      start = entries.length - this.capacity;
      this.dropped += start;
    }
    for (let i = start; i < entries.length; i++) this.push(entries[i] as LogEntry);
    this.changes++;
  }

  /** The entry at `index` (0 is the oldest held), or `undefined` outside `0..length-1`. */
  get(index: number): LogEntry | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) return undefined;
    return this.ring[(this.head + index) % this.capacity];
  }

  /** The index of the entry with `seq`, or -1; O(1) because seqs held are consecutive in the usual case. */
  indexOfSeq(seq: number): number {
    const first = this.firstSeq;
    if (first === null) return -1;
    const guess = seq - first;
    // Seqs increase by one per entry, so the guess is exact unless the caller appended a gapped sequence.
    if (this.get(guess)?.seq === seq) return guess;
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = (this.get(mid) as LogEntry).seq;
      if (at === seq) return mid;
      if (at < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Iterates entries from index `start` (inclusive) to `end` (exclusive), clamped to what is held. */
  *range(start = 0, end = this.size): IterableIterator<LogEntry> {
    const from = Math.max(0, Math.floor(start));
    const to = Math.min(this.size, Math.floor(end));
    for (let i = from; i < to; i++) yield this.ring[(this.head + i) % this.capacity] as LogEntry;
  }

  /** Iterates every entry held, oldest first. */
  [Symbol.iterator](): IterableIterator<LogEntry> {
    return this.range();
  }

  /** Empties the store and resets the dropped count; the version still increases. */
  clear(): void {
    this.ring = [];
    this.head = 0;
    this.size = 0;
    this.dropped = 0;
    this.changes++;
  }

  private push(entry: LogEntry): void {
    if (this.size < this.capacity) {
      // Until the first wrap head is 0, so the physical index equals the logical one.
      this.ring.push(entry);
      this.size++;
      return;
    }
    this.ring[this.head] = entry;
    this.head = (this.head + 1) % this.capacity;
    this.dropped++;
  }
}

/** What rendering gets for a line: at most `maxChars` characters and whether any were cut. */
export interface DisplayText {
  readonly text: string;
  readonly truncated: boolean;
  /** Length of the full text, so the UI can say how much is hidden. */
  readonly fullLength: number;
}

/**
 * The text of a line cut to `maxChars` for display; the store keeps the full line, so "expand" is just a
 * call with a larger limit. A disconnect entry has no text and yields an empty string.
 */
export function displayText(entry: LogEntry | LogLine, maxChars: number = DEFAULT_DISPLAY_CHARS): DisplayText {
  const full = entry.kind === 'line' ? entry.text : '';
  if (full.length <= maxChars) return { text: full, truncated: false, fullLength: full.length };
  let cut = Math.max(0, Math.floor(maxChars));
  // Never split a surrogate pair: half a character would render as a replacement glyph.
  const last = full.charCodeAt(cut - 1);
  if (cut > 0 && last >= 0xd800 && last <= 0xdbff) cut--;
  return { text: full.slice(0, cut), truncated: true, fullLength: full.length };
}
