import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LogEntry, LogLine } from '../../src/core/log-stream.ts';
import { LogLineStore } from '../../src/logs/line-store.ts';
import { LogViewModel, type ViewSettings } from '../../src/logs/log-view-model.ts';
import { MatchIndex } from '../../src/logs/search.ts';

const line = (seq: number, text: string): LogLine => ({ kind: 'line', seq, text, timestamp: null });
const batch = (from: number, count: number, text: (seq: number) => string = (s) => (s % 10 === 0 ? `error ${s}` : `ok ${s}`)): LogEntry[] =>
  Array.from({ length: count }, (_, i) => line(from + i, text(from + i)));

const settings = (over: Partial<ViewSettings> = {}): ViewSettings => ({ search: { query: '' }, filter: false, cols: null, expanded: new Set(), ...over });
const shownSeqs = (model: LogViewModel) => Array.from({ length: model.layout.count }, (_, i) => model.layout.seqAt(i));

/** Records every seq handed to MatchIndex.add, i.e. every line the search tests. */
function recordTested(): number[] {
  const tested: number[] = [];
  const original = MatchIndex.prototype.add;
  vi.spyOn(MatchIndex.prototype, 'add').mockImplementation(function (this: MatchIndex, entries: Iterable<LogEntry>) {
    const list = [...entries];
    for (const e of list) tested.push(e.seq);
    original.call(this, list);
  });
  return tested;
}

afterEach(() => vi.restoreAllMocks());

describe('LogViewModel: incremental search', () => {
  it('tests each new line once, never the whole buffer, as batches arrive', () => {
    const store = new LogLineStore({ maxLines: 10_000 });
    store.append(batch(0, 1000));
    const model = new LogViewModel();
    const query = settings({ search: { query: 'error' } });
    model.sync(store, query);
    expect(model.matches.count).toBe(100);

    const tested = recordTested();
    store.append(batch(1000, 50));
    model.sync(store, query);
    model.sync(store, query); // a render without new lines tests nothing
    store.append(batch(1050, 20, () => 'error again'));
    model.sync(store, query);

    expect(tested).toEqual(Array.from({ length: 70 }, (_, i) => 1000 + i));
    expect(model.matches.count).toBe(100 + 5 + 20);
  });

  it('rebuilds only when the query changes, and reports an invalid regex without throwing', () => {
    const store = new LogLineStore();
    store.append(batch(0, 100));
    const model = new LogViewModel();
    model.sync(store, settings({ search: { query: 'ERROR 1', caseSensitive: true } }));
    expect(model.matches.count).toBe(0);
    model.sync(store, settings({ search: { query: 'error 1' } }));
    expect(model.matches.toArray()).toEqual([10]);
    expect(() => model.sync(store, settings({ search: { query: '(', regex: true } }))).not.toThrow();
    expect(model.search.ok).toBe(false);
    model.sync(store, settings({ search: { query: 'error [2-3]0$', regex: true } }));
    expect(model.matches.toArray()).toEqual([20, 30]);
  });

  it('forgets matches the store dropped and starts over on clear', () => {
    const store = new LogLineStore({ maxLines: 50 });
    const model = new LogViewModel();
    const query = settings({ search: { query: 'error' } });
    store.append(batch(0, 50));
    model.sync(store, query);
    expect(model.matches.toArray()).toEqual([0, 10, 20, 30, 40]);
    store.append(batch(50, 30));
    model.sync(store, query);
    expect(model.matches.toArray()).toEqual([30, 40, 50, 60, 70]);
    store.clear();
    model.sync(store, query);
    expect(model.matches.count).toBe(0);
    expect(model.layout.count).toBe(0);
    store.append(batch(80, 11));
    model.sync(store, query);
    expect(model.matches.toArray()).toEqual([80, 90]);
  });
});

describe('LogViewModel: layout', () => {
  it('lays out every entry, extending on append and pruning dropped ones', () => {
    const store = new LogLineStore({ maxLines: 100 });
    const model = new LogViewModel();
    store.append(batch(0, 60));
    model.sync(store, settings());
    expect(model.layout.count).toBe(60);
    store.append(batch(60, 60));
    model.sync(store, settings());
    expect(model.layout.count).toBe(100);
    expect(model.layout.seqAt(0)).toBe(20);
    expect(model.layout.lastSeq).toBe(119);
  });

  it('in filter mode holds only the matching lines, including those that arrive later', () => {
    const store = new LogLineStore();
    const model = new LogViewModel();
    const filter = settings({ search: { query: 'error' }, filter: true });
    store.append(batch(0, 25));
    model.sync(store, filter);
    expect(model.filtered).toBe(true);
    expect(shownSeqs(model)).toEqual([0, 10, 20]);
    store.append([...batch(25, 10), { kind: 'disconnect', seq: 35, at: 0, code: 1006, reason: '' }, ...batch(36, 5)]);
    model.sync(store, filter);
    expect(shownSeqs(model)).toEqual([0, 10, 20, 30, 40]);
    // An empty query filters nothing.
    model.sync(store, settings({ filter: true }));
    expect(model.filtered).toBe(false);
    expect(model.layout.count).toBe(41);
  });

  it('wraps by the column count and lays out an expanded line in full', () => {
    const store = new LogLineStore();
    const model = new LogViewModel();
    store.append([line(0, 'a'.repeat(250)), line(1, 'short'), line(2, 'b'.repeat(50_000))]);
    model.sync(store, settings({ cols: 100 }));
    expect([0, 1, 2].map((i) => model.layout.rowsOf(i))).toEqual([3, 1, 101]);
    model.sync(store, settings({ cols: 50 }));
    expect(model.layout.rowsOf(0)).toBe(5);
    model.sync(store, settings({ cols: 100, expanded: new Set([2]) }));
    expect(model.layout.rowsOf(2)).toBe(500);
  });

  it('starts over when given another store', () => {
    const model = new LogViewModel();
    const first = new LogLineStore();
    first.append(batch(0, 30));
    model.sync(first, settings({ search: { query: 'error' } }));
    const second = new LogLineStore();
    second.append(batch(0, 5));
    model.sync(second, settings({ search: { query: 'error' } }));
    expect(model.layout.count).toBe(5);
    expect(model.matches.toArray()).toEqual([0]);
  });
});
