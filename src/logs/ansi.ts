/**
 * ANSI escape handling for log lines: SGR sequences become plain style data, every other escape sequence
 * is removed. The output is strings and style objects only, so rendering them as text nodes can never
 * inject markup, whatever a container prints.
 */

/** A colour: one of the 256 palette entries (0-15 are the 16 basic colours) or a 24-bit value. */
export type AnsiColor =
  | { readonly kind: 'palette'; readonly index: number }
  | { readonly kind: 'rgb'; readonly r: number; readonly g: number; readonly b: number };

/** The SGR attributes in effect for a span; absent means off / default colour. */
export interface AnsiStyle {
  readonly bold?: true;
  readonly dim?: true;
  readonly italic?: true;
  readonly underline?: true;
  readonly inverse?: true;
  readonly strikethrough?: true;
  readonly fg?: AnsiColor;
  readonly bg?: AnsiColor;
}

/** A run of text with one style. */
export interface AnsiSpan {
  readonly text: string;
  readonly style: AnsiStyle;
}

const ESC = '\x1b';
const PLAIN: AnsiStyle = Object.freeze({});

type MutableStyle = { -readonly [K in keyof AnsiStyle]: AnsiStyle[K] };

/** Removes every escape sequence, SGR included, leaving the text a terminal would show. */
export function stripAnsi(text: string): string {
  // Fast path: most log lines carry no escape at all.
  if (!text.includes(ESC)) return text;
  let out = '';
  for (const span of parseAnsi(text)) out += span.text;
  return out;
}

/** Splits `text` into styled spans following its SGR sequences; other escape sequences are dropped. */
export function parseAnsi(text: string): AnsiSpan[] {
  // Fast path: no ESC means one unstyled span, with no scanning or allocation beyond it.
  if (!text.includes(ESC)) return text === '' ? [] : [{ text, style: PLAIN }];
  const spans: AnsiSpan[] = [];
  let style: AnsiStyle = PLAIN;
  let textStart = 0;
  let i = 0;
  const flush = (end: number): void => {
    if (end <= textStart) return;
    const chunk = text.slice(textStart, end);
    const prev = spans[spans.length - 1];
    // Adjacent runs with the same style (e.g. split by a dropped cursor move) read better as one span.
    if (prev && prev.style === style) spans[spans.length - 1] = { text: prev.text + chunk, style };
    else spans.push({ text: chunk, style });
  };
  while (i < text.length) {
    const esc = text.indexOf(ESC, i);
    if (esc < 0) break;
    flush(esc);
    const seq = scanEscape(text, esc);
    if (seq.sgr !== null) style = applySgr(style, seq.sgr);
    i = seq.end;
    textStart = i;
  }
  flush(text.length);
  return spans;
}

interface ScannedEscape {
  /** Index just after the sequence (or after what was discarded of a malformed one). */
  end: number;
  /** The parameter string of an SGR sequence, or `null` for anything else. */
  sgr: string | null;
}

function scanEscape(text: string, start: number): ScannedEscape {
  const next = text.charCodeAt(start + 1);
  if (Number.isNaN(next)) return { end: start + 1, sgr: null }; // lone ESC at the end
  const intro = text[start + 1];
  if (intro === '[') return scanCsi(text, start + 2);
  if (intro === ']' || intro === 'P' || intro === 'X' || intro === '^' || intro === '_') {
    // OSC, DCS, SOS, PM, APC: strings ended by BEL (OSC only, by convention) or ST (ESC \).
    return { end: scanString(text, start + 2, intro === ']'), sgr: null };
  }
  // Other ESC sequences: optional intermediates (0x20-0x2F) then one final byte (0x30-0x7E).
  let j = start + 1;
  while (j < text.length && isIntermediate(text.charCodeAt(j))) j++;
  if (j < text.length && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x7e) return { end: j + 1, sgr: null };
  // Malformed: drop ESC and the intermediates, keep the offending character as text.
  return { end: j, sgr: null };
}

function scanCsi(text: string, from: number): ScannedEscape {
  let j = from;
  while (j < text.length && isParameter(text.charCodeAt(j))) j++;
  const paramsEnd = j;
  while (j < text.length && isIntermediate(text.charCodeAt(j))) j++;
  if (j >= text.length) return { end: text.length, sgr: null }; // cut off: nothing of it is shown
  const final = text.charCodeAt(j);
  if (final < 0x40 || final > 0x7e) {
    // Malformed CSI: discard what was consumed and resume at the unexpected character, which is text.
    return { end: j, sgr: null };
  }
  const isSgr = text[j] === 'm' && paramsEnd === j;
  const params = text.slice(from, paramsEnd);
  // Private-mode CSIs (leading < = > ?) ending in m are not SGR (e.g. xterm's modifyKeys).
  const privateMode = /^[<=>?]/.test(params);
  return { end: j + 1, sgr: isSgr && !privateMode ? params : null };
}

