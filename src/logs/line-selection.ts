/** Lines selected by their numbers: an anchor and a focus seq, as a click and a shift-click set them. */
import type { LogEntry } from '../core/log-stream.js';
import type { LogLineStore } from './line-store.js';
import type { Matcher } from './search.js';

/** The line clicked first and the one clicked last (either may be the larger seq). */
export interface LineSelection {
  readonly anchor: number;
  readonly focus: number;
}

/** The selection as `[lowest, highest]` seq. */
export function selectionRange(selection: LineSelection): [number, number] {
  return selection.anchor <= selection.focus ? [selection.anchor, selection.focus] : [selection.focus, selection.anchor];
}

/** The selected entries still held, oldest first; with `onlyMatching`, just the lines it matches (filter mode). */
export function selectedEntries(lines: LogLineStore, selection: LineSelection, onlyMatching: Matcher | null): LogEntry[] {
  const [from, to] = selectionRange(selection);
  const first = lines.firstSeq;
  if (first === null || to < first) return [];
  const out: LogEntry[] = [];
  for (const entry of lines.range(lines.indexOfSeq(Math.max(from, first)))) {
    if (entry.seq > to) break;
    if (onlyMatching && (entry.kind !== 'line' || !onlyMatching.test(entry.text))) continue;
    out.push(entry);
  }
  return out;
}
