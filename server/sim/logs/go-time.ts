/**
 * Go's `time.Parse(time.RFC3339, s)`, which is how kube-apiserver reads the `sinceTime` query
 * parameter (metav1.Time.UnmarshalQueryParameter). A failure reaches the client as a 400 carrying Go's
 * own error text, so the parse walks the layout element by element as Go does and names the same
 * element and remainder (`parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"`).
 */
import { goQuote } from './go-strconv.js';

const LAYOUT = '2006-01-02T15:04:05Z07:00';

type Std = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'zone';

/** The layout split as Go's nextStdChunk splits it: literal prefix, then a standard element. */
const CHUNKS: readonly { prefix: string; std: Std; text: string }[] = [
  { prefix: '', std: 'year', text: '2006' },
  { prefix: '-', std: 'month', text: '01' },
  { prefix: '-', std: 'day', text: '02' },
  { prefix: 'T', std: 'hour', text: '15' },
  { prefix: ':', std: 'minute', text: '04' },
  { prefix: ':', std: 'second', text: '05' },
  { prefix: '', std: 'zone', text: 'Z07:00' },
];

/** A parsed instant (whole seconds since the epoch plus nanoseconds), or Go's error text. */
export type GoTimeResult = { readonly ok: true; readonly seconds: number; readonly nanos: number } | { readonly ok: false; readonly error: string };

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanos: number;
  offsetSeconds: number;
}

/** What one element step leaves: the rest of the input, or why it failed. */
type Step = { rest: string; range?: string; bad?: true };

const isDigit = (s: string, i: number): boolean => i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57;

/** Go's getnum: one or two digits, exactly two when fixed. */
function getnum(s: string, fixed: boolean): { n: number; rest: string } | null {
  if (!isDigit(s, 0)) return null;
  if (!isDigit(s, 1)) return fixed ? null : { n: Number(s[0]), rest: s.slice(1) };
  return { n: Number(s.slice(0, 2)), rest: s.slice(2) };
}

function stepNumber(s: string, fixed: boolean, set: (n: number) => void, limit: number | null, name: string): Step {
  const got = getnum(s, fixed);
  if (!got) return { rest: s, bad: true };
  set(got.n);
  return limit !== null && got.n >= limit ? { rest: got.rest, range: name } : { rest: got.rest };
}

function stepSecond(s: string, f: Fields): Step {
  const step = stepNumber(s, true, (n) => (f.second = n), 60, 'second');
  if (step.bad || step.range) return step;
  const rest = step.rest;
  // RFC3339 has no fraction element, but Go accepts one right after the seconds.
  if (rest.length < 2 || (rest[0] !== '.' && rest[0] !== ',') || !isDigit(rest, 1)) return step;
  let n = 2;
  while (isDigit(rest, n)) n++;
  f.nanos = Number(rest.slice(1, Math.min(n, 10)).padEnd(9, '0'));
  return { rest: rest.slice(n) };
}

function stepZone(s: string, f: Fields): Step {
  if (s.startsWith('Z')) return { rest: s.slice(1) };
  if (s.length < 6 || s[3] !== ':') return { rest: s, bad: true };
  const hours = getnum(s.slice(1, 3), true);
  const minutes = getnum(s.slice(4, 6), true);
  const sign = s[0] === '+' ? 1 : s[0] === '-' ? -1 : 0;
  if (!hours || !minutes || sign === 0) return { rest: s, bad: true };
  f.offsetSeconds = sign * (hours.n * 3600 + minutes.n * 60);
  if (hours.n > 24) return { rest: s.slice(6), range: 'time zone offset hour' };
  if (minutes.n > 60) return { rest: s.slice(6), range: 'time zone offset minute' };
  return { rest: s.slice(6) };
}

function step(std: Std, s: string, f: Fields): Step {
  switch (std) {
    case 'year':
      if (s.length < 4 || !/^\d{4}/.test(s)) return { rest: s, bad: true };
      f.year = Number(s.slice(0, 4));
      return { rest: s.slice(4) };
    case 'month': {
      const r = stepNumber(s, true, (n) => (f.month = n), null, 'month');
      return !r.bad && (f.month < 1 || f.month > 12) ? { ...r, range: 'month' } : r;
    }
    case 'day':
      return stepNumber(s, true, (n) => (f.day = n), null, 'day');
    case 'hour':
      return stepNumber(s, false, (n) => (f.hour = n), 24, 'hour');
    case 'minute':
      return stepNumber(s, true, (n) => (f.minute = n), 60, 'minute');
    case 'second':
      return stepSecond(s, f);
    case 'zone':
      return stepZone(s, f);
  }
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Parses `value` exactly as Go's `time.Parse(time.RFC3339, value)` does. */
export function parseGoRfc3339(value: string): GoTimeResult {
  const fail = (message: string): GoTimeResult => ({ ok: false, error: `parsing time ${goQuote(value)}${message}` });
  const cannot = (valueElem: string, layoutElem: string): GoTimeResult =>
    fail(` as ${goQuote(LAYOUT)}: cannot parse ${goQuote(valueElem)} as ${goQuote(layoutElem)}`);
  const f: Fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, nanos: 0, offsetSeconds: 0 };
  let rest = value;
  for (const chunk of CHUNKS) {
    if (!rest.startsWith(chunk.prefix)) return cannot(rest, chunk.prefix);
    rest = rest.slice(chunk.prefix.length);
    const result = step(chunk.std, rest, f);
    if (result.range) return fail(`: ${result.range} out of range`);
    if (result.bad) return cannot(rest, chunk.text);
    rest = result.rest;
  }
  if (rest !== '') return fail(`: extra text: ${goQuote(rest)}`);
  if (f.day < 1 || f.day > daysIn(f.month, f.year)) return fail(': day out of range');
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to the 1900s.
  date.setUTCFullYear(f.year, f.month - 1, f.day);
  date.setUTCHours(f.hour, f.minute, f.second, 0);
  return { ok: true, seconds: date.getTime() / 1000 - f.offsetSeconds, nanos: f.nanos };
}
