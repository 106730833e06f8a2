import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../src/core/log-stream.ts';
import { EXPAND_CONTROL_CHARS, entryRows, visibleColumns } from '../../src/logs/entry-text.ts';
import { RowLayout, rowWindow } from '../../src/logs/row-layout.ts';
import { FOLLOW, positionAt, scrollGeometry } from '../../src/logs/scroll-position.ts';
import { MAX_SCROLL_PX, scrollScale, toScroll, toVirtual } from '../../src/logs/scroll-scale.ts';

const line = (seq: number, text: string): LogLine => ({ kind: 'line', seq, text, timestamp: null });

function layoutOf(rows: number[], firstSeq = 0): RowLayout {
  const layout = new RowLayout();
  rows.forEach((r, i) => layout.push(firstSeq + i, r));
  return layout;
}

describe('RowLayout prefix sums', () => {
  it('gives each entry its first row and maps rows back to entries', () => {
    const layout = layoutOf([1, 3, 1, 2]);
    expect(layout.totalRows).toBe(7);
    expect([0, 1, 2, 3].map((i) => layout.rowOf(i))).toEqual([0, 1, 4, 5]);
    expect([0, 1, 2, 3].map((i) => layout.rowsOf(i))).toEqual([1, 3, 1, 2]);
    expect([0, 1, 2, 3, 4, 5, 6].map((r) => layout.indexAtRow(r))).toEqual([0, 1, 1, 1, 2, 3, 3]);
    // Beyond the end clamps to the last entry.
    expect(layout.indexAtRow(100)).toBe(3);
  });

  it('keeps offsets relative to the front after pruning, without rewriting the sums', () => {
    const layout = layoutOf([2, 2, 5, 1], 10);
    layout.pruneBefore(12);
    expect(layout.count).toBe(2);
    expect(layout.seqAt(0)).toBe(12);
    expect(layout.rowOf(0)).toBe(0);
    expect(layout.rowOf(1)).toBe(5);
    expect(layout.totalRows).toBe(6);
    expect(layout.indexAtRow(4)).toBe(0);
    expect(layout.indexAtRow(5)).toBe(1);
    layout.push(14, 3);
    expect(layout.totalRows).toBe(9);
    expect(layout.lastSeq).toBe(14);
  });

  it('stays correct across the compaction of a long pruned prefix', () => {
    const layout = layoutOf(Array.from({ length: 5000 }, (_, i) => 1 + (i % 3)));
    layout.pruneBefore(4000);
    expect(layout.count).toBe(1000);
    expect(layout.seqAt(0)).toBe(4000);
    let row = 0;
    for (let i = 0; i < 1000; i++) {
      expect(layout.rowOf(i)).toBe(row);
      expect(layout.indexAtRow(row)).toBe(i);
      row += 1 + ((4000 + i) % 3);
    }
    expect(layout.totalRows).toBe(row);
  });

  it('finds entries by seq when seqs have gaps (filtered layouts)', () => {
    const layout = new RowLayout();
    for (const seq of [3, 8, 9, 20]) layout.push(seq, 1);
    expect(layout.lowerBound(8)).toBe(1);
    expect(layout.lowerBound(10)).toBe(3);
    expect(layout.lowerBound(0)).toBe(0);
    expect(layout.lowerBound(21)).toBe(4);
  });
});

describe('rowWindow', () => {
  it('covers only the viewport plus the overscan, whatever the count', () => {
    const layout = layoutOf(Array.from({ length: 1_000_000 }, () => 1));
    const win = rowWindow(layout, 500_000 * 18, 180, 18, 2);
    expect(win).toEqual({ start: 499_998, end: 500_012 });
  });

  it('includes the whole of a wrapped entry that starts above the viewport', () => {
    const layout = layoutOf([1, 10, 1, 1]);
    expect(rowWindow(layout, 5 * 18, 36, 18, 0)).toEqual({ start: 1, end: 2 });
  });
});

describe('wrapped row counts', () => {
  it('breaks the visible text every cols characters, ignoring escapes and widening tabs', () => {
    expect(entryRows(line(0, 'x'.repeat(80)), 80, false)).toBe(1);
    expect(entryRows(line(0, 'x'.repeat(81)), 80, false)).toBe(2);
    expect(entryRows(line(0, `\x1b[31m${'x'.repeat(80)}\x1b[0m`), 80, false)).toBe(1);
    expect(visibleColumns('a\tb')).toBe(6);
    expect(entryRows(line(0, ''), 80, false)).toBe(1);
    expect(entryRows(line(0, 'x'.repeat(500)), null, false)).toBe(1);
  });

  it('counts a 1 MB line by its displayed length until it is expanded', () => {
    const huge = line(0, 'y'.repeat(1_000_000));
    expect(entryRows(huge, 100, false)).toBe(Math.ceil((10_000 + EXPAND_CONTROL_CHARS) / 100));
    expect(entryRows(huge, 100, true)).toBe(10_000);
  });
});

describe('scroll scaling', () => {
  it('maps one to one below the safe maximum', () => {
    const scale = scrollScale(18_000, 600);
    expect(scale.ratio).toBe(1);
    expect(scale.spacerPx).toBe(18_000);
    expect(toVirtual(scale, 1234)).toBe(1234);
    expect(toScroll(scale, 1234)).toBe(1234);
  });

  it('caps the spacer and still reaches both ends of a million 18 px rows', () => {
    const total = 1_000_000 * 18;
    const scale = scrollScale(total, 600);
    expect(scale.spacerPx).toBe(MAX_SCROLL_PX);
    expect(toVirtual(scale, 0)).toBe(0);
    expect(toVirtual(scale, MAX_SCROLL_PX - 600)).toBeCloseTo(total - 600, 3);
    expect(toVirtual(scale, toScroll(scale, 9_000_000))).toBeCloseTo(9_000_000, 3);
  });

  it('follows to the last row and anchors a paused view on an entry even when scaled', () => {
    const layout = layoutOf(Array.from({ length: 1_000_000 }, () => 1));
    const follow = scrollGeometry(layout, FOLLOW, 18, 600);
    expect(follow.virtualTop).toBe(1_000_000 * 18 - 600);
    expect(follow.scrollTop).toBe(MAX_SCROLL_PX - 600);
    const paused = positionAt(layout, follow.scale, toScroll(follow.scale, 700_000 * 18), 18, null);
    expect(paused.follow).toBe(false);
    if (paused.follow) return;
    expect(paused.seq).toBe(700_000);
    expect(scrollGeometry(layout, paused, 18, 600).virtualTop).toBeCloseTo(700_000 * 18, 0);
  });
});
