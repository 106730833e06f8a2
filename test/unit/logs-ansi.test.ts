import { describe, expect, it } from 'vitest';
import { parseAnsi, stripAnsi, type AnsiSpan } from '../../src/logs/ansi.ts';

const E = '\x1b';
const texts = (spans: AnsiSpan[]): string[] => spans.map((s) => s.text);

describe('parseAnsi', () => {
  it('returns one plain span for text without ESC, and nothing for empty text', () => {
    expect(parseAnsi('plain line')).toEqual([{ text: 'plain line', style: {} }]);
    expect(parseAnsi('')).toEqual([]);
  });

  it('reads the 16 basic foreground and background colours', () => {
    const spans = parseAnsi(`${E}[31mred${E}[42mongreen${E}[91mbright${E}[104mbb`);
    expect(spans).toEqual([
      { text: 'red', style: { fg: { kind: 'palette', index: 1 } } },
      { text: 'ongreen', style: { fg: { kind: 'palette', index: 1 }, bg: { kind: 'palette', index: 2 } } },
      { text: 'bright', style: { fg: { kind: 'palette', index: 9 }, bg: { kind: 'palette', index: 2 } } },
      { text: 'bb', style: { fg: { kind: 'palette', index: 9 }, bg: { kind: 'palette', index: 12 } } },
    ]);
  });

  it('reads 256 colours (38;5;n / 48;5;n)', () => {
    expect(parseAnsi(`${E}[38;5;208;48;5;17mx`)).toEqual([
      { text: 'x', style: { fg: { kind: 'palette', index: 208 }, bg: { kind: 'palette', index: 17 } } },
    ]);
  });

  it('reads truecolor (38;2;r;g;b / 48;2;r;g;b) and the colon form', () => {
    expect(parseAnsi(`${E}[38;2;255;128;0;48;2;1;2;3mx`)).toEqual([
      { text: 'x', style: { fg: { kind: 'rgb', r: 255, g: 128, b: 0 }, bg: { kind: 'rgb', r: 1, g: 2, b: 3 } } },
    ]);
    expect(parseAnsi(`${E}[38:2::10:20:30mx`)[0]?.style.fg).toEqual({ kind: 'rgb', r: 10, g: 20, b: 30 });
    expect(parseAnsi(`${E}[38:5:99mx`)[0]?.style.fg).toEqual({ kind: 'palette', index: 99 });
  });

  it('keeps reading the parameter list after an extended colour', () => {
    expect(parseAnsi(`${E}[38;5;1;1mx`)[0]?.style).toEqual({ fg: { kind: 'palette', index: 1 }, bold: true });
    expect(parseAnsi(`${E}[38;2;1;2;3;4mx`)[0]?.style).toEqual({ fg: { kind: 'rgb', r: 1, g: 2, b: 3 }, underline: true });
  });

  it('reads the text styles', () => {
    expect(parseAnsi(`${E}[1;2;3;4;7;9mx`)[0]?.style).toEqual({
      bold: true,
      dim: true,
      italic: true,
      underline: true,
      inverse: true,
      strikethrough: true,
    });
  });

  it('applies each reset', () => {
    const all = `${E}[1;2;3;4;7;9;31;41m`;
    expect(parseAnsi(`${all}${E}[0mx`)[0]?.style).toEqual({});
    expect(parseAnsi(`${all}${E}[mx`)[0]?.style).toEqual({});
    const after = (reset: number) => parseAnsi(`${all}${E}[${reset}mx`)[0]?.style ?? {};
    expect(after(22)).not.toHaveProperty('bold');
    expect(after(22)).not.toHaveProperty('dim');
    expect(after(22)).toHaveProperty('italic', true);
    expect(after(23)).not.toHaveProperty('italic');
    expect(after(24)).not.toHaveProperty('underline');
    expect(after(27)).not.toHaveProperty('inverse');
    expect(after(29)).not.toHaveProperty('strikethrough');
    expect(after(39)).not.toHaveProperty('fg');
    expect(after(39)).toHaveProperty('bg');
    expect(after(49)).not.toHaveProperty('bg');
    expect(after(49)).toHaveProperty('fg');
  });

  it('splits text at style changes and keeps the unstyled tail', () => {
    expect(parseAnsi(`a${E}[1mb${E}[0mc`)).toEqual([
      { text: 'a', style: {} },
      { text: 'b', style: { bold: true } },
      { text: 'c', style: {} },
    ]);
  });

  it('keeps HTML as literal text in plain data', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const spans = parseAnsi(`${E}[31m${evil}${E}[0m <b>bold?</b>`);
    expect(texts(spans)).toEqual([evil, ' <b>bold?</b>']);
    for (const span of spans) {
      expect(typeof span.text).toBe('string');
      expect(Object.getPrototypeOf(span.style)).toBe(Object.prototype);
    }
    expect(parseAnsi(evil)).toEqual([{ text: evil, style: {} }]);
  });

  it('removes non-SGR sequences: cursor moves, erase, OSC titles and hyperlinks, private modes', () => {
    expect(stripAnsi(`a${E}[2Kb${E}[10;5Hc${E}[?25ld`)).toBe('abcd');
    expect(stripAnsi(`${E}]0;window title\x07text`)).toBe('text');
    expect(stripAnsi(`${E}]8;;https://example.com${E}\\link${E}]8;;${E}\\`)).toBe('link');
    expect(stripAnsi(`${E}Pdcs payload${E}\\ok`)).toBe('ok');
    expect(stripAnsi(`${E}7saved${E}8${E}(B`)).toBe('saved');
    expect(parseAnsi(`${E}[>4;1mx`)).toEqual([{ text: 'x', style: {} }]);
  });

  it('merges text split only by a removed sequence', () => {
    expect(parseAnsi(`${E}[1mab${E}[Kcd`)).toEqual([{ text: 'abcd', style: { bold: true } }]);
  });

  it('handles malformed and truncated sequences without showing escape bytes', () => {
    expect(stripAnsi(`end${E}`)).toBe('end');
    expect(stripAnsi(`end${E}[31`)).toBe('end');
    expect(stripAnsi(`end${E}[`)).toBe('end');
    expect(stripAnsi(`x${E}]unterminated osc`)).toBe('x');
    // A CSI broken by a control character: its parameters go, the following text stays.
    expect(stripAnsi(`a${E}[31\nb`)).toBe('a\nb');
    for (const s of [`${E}[38;5mx`, `${E}[38;5;300mx`, `${E}[38;2;1;2mx`, `${E}[38;2;1;2;999mx`, `${E}[48;9mx`, `${E}[abcmx`]) {
      const spans = parseAnsi(s);
      expect(spans.map((sp) => sp.text).join('')).not.toContain(E);
      expect(spans.at(-1)?.text.endsWith('x')).toBe(true);
    }
    expect(parseAnsi(`${E}[38;5;300mx`)[0]?.style).toEqual({});
    expect(parseAnsi(`${E}[1;=;3mx`)[0]?.style).toEqual({ bold: true, italic: true });
    // A letter ends a CSI early: the sequence goes, what follows it is text.
    expect(stripAnsi(`${E}[1;xyz`)).toBe('yz');
  });

  it('ignores unknown SGR codes', () => {
    expect(parseAnsi(`${E}[5;53;1mx`)[0]?.style).toEqual({ bold: true });
  });

  it('returns frozen styles', () => {
    const style = parseAnsi(`${E}[1mx`)[0]?.style;
    expect(Object.isFrozen(style)).toBe(true);
  });
});

describe('stripAnsi', () => {
  it('returns the same string when there is no ESC', () => {
    const s = 'no escapes here';
    expect(stripAnsi(s)).toBe(s);
  });

  it('removes SGR sequences', () => {
    expect(stripAnsi(`${E}[1;31mERROR${E}[0m: failed`)).toBe('ERROR: failed');
  });
});
