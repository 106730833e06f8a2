import { describe, expect, it, vi } from 'vitest';
import type { LogEntry, LogLine } from '../../src/core/log-stream.ts';
import { LogLineStore } from '../../src/logs/line-store.ts';
import { MAX_RANGES_PER_LINE, MatchIndex, createMatcher, escapeRegExp, type Matcher, type MatcherOptions } from '../../src/logs/search.ts';

const line = (seq: number, text: string): LogLine => ({ kind: 'line', seq, text, timestamp: null });

function ok(options: MatcherOptions): Matcher {
  const result = createMatcher(options);
  if (!result.ok) throw new Error(result.error);
  return result;
}

describe('createMatcher', () => {
  it('matches plain text case-insensitively by default', () => {
    const m = ok({ query: 'Error' });
    expect(m.test('an ERROR happened')).toBe(true);
    expect(m.test('all fine')).toBe(false);
    expect(m.ranges('error, Error, ERROR')).toEqual([
      [0, 5],
      [7, 12],
      [14, 19],
    ]);
  });

  it('respects caseSensitive', () => {
    const m = ok({ query: 'Error', caseSensitive: true });
    expect(m.test('an ERROR happened')).toBe(false);
    expect(m.ranges('error, Error')).toEqual([[7, 12]]);
  });

  it('treats plain queries literally, regex metacharacters included', () => {
    const m = ok({ query: 'a.b(c)*' });
    expect(m.test('axb')).toBe(false);
    expect(m.test('x a.b(c)* y')).toBe(true);
    expect(m.ranges('x a.b(c)* y')).toEqual([[2, 9]]);
    expect(escapeRegExp('[x]+?')).toBe('\\[x\\]\\+\\?');
  });

  it('supports regular expressions', () => {
    const m = ok({ query: 'status=(4|5)\\d\\d', regex: true });
    expect(m.test('GET / status=200')).toBe(false);
    expect(m.test('GET / status=503')).toBe(true);
    expect(m.ranges('status=404 status=200 STATUS=500')).toEqual([
      [0, 10],
      [22, 32],
    ]);
    expect(ok({ query: '^warn', regex: true, caseSensitive: true }).test('WARN x')).toBe(false);
  });

  it('gives the same answers on repeated calls (no lastIndex state)', () => {
    const m = ok({ query: 'a', regex: true });
    expect([m.test('a'), m.test('a'), m.test('a')]).toEqual([true, true, true]);
    expect(m.ranges('aa')).toEqual(m.ranges('aa'));
  });

  it('skips empty regex matches when computing ranges', () => {
    expect(ok({ query: 'x*', regex: true }).ranges('abxxc')).toEqual([[2, 4]]);
  });

  it('caps the number of ranges per line', () => {
    expect(ok({ query: 'a' }).ranges('a'.repeat(5000))).toHaveLength(MAX_RANGES_PER_LINE);
  });

  it('matches nothing for an empty query', () => {
    const m = ok({ query: '' });
    expect(m.test('anything')).toBe(false);
    expect(m.ranges('anything')).toEqual([]);
  });

  it('reports an invalid regex instead of throwing', () => {
    const result = createMatcher({ query: '(unclosed', regex: true });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/./);
    expect(createMatcher({ query: '(unclosed' }).ok).toBe(true);
  });
});