function scanString(text: string, from: number, belEnds: boolean): number {
  for (let j = from; j < text.length; j++) {
    const c = text[j];
    if (belEnds && c === '\x07') return j + 1;
    if (c === ESC && text[j + 1] === '\\') return j + 2;
  }
  // Unterminated: a terminal would swallow the rest, and so do we rather than show its payload.
  return text.length;
}

function isParameter(code: number): boolean {
  return code >= 0x30 && code <= 0x3f;
}

function isIntermediate(code: number): boolean {
  return code >= 0x20 && code <= 0x2f;
}

/** Applies one SGR parameter list to `current`, returning a new frozen style (shared PLAIN when empty). */
function applySgr(current: AnsiStyle, params: string): AnsiStyle {
  let s: MutableStyle = { ...current };
  // ESC[m is a reset, as is an empty parameter.
  const parts = params === '' ? ['0'] : params.split(';');
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k] as string;
    if (part.includes(':')) {
      // ITU T.416 colon form: 38:5:n, 38:2:r:g:b or 38:2:cs:r:g:b, and 4:x underline styles.
      applyColonForm(s, part.split(':'));
      continue;
    }
    const code = part === '' ? 0 : Number(part);
    if (!Number.isInteger(code)) continue;
    if (code === 0) {
      s = {};
      continue;
    }
    if (code === 38 || code === 48) {
      const { color, used } = extendedColor(parts, k + 1);
      if (color) s[code === 38 ? 'fg' : 'bg'] = color;
      k += used;
      continue;
    }
    applyCode(s, code);
  }
  return freezeStyle(s);
}

function applyCode(s: MutableStyle, code: number): void {
  if (code === 1) s.bold = true;
  else if (code === 2) s.dim = true;
  else if (code === 3) s.italic = true;
  else if (code === 4 || code === 21) s.underline = true; // 21 is double underline on most terminals
  else if (code === 7) s.inverse = true;
  else if (code === 9) s.strikethrough = true;
  else if (code === 22) {
    delete s.bold;
    delete s.dim;
  } else if (code === 23) delete s.italic;
  else if (code === 24) delete s.underline;
  else if (code === 27) delete s.inverse;
  else if (code === 29) delete s.strikethrough;
  else if (code >= 30 && code <= 37) s.fg = palette(code - 30);
  else if (code === 39) delete s.fg;
  else if (code >= 40 && code <= 47) s.bg = palette(code - 40);
  else if (code === 49) delete s.bg;
  else if (code >= 90 && code <= 97) s.fg = palette(code - 90 + 8);
  else if (code >= 100 && code <= 107) s.bg = palette(code - 100 + 8);
  // Anything else (blink, fonts, overline...) is ignored: it has no style here.
}

/** Reads `5;n` or `2;r;g;b` after a 38/48; `used` is how many parameters were consumed. */
function extendedColor(parts: readonly string[], at: number): { color: AnsiColor | null; used: number } {
  const mode = parts[at];
  if (mode === '5') {
    const n = byte(parts[at + 1]);
    return { color: n === null ? null : palette(n), used: Math.min(2, parts.length - at) };
  }
  if (mode === '2') {
    const r = byte(parts[at + 1]);
    const g = byte(parts[at + 2]);
    const b = byte(parts[at + 3]);
    const color = r === null || g === null || b === null ? null : rgb(r, g, b);
    return { color, used: Math.min(4, parts.length - at) };
  }
  // Unknown or missing mode: consume only the mode so the rest of the list is still read.
  return { color: null, used: mode === undefined ? 0 : 1 };
}

function applyColonForm(s: MutableStyle, sub: readonly string[]): void {
  const code = Number(sub[0]);
  if (code === 4) {
    // 4:0 is "no underline"; 4:1..4:5 are underline styles, all shown as an underline here.
    if (sub[1] === '0') delete s.underline;
    else s.underline = true;
    return;
  }
  if (code !== 38 && code !== 48) return;
  let color: AnsiColor | null = null;
  if (sub[1] === '5') {
    const n = byte(sub[2]);
    color = n === null ? null : palette(n);
  } else if (sub[1] === '2') {
    // With six fields the third is a colour-space id that comes before r, g, b.
    const offset = sub.length >= 6 ? 3 : 2;
    const r = byte(sub[offset]);
    const g = byte(sub[offset + 1]);
    const b = byte(sub[offset + 2]);
    color = r === null || g === null || b === null ? null : rgb(r, g, b);
  }
  if (color) s[code === 38 ? 'fg' : 'bg'] = color;
}

function byte(value: string | undefined): number | null {
  if (value === undefined || value === '' || !/^\d+$/.test(value)) return null;
  const n = Number(value);
  return n <= 255 ? n : null;
}

function palette(index: number): AnsiColor {
  return Object.freeze({ kind: 'palette', index });
}

function rgb(r: number, g: number, b: number): AnsiColor {
  return Object.freeze({ kind: 'rgb', r, g, b });
}

function freezeStyle(s: MutableStyle): AnsiStyle {
  return Object.keys(s).length === 0 ? PLAIN : Object.freeze(s);
}
