import { describe, expect, it } from 'vitest';
import { compareTimes, isRfc3339, parsePreciseTime, splitTimestamp, type PreciseTime } from '../../src/core/timestamps.ts';

function time(text: string): PreciseTime {
  const t = parsePreciseTime(text);
  if (!t) throw new Error(`expected "${text}" to parse`);
  return t;
}

const cmp = (a: string, b: string): number => Math.sign(compareTimes(time(a), time(b)));

describe('parsePreciseTime', () => {
  it('keeps all nine fraction digits', () => {
    expect(time('2024-05-01T12:00:00.123456789Z')).toEqual({ seconds: Date.UTC(2024, 4, 1, 12) / 1000, nanos: 123_456_789 });
    expect(time('2024-05-01T12:00:00.000000001Z').nanos).toBe(1);
    expect(time('2024-05-01T12:00:00Z')).toEqual({ seconds: Date.UTC(2024, 4, 1, 12) / 1000, nanos: 0 });
  });

  it('reads short fractions as the leading digits of the nanoseconds', () => {
    expect(time('2024-05-01T12:00:00.5Z').nanos).toBe(500_000_000);
    expect(time('2024-05-01T12:00:00.000123Z').nanos).toBe(123_000);
    expect(time('2024-05-01T12:00:00.120Z').nanos).toBe(120_000_000);
  });

  it('normalises offsets to the same instant', () => {
    expect(time('2024-05-01T14:00:00.5+02:00')).toEqual(time('2024-05-01T12:00:00.500Z'));
    expect(time('2024-05-01T07:30:00-04:30')).toEqual(time('2024-05-01T12:00:00Z'));
    expect(time('2024-05-01T00:30:00.000000007+01:00')).toEqual(time('2024-04-30T23:30:00.000000007Z'));
    expect(time('2024-05-01T12:00:00+00:00')).toEqual(time('2024-05-01T12:00:00Z'));
  });

  it('handles instants before 1970', () => {
    expect(time('1969-12-31T23:59:59.999999999Z')).toEqual({ seconds: -1, nanos: 999_999_999 });
    expect(cmp('1969-12-31T23:59:59.999999999Z', '1970-01-01T00:00:00Z')).toBe(-1);
  });

  it.each([
    'yesterday',
    '',
    '2024-05-01',
    '2024-05-01T12:00:00',
    '2024-05-01 12:00:00Z',
    '2024-05-01T12:00Z',
    '2024-05-01T12:00:00.Z',
    '2024-05-01T12:00:00.1234567890Z',
    '2024-05-01T12:00:00+0200',
    '2024-05-01T12:00:00+25:00',
    '2024-13-01T12:00:00Z',
    '2024-05-01T12:60:00Z',
    '2024-05-01T12:00:00.123Z trailing',
    ' 2024-05-01T12:00:00Z',
  ])('rejects %j', (text) => {
    expect(parsePreciseTime(text)).toBeNull();
    expect(isRfc3339(text)).toBe(false);
  });

  it.each(['2023-02-29T00:00:00Z', '2024-02-30T00:00:00Z', '2024-04-31T12:00:00Z', '2024-05-01T24:00:00Z', '2024-05-01T23:59:60Z'])(
    'rejects the impossible date or time %j instead of rolling it over',
    (text) => {
      expect(parsePreciseTime(text)).toBeNull();
      expect(isRfc3339(text)).toBe(false);
    },
  );

  it('accepts a leap day and the last second of a day', () => {
    expect(isRfc3339('2024-02-29T00:00:00Z')).toBe(true);
    expect(isRfc3339('2024-12-31T23:59:59.999999999Z')).toBe(true);
    expect(isRfc3339('2024-05-01T23:59:59-12:00')).toBe(true);
  });
});

describe('compareTimes', () => {
  it('tells apart instants one nanosecond apart, which Date cannot', () => {
    const a = '2024-05-01T12:00:00.123456789Z';
    const b = '2024-05-01T12:00:00.123456790Z';
    expect(Date.parse(a)).toBe(Date.parse(b));
    expect(cmp(a, b)).toBe(-1);
    expect(cmp(b, a)).toBe(1);
    expect(cmp(a, a)).toBe(0);
  });

  it('compares the seconds before the fraction', () => {
    expect(cmp('2024-05-01T12:00:00.999999999Z', '2024-05-01T12:00:01Z')).toBe(-1);
    expect(cmp('2024-05-01T12:00:01.000000000Z', '2024-05-01T12:00:00.999999999Z')).toBe(1);
  });

  it('treats equal instants written differently as equal', () => {
    expect(cmp('2024-05-01T12:00:00.5Z', '2024-05-01T12:00:00.500000000Z')).toBe(0);
    expect(cmp('2024-05-01T14:00:00.000000001+02:00', '2024-05-01T12:00:00.000000001Z')).toBe(0);
    expect(cmp('2024-05-01T13:00:00+02:00', '2024-05-01T12:00:00Z')).toBe(-1);
  });

  it('sorts a list of timestamps chronologically', () => {
    const sorted = [
      '2024-05-01T12:00:00.000000002Z',
      '2024-05-01T11:59:59.999999999Z',
      '2024-05-01T14:00:00.000000001+02:00',
      '2024-05-01T12:00:00Z',
    ].sort((a, b) => compareTimes(time(a), time(b)));
    expect(sorted).toEqual([
      '2024-05-01T11:59:59.999999999Z',
      '2024-05-01T12:00:00Z',
      '2024-05-01T14:00:00.000000001+02:00',
      '2024-05-01T12:00:00.000000002Z',
    ]);
  });
});

describe('splitTimestamp', () => {
  it('splits a Kubernetes timestamped line at the single space after the timestamp', () => {
    const line = splitTimestamp('2024-05-01T12:00:00.000000001Z hello world');
    expect(line.timestamp).toBe('2024-05-01T12:00:00.000000001Z');
    expect(line.time).toEqual(time('2024-05-01T12:00:00.000000001Z'));
    expect(line.text).toBe('hello world');
  });

  it('keeps the rest of the line exactly, leading spaces included', () => {
    expect(splitTimestamp('2024-05-01T12:00:00.123456789Z   indented').text).toBe('  indented');
    expect(splitTimestamp('2024-05-01T12:00:00.123456789Z ').text).toBe('');
    expect(splitTimestamp('2024-05-01T12:00:00Z 2024-05-01T12:00:01Z nested').text).toBe('2024-05-01T12:00:01Z nested');
  });

  it('accepts timestamps with an offset and without a fraction', () => {
    expect(splitTimestamp('2024-05-01T12:00:00Z x')).toMatchObject({ timestamp: '2024-05-01T12:00:00Z', text: 'x' });
    expect(splitTimestamp('2024-05-01T14:00:00.123456789+02:00 x')).toMatchObject({
      timestamp: '2024-05-01T14:00:00.123456789+02:00',
      time: time('2024-05-01T12:00:00.123456789Z'),
      text: 'x',
    });
  });

  it.each([
    'hello world',
    '',
    'no-spaces-at-all',
    '2024-05-01T12:00:00.000000001Z',
    '2024-05-01 12:00:00 starting with a date',
    'ERROR 2024-05-01T12:00:00Z something failed',
    '2024-05-01T12:00:00.000000001Zhello',
    'yesterday-at-noon-in-the-morning-light hello',
  ])('passes %j whole when it does not start with a timestamp', (line) => {
    expect(splitTimestamp(line)).toEqual({ timestamp: null, time: null, text: line });
  });
});