describe('MatchIndex', () => {
  const entries: LogEntry[] = [
    line(0, 'GET /a 200'),
    line(1, 'GET /b 500 error'),
    { kind: 'disconnect', seq: 2, at: 0, code: 1006, reason: 'error' },
    line(3, 'error: retry'),
    line(4, 'fine'),
  ];

  it('indexes matching lines and never a disconnect marker', () => {
    const index = new MatchIndex();
    const result = index.setQuery({ query: 'error' }, entries);
    expect(result.ok).toBe(true);
    expect(index.toArray()).toEqual([1, 3]);
    expect(index.count).toBe(2);
    expect(index.at(1)).toBe(3);
    expect(index.indexOf(3)).toBe(1);
    expect(index.indexOf(4)).toBe(-1);
  });

  it('tests each new line once when fed incrementally', () => {
    const matcher = ok({ query: 'error' });
    const spy = vi.spyOn(matcher, 'test');
    const index = new MatchIndex();
    index.setMatcher(matcher, entries);
    expect(spy).toHaveBeenCalledTimes(4); // four lines, the marker is not tested
    spy.mockClear();
    index.add([line(5, 'another error'), line(6, 'ok')]);
    expect(spy).toHaveBeenCalledTimes(2);
    expect(spy.mock.calls.map((c) => c[0])).toEqual(['another error', 'ok']);
    expect(index.toArray()).toEqual([1, 3, 5]);
    spy.mockClear();
    index.add([line(7, 'x')]);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('does not re-test a line with a seq already indexed', () => {
    const matcher = ok({ query: 'error' });
    const spy = vi.spyOn(matcher, 'test');
    const index = new MatchIndex();
    index.setMatcher(matcher, entries);
    spy.mockClear();
    index.add([line(3, 'error: retry'), line(8, 'error')]);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(index.toArray()).toEqual([1, 3, 8]);
  });

  it('rebuilds only when the query changes', () => {
    const store = new LogLineStore();
    store.append(entries);
    const index = new MatchIndex();
    index.setQuery({ query: 'error' }, store);
    const version = index.version;
    const first = index.current;
    index.setQuery({ query: 'error', regex: false, caseSensitive: false }, store);
    expect(index.version).toBe(version);
    expect(index.current).toBe(first);
    index.setQuery({ query: 'GET' }, store);
    expect(index.current).not.toBe(first);
    expect(index.toArray()).toEqual([0, 1]);
    index.setQuery({ query: 'get', caseSensitive: true }, store);
    expect(index.toArray()).toEqual([]);
  });

  it('leaves no matches and returns the error for an invalid regex', () => {
    const index = new MatchIndex();
    index.setQuery({ query: 'error' }, entries);
    const result = index.setQuery({ query: '[', regex: true }, entries);
    expect(result.ok).toBe(false);
    expect(index.count).toBe(0);
    expect(index.current).toBeNull();
    index.add([line(9, '[')]);
    expect(index.count).toBe(0);
  });

  it('navigates next and previous with wrap-around', () => {
    const index = new MatchIndex();
    index.setQuery({ query: 'hit' }, [line(2, 'hit'), line(5, 'hit'), line(6, 'no'), line(9, 'hit')]);
    expect(index.next(null)).toBe(2);
    expect(index.next(2)).toBe(5);
    expect(index.next(6)).toBe(9);
    expect(index.next(9)).toBe(2);
    expect(index.next(100)).toBe(2);
    expect(index.previous(null)).toBe(9);
    expect(index.previous(9)).toBe(5);
    expect(index.previous(5)).toBe(2);
    expect(index.previous(2)).toBe(9);
    expect(index.previous(0)).toBe(9);
  });

  it('returns null when navigating with no matches', () => {
    const index = new MatchIndex();
    expect(index.next(0)).toBeNull();
    expect(index.previous(0)).toBeNull();
    index.setQuery({ query: 'zzz' }, entries);
    expect(index.next(null)).toBeNull();
  });

  it('prunes matches older than the store first seq, and navigation wraps within what is left', () => {
    const store = new LogLineStore({ maxLines: 3 });
    const index = new MatchIndex();
    index.setQuery({ query: 'hit' }, store);
    const batch = [line(0, 'hit'), line(1, 'no'), line(2, 'hit'), line(3, 'hit'), line(4, 'no')];
    store.append(batch);
    index.add(batch);
    expect(index.toArray()).toEqual([0, 2, 3]);
    index.prune(store.firstSeq);
    expect(store.firstSeq).toBe(2);
    expect(index.toArray()).toEqual([2, 3]);
    expect(index.next(3)).toBe(2);
    expect(index.previous(2)).toBe(3);
    expect(index.indexOf(0)).toBe(-1);
    store.clear();
    index.prune(store.firstSeq);
    expect(index.count).toBe(0);
  });

  it('compacts after heavy pruning without losing matches', () => {
    const index = new MatchIndex();
    const many = Array.from({ length: 5000 }, (_, i) => line(i, i % 2 === 0 ? 'hit' : 'no'));
    index.setQuery({ query: 'hit' }, many);
    for (let first = 0; first <= 4000; first += 500) index.prune(first);
    expect(index.count).toBe(500);
    expect(index.at(0)).toBe(4000);
    expect(index.next(4997)).toBe(4998);
    expect(index.next(4998)).toBe(4000);
    expect(index.previous(4000)).toBe(4998);
  });

  it('clear keeps the query for new lines', () => {
    const index = new MatchIndex();
    index.setQuery({ query: 'error' }, entries);
    index.clear();
    expect(index.count).toBe(0);
    index.add([line(10, 'error')]);
    expect(index.toArray()).toEqual([10]);
  });
});
