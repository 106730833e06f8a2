/** What one log entry shows and copies: its display text, its wrapped row count and its plain text. */
import type { LogEntry } from '../core/log-stream.js';
import { stripAnsi } from './ansi.js';
import { DEFAULT_DISPLAY_CHARS, displayText, type DisplayText } from './line-store.js';

/** Columns a tab advances in the viewer; the stylesheet's `tab-size` says the same. */
const TAB_WIDTH = 4;

/** Columns taken by the "show all (1.0 MB)" control after a truncated line. */
export const EXPAND_CONTROL_CHARS = 22;

/** The text to render for an entry: cut for display unless the user expanded it. */
export function shownText(entry: LogEntry, expanded: boolean): DisplayText {
  return displayText(entry, expanded ? Number.POSITIVE_INFINITY : DEFAULT_DISPLAY_CHARS);
}

/** Columns a text takes on screen: escape sequences take none, tabs take {@link TAB_WIDTH}. */
export function visibleColumns(text: string): number {
  const plain = stripAnsi(text);
  let tabs = 0;
  for (let i = plain.indexOf('\t'); i >= 0; i = plain.indexOf('\t', i + 1)) tabs++;
  return plain.length + tabs * (TAB_WIDTH - 1);
}

/**
 * Rows an entry takes: one without wrapping (`cols` null) or for a disconnect marker, otherwise its shown
 * text broken every `cols` characters, as `overflow-wrap: anywhere` does in a monospace font.
 */
export function entryRows(entry: LogEntry, cols: number | null, expanded: boolean): number {
  if (cols === null || entry.kind !== 'line') return 1;
  return Math.max(1, Math.ceil(shownWidth(entry, expanded) / Math.max(1, cols)));
}

// Entries never change, so their collapsed width is measured once: a relayout for a new width (a resize,
// a toggle) is then arithmetic over the buffer instead of stripping escapes from every line again.
const collapsedWidths = new WeakMap<LogEntry, number>();

/** Columns the shown text of a line takes, the "show all" control included. */
function shownWidth(entry: LogEntry, expanded: boolean): number {
  const cached = expanded ? undefined : collapsedWidths.get(entry);
  if (cached !== undefined) return cached;
  const shown = shownText(entry, expanded);
  const width = visibleColumns(shown.text) + (shown.truncated ? EXPAND_CONTROL_CHARS : 0);
  if (!expanded) collapsedWidths.set(entry, width);
  return width;
}

/** "1.0 MB", "12.3 kB" or "512 B" for a length in characters (one byte each for ASCII). */
export function formatSize(chars: number): string {
  if (chars >= 1_000_000) return `${(chars / 1_000_000).toFixed(1)} MB`;
  if (chars >= 1_000) return `${(chars / 1_000).toFixed(1)} kB`;
  return `${chars} B`;
}

/** "12:03:04" in local time. */
export function clockTime(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** The plain text of an entry for copying and download: escapes removed, timestamp first when asked. */
export function plainText(entry: LogEntry, withTimestamp: boolean): string {
  if (entry.kind === 'disconnect') {
    return `--- connection lost at ${new Date(entry.at).toISOString()}${entry.reason ? ` (${entry.reason})` : ''} ---`;
  }
  const text = stripAnsi(entry.text);
  return withTimestamp && entry.timestamp ? `${entry.timestamp} ${text}` : text;
}
