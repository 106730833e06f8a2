import { describe, expect, it } from 'vitest';
import type { LogEntry, LogLine } from '../../src/core/log-stream.ts';
import { DEFAULT_MAX_LINES, LogLineStore, displayText } from '../../src/logs/line-store.ts';

const line = (seq: number, text = `line ${seq}`): LogLine => ({ kind: 'line', seq, text, timestamp: null });
const lines = (from: number, count: number): LogLine[] => Array.from({ length: count }, (_, i) => line(from + i));
const seqsOf = (store: LogLineStore): number[] => [...store].map((e) => e.seq);

describe('LogLineStore', () => {
  it('starts empty with the default cap', () => {
    const store = new LogLineStore();
    expect(store.capacity).toBe(DEFAULT_MAX_LINES);
    expect(store.capacity).toBe(100_000);
    expect(store.length).toBe(0);
    expect(store.firstSeq).toBeNull();
    expect(store.lastSeq).toBeNull();
    expect(store.droppedTotal).toBe(0);
    expect(store.get(0)).toBeUndefined();
  });

  it('rejects a cap that is not a positive integer', () => {
    expect(() => new LogLineStore({ maxLines: 0 })).toThrow(RangeError);
    expect(() => new LogLineStore({ maxLines: 1.5 })).toThrow(RangeError);
  });

  it('appends in order below the cap', () => {
    const store = new LogLineStore({ maxLines: 10 });
    store.append(lines(0, 3));
    store.append(lines(3, 2));
    expect(store.length).toBe(5);
    expect(seqsOf(store)).toEqual([0, 1, 2, 3, 4]);
    expect(store.firstSeq).toBe(0);
    expect(store.lastSeq).toBe(4);
    expect(store.droppedTotal).toBe(0);
  });

  it('drops the oldest first at the cap and counts what it dropped', () => {
    const store = new LogLineStore({ maxLines: 5 });
    store.append(lines(0, 4));
    store.append(lines(4, 3));
    expect(store.length).toBe(5);
    expect(seqsOf(store)).toEqual([2, 3, 4, 5, 6]);
    expect(store.firstSeq).toBe(2);
    expect(store.droppedTotal).toBe(2);
    store.append(lines(7, 1));
    expect(seqsOf(store)).toEqual([3, 4, 5, 6, 7]);
    expect(store.droppedTotal).toBe(3);
  });

  it('counts a single batch larger than the cap and keeps its newest entries', () => {
    const store = new LogLineStore({ maxLines: 3 });
    store.append(lines(0, 2));
    store.append(lines(2, 10));
    expect(seqsOf(store)).toEqual([9, 10, 11]);
    expect(store.droppedTotal).toBe(9);
  });

  it('keeps a full 100,000-entry store at the cap and in order across many appends', () => {
    const store = new LogLineStore();
    store.append(lines(0, 100_000));
    expect(store.length).toBe(100_000);
    let next = 100_000;
    for (let batch = 0; batch < 500; batch++) {
      store.append(lines(next, 7));
      next += 7;
    }
    expect(store.length).toBe(100_000);
    expect(store.droppedTotal).toBe(3500);
    expect(store.firstSeq).toBe(3500);
    expect(store.lastSeq).toBe(next - 1);
    expect(store.get(0)?.seq).toBe(3500);
    expect(store.get(99_999)?.seq).toBe(next - 1);
    expect(store.get(100_000)).toBeUndefined();
    let expected = 3500;
    let outOfOrder = 0;
    for (const entry of store) if (entry.seq !== expected++) outOfOrder++;
    expect(outOfOrder).toBe(0);
    expect(expected).toBe(next);
  });

  it('does not copy the whole buffer: entries already held keep their identity', () => {
    const store = new LogLineStore({ maxLines: 4 });
    const first = lines(0, 4);
    store.append(first);
    store.append(lines(4, 2));
    expect(store.get(0)).toBe(first[2]);
    expect(store.get(1)).toBe(first[3]);
  });

  it('increases its version on every change', () => {
    const store = new LogLineStore({ maxLines: 2 });
    const v0 = store.version;
    store.append(lines(0, 1));
    const v1 = store.version;
    store.append([]);
    expect(store.version).toBe(v1);
    store.append(lines(1, 5));
    const v2 = store.version;
    store.clear();
    expect(v1).toBeGreaterThan(v0);
    expect(v2).toBeGreaterThan(v1);
    expect(store.version).toBeGreaterThan(v2);
  });

  it('clears entries and the dropped count', () => {
    const store = new LogLineStore({ maxLines: 2 });
    store.append(lines(0, 5));
    store.clear();
    expect(store.length).toBe(0);
    expect(store.droppedTotal).toBe(0);
    expect(store.firstSeq).toBeNull();
    store.append(lines(5, 3));
    expect(seqsOf(store)).toEqual([6, 7]);
    expect(store.droppedTotal).toBe(1);
  });

  it('iterates a clamped range across the wrap point', () => {
    const store = new LogLineStore({ maxLines: 5 });
    store.append(lines(0, 8));
    expect([...store.range(1, 4)].map((e) => e.seq)).toEqual([4, 5, 6]);
    expect([...store.range(-3, 99)].map((e) => e.seq)).toEqual([3, 4, 5, 6, 7]);
    expect([...store.range(4, 2)]).toEqual([]);
  });

  it('finds the index of a seq, including after a disconnect marker', () => {
    const store = new LogLineStore({ maxLines: 5 });
    const marker: LogEntry = { kind: 'disconnect', seq: 3, at: 0, code: 1006, reason: '' };
    store.append([...lines(0, 3), marker, ...lines(4, 3)]);
    expect(store.indexOfSeq(3)).toBe(1);
    expect(store.get(1)).toBe(marker);
    expect(store.indexOfSeq(6)).toBe(4);
    expect(store.indexOfSeq(1)).toBe(-1);
  });

  it('rejects non-integer indexes', () => {
    const store = new LogLineStore();
    store.append(lines(0, 2));
    expect(store.get(0.5)).toBeUndefined();
    expect(store.get(-1)).toBeUndefined();
  });
});

describe('displayText', () => {
  it('returns short lines untouched', () => {
    expect(displayText(line(0, 'hello'))).toEqual({ text: 'hello', truncated: false, fullLength: 5 });
  });

  it('truncates a 1 MB line to 10,000 characters by default and keeps the full line in the entry', () => {
    const big = line(0, 'x'.repeat(1_000_000));
    const shown = displayText(big);
    expect(shown.truncated).toBe(true);
    expect(shown.text.length).toBe(10_000);
    expect(shown.fullLength).toBe(1_000_000);
    expect(big.text.length).toBe(1_000_000);
    expect(displayText(big, 2_000_000)).toEqual({ text: big.text, truncated: false, fullLength: 1_000_000 });
  });

  it('never splits a surrogate pair', () => {
    const shown = displayText(line(0, 'ab😀cd'), 3);
    expect(shown).toEqual({ text: 'ab', truncated: true, fullLength: 6 });
  });

  it('gives a disconnect marker empty text', () => {
    expect(displayText({ kind: 'disconnect', seq: 1, at: 0, code: 1006, reason: 'x' })).toEqual({ text: '', truncated: false, fullLength: 0 });
  });
});
