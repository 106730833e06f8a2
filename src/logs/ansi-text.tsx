/**
 * A line's text as React spans from the ANSI parser's style data, with search matches in `<mark>`.
 * Everything is a text node: whatever a container prints, no markup can come of it.
 */
import { memo, type ReactNode } from 'react';
import { parseAnsi, type AnsiSpan } from './ansi.js';
import { spanLook } from './ansi-style.js';
import type { Matcher } from './search.js';

/** A piece of a span, marked or not. */
interface Piece {
  readonly text: string;
  readonly marked: boolean;
}

/** Splits a span starting at `offset` by the match `ranges` (sorted, in plain-text coordinates). */
function splitByRanges(text: string, offset: number, ranges: readonly (readonly [number, number])[]): Piece[] {
  const end = offset + text.length;
  const pieces: Piece[] = [];
  let at = offset;
  for (const [from, to] of ranges) {
    if (to <= at) continue;
    if (from >= end) break;
    const a = Math.max(from, at);
    const b = Math.min(to, end);
    if (a > at) pieces.push({ text: text.slice(at - offset, a - offset), marked: false });
    pieces.push({ text: text.slice(a - offset, b - offset), marked: true });
    at = b;
  }
  if (at < end) pieces.push({ text: text.slice(at - offset), marked: false });
  return pieces;
}

/** Props of {@link AnsiText}. */
export interface AnsiTextProps {
  /** The (display-cut) raw text, escapes included. */
  text: string;
  /** Highlights its matches when given. */
  matcher: Matcher | null;
}

function renderSpan(span: AnsiSpan, key: number, offset: number, ranges: readonly (readonly [number, number])[]): ReactNode {
  const look = spanLook(span.style);
  const pieces = ranges.length === 0 ? [{ text: span.text, marked: false }] : splitByRanges(span.text, offset, ranges);
  const content = pieces.map((p, i) => (p.marked ? <mark key={i} className="kv-log__mark">{p.text}</mark> : p.text));
  if (!look.className && !look.style) return <span key={key}>{content}</span>;
  return (
    <span key={key} className={look.className} style={look.style}>
      {content}
    </span>
  );
}

/** Styled, highlighted text of one line. */
export const AnsiText = memo(function AnsiText({ text, matcher }: AnsiTextProps): ReactNode {
  const spans = parseAnsi(text);
  const ranges = matcher ? matcher.ranges(spans.length === 1 ? (spans[0] as AnsiSpan).text : spans.map((s) => s.text).join('')) : [];
  let offset = 0;
  return spans.map((span, i) => {
    const node = renderSpan(span, i, offset, ranges);
    offset += span.text.length;
    return node;
  });
});
