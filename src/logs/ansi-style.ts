/** CSS for ANSI style data: the 16 basic colours follow the theme, 256-colour and truecolor are exact. */
import type { CSSProperties } from 'react';
import type { AnsiColor, AnsiStyle } from './ansi.js';

const CUBE = [0, 95, 135, 175, 215, 255];

/** The CSS colour of an ANSI colour; palette 0-15 are theme properties (`--kv-log-ansi-0` ...). */
function ansiColor(color: AnsiColor): string {
  if (color.kind === 'rgb') return `rgb(${color.r}, ${color.g}, ${color.b})`;
  const i = color.index;
  if (i < 16) return `var(--kv-log-ansi-${i})`;
  if (i >= 232) {
    const level = 8 + (i - 232) * 10;
    return `rgb(${level}, ${level}, ${level})`;
  }
  const n = i - 16;
  return `rgb(${CUBE[Math.floor(n / 36)]}, ${CUBE[Math.floor(n / 6) % 6]}, ${CUBE[n % 6]})`;
}

/** Class names and inline style of a span; colours are inline, attributes are classes. */
export interface SpanLook {
  readonly className: string | undefined;
  readonly style: CSSProperties | undefined;
}

const cache = new WeakMap<AnsiStyle, SpanLook>();
const PLAIN_LOOK: SpanLook = { className: undefined, style: undefined };

/** The look of a style; parseAnsi shares style objects between spans, so results are cached per object. */
export function spanLook(style: AnsiStyle): SpanLook {
  const hit = cache.get(style);
  if (hit) return hit;
  const look = computeLook(style);
  cache.set(style, look);
  return look;
}

function computeLook(style: AnsiStyle): SpanLook {
  const classes: string[] = [];
  if (style.bold) classes.push('kv-log-ansi--bold');
  if (style.dim) classes.push('kv-log-ansi--dim');
  if (style.italic) classes.push('kv-log-ansi--italic');
  const decorations = [style.underline ? 'underline' : '', style.strikethrough ? 'line-through' : ''].filter(Boolean);
  let fg = style.fg ? ansiColor(style.fg) : undefined;
  let bg = style.bg ? ansiColor(style.bg) : undefined;
  if (style.inverse) {
    // Inverse swaps the colours in effect, defaults included.
    [fg, bg] = [bg ?? 'var(--kv-log-bg)', fg ?? 'var(--kv-log-fg)'];
  }
  const css: CSSProperties = {};
  if (fg) css.color = fg;
  if (bg) css.backgroundColor = bg;
  if (decorations.length > 0) css.textDecorationLine = decorations.join(' ');
  const empty = classes.length === 0 && Object.keys(css).length === 0;
  if (empty) return PLAIN_LOOK;
  return { className: classes.length > 0 ? classes.join(' ') : undefined, style: Object.keys(css).length > 0 ? css : undefined };
}
