/**
 * RFC3339 / RFC3339Nano timestamps as Kubernetes writes them at the start of log lines
 * (`2024-05-01T12:00:00.123456789Z `). Compared exactly, to the nanosecond, which `Date` cannot do.
 */

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** A point in time to the nanosecond: whole epoch seconds plus nanoseconds. */
export interface PreciseTime {
  readonly seconds: number;
  readonly nanos: number;
}

/** Parses an RFC3339 timestamp with up to nine fraction digits; null when it is not one. */
export function parsePreciseTime(text: string): PreciseTime | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [, whole = '', fraction = '', zone = 'Z'] = m;
  const ms = Date.parse(`${whole}${zone}`);
  if (Number.isNaN(ms)) return null;
  // Date.parse rolls impossible fields over (2023-02-29 becomes 03-01, 24:00 the next day); RFC3339 does not.
  if (new Date(Date.parse(`${whole}Z`)).toISOString().slice(0, 19) !== whole) return null;
  return { seconds: Math.floor(ms / 1000), nanos: Number(fraction.padEnd(9, '0')) };
}

/** True when `text` is an RFC3339 timestamp (fractions up to nanoseconds allowed). */
export function isRfc3339(text: string): boolean {
  return parsePreciseTime(text) !== null;
}

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareTimes(a: PreciseTime, b: PreciseTime): number {
  return a.seconds !== b.seconds ? a.seconds - b.seconds : a.nanos - b.nanos;
}

/** A log line split into its leading timestamp and the text after the single space that follows it. */
export interface TimestampedText {
  readonly timestamp: string | null;
  readonly time: PreciseTime | null;
  readonly text: string;
}

/** Splits `2024-05-01T12:00:00.000000001Z hello` into timestamp and `hello`; lines without one pass whole. */
export function splitTimestamp(line: string): TimestampedText {
  const space = line.indexOf(' ');
  if (space >= 20 && space <= 40) {
    const candidate = line.slice(0, space);
    const time = parsePreciseTime(candidate);
    if (time) return { timestamp: candidate, time, text: line.slice(space + 1) };
  }
  return { timestamp: null, time: null, text: line };
}
