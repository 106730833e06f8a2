import { describe, expect, it } from 'vitest';
import { LogResumePoint } from '../../src/core/log-resume.ts';
import { splitTimestamp } from '../../src/core/timestamps.ts';

/** Feeds raw lines (as the gateway sends them with timestamps=true) and returns the text of the accepted ones. */
function feed(point: LogResumePoint, lines: readonly string[]): string[] {
  return lines.map(splitTimestamp).filter((line) => point.accept(line)).map((line) => line.text);
}

const T1 = '2024-05-01T12:00:00.000000001Z';
const T2 = '2024-05-01T12:00:00.000000002Z';
const T3 = '2024-05-01T12:00:00.000000003Z';
const T4 = '2024-05-01T12:00:01Z';

describe('LogResumePoint', () => {
  it('has no resume point before a timestamped line arrived', () => {
    const point = new LogResumePoint();
    expect(point.sinceTime).toBeNull();
    expect(feed(point, ['plain line'])).toEqual(['plain line']);
    expect(point.sinceTime).toBeNull();
  });

  it('delivers every line of a first connection, equal timestamps included', () => {
    const point = new LogResumePoint();
    expect(feed(point, [`${T1} a`, `${T2} b`, `${T2} c`, `${T3} d`])).toEqual(['a', 'b', 'c', 'd']);
    expect(point.sinceTime).toBe(T3);
  });

  it('asks to resume at the exact text of the last timestamp', () => {
    const point = new LogResumePoint();
    feed(point, [`2024-05-01T14:00:00.123456789+02:00 x`]);
    expect(point.sinceTime).toBe('2024-05-01T14:00:00.123456789+02:00');
  });

  it('drops the replayed last line and accepts what follows', () => {
    const point = new LogResumePoint();
    feed(point, [`${T1} a`, `${T2} b`]);
    point.beginReplay();
    expect(feed(point, [`${T2} b`, `${T3} c`, `${T4} d`])).toEqual(['c', 'd']);
    expect(point.sinceTime).toBe(T4);
  });

  it('drops as many replayed lines as it delivered with the last timestamp, and keeps further ones with that timestamp', () => {
    const point = new LogResumePoint();
    feed(point, [`${T1} a`, `${T2} b1`, `${T2} b2`, `${T2} b3`]);
    point.beginReplay();
    expect(feed(point, [`${T2} b1`, `${T2} b2`, `${T2} b3`, `${T2} b4`, `${T2} b5`, `${T3} c`])).toEqual(['b4', 'b5', 'c']);
  });

  it('drops a replay that starts with lines older than the last one (sinceTime rounded down by the server)', () => {
    const point = new LogResumePoint();
    feed(point, [`${T1} a`, `${T2} b`, `${T3} c`]);
    point.beginReplay();
    expect(feed(point, [`${T1} a`, `${T2} b`, `${T3} c`, `${T4} d`])).toEqual(['d']);
  });

  it('accepts a line newer than the last one even when the replay holds fewer duplicates than expected', () => {
    const point = new LogResumePoint();
    feed(point, [`${T2} b1`, `${T2} b2`]);
    point.beginReplay();
    expect(feed(point, [`${T2} b1`, `${T3} c`])).toEqual(['c']);
    expect(point.sinceTime).toBe(T3);
  });

  it('stops filtering once the replay has caught up: later lines with old timestamps are not mistaken for duplicates', () => {
    const point = new LogResumePoint();
    feed(point, [`${T2} b`]);
    point.beginReplay();
    expect(feed(point, [`${T2} b`, `${T2} b-new`, `${T2} b-newer`])).toEqual(['b-new', 'b-newer']);
  });

  it('counts the lines delivered after a resume towards the next resume', () => {
    const point = new LogResumePoint();
    feed(point, [`${T2} b1`]);
    point.beginReplay();
    expect(feed(point, [`${T2} b1`, `${T2} b2`])).toEqual(['b2']);
    point.beginReplay();
    expect(feed(point, [`${T2} b1`, `${T2} b2`, `${T2} b3`])).toEqual(['b3']);
  });

  it('survives a reconnect that fails in the middle of the replay', () => {
    const point = new LogResumePoint();
    feed(point, [`${T1} a`, `${T2} b1`, `${T2} b2`]);
    point.beginReplay();
    expect(feed(point, [`${T2} b1`])).toEqual([]);
    point.beginReplay();
    expect(feed(point, [`${T2} b1`, `${T2} b2`, `${T3} c`])).toEqual(['c']);
  });

  it('recognises a duplicate whose timestamp is written with an offset', () => {
    const point = new LogResumePoint();
    feed(point, [`2024-05-01T12:00:00.000000002Z b`]);
    point.beginReplay();
    expect(feed(point, [`2024-05-01T14:00:00.000000002+02:00 b`, `2024-05-01T14:00:00.000000003+02:00 c`])).toEqual(['c']);
  });

  it('lets lines without a timestamp pass, also during a replay', () => {
    const point = new LogResumePoint();
    feed(point, [`${T1} a`, `${T2} b`]);
    point.beginReplay();
    expect(feed(point, ['unparsable', `${T1} a`, 'also plain', `${T2} b`, `${T3} c`])).toEqual(['unparsable', 'also plain', 'c']);
    expect(point.sinceTime).toBe(T3);
  });

  it('delivers everything when a replay begins before any timestamped line arrived', () => {
    const point = new LogResumePoint();
    feed(point, ['plain']);
    point.beginReplay();
    expect(feed(point, [`${T1} a`, `${T1} b`])).toEqual(['a', 'b']);
  });

  it('without beginReplay, a line equal to the last one is delivered (it is a new line, not a replay)', () => {
    const point = new LogResumePoint();
    feed(point, [`${T2} b`]);
    expect(feed(point, [`${T2} b`])).toEqual(['b']);
  });
});
