/**
 * Log line instants. Lines carry microseconds since the epoch (a float64 holds those exactly for
 * centuries, nanoseconds it would not) plus three extra nanosecond digits, so timestamps look like
 * the container runtime's and still order and compare exactly.
 */

/** An instant with nanosecond resolution. */
export interface Instant {
  /** Microseconds since the epoch, an integer. */
  readonly us: number;
  /** Nanoseconds past `us`, 0..999. */
  readonly ns: number;
}

/**
 * kubelet's output format (RFC3339NanoFixed, `2006-01-02T15:04:05.000000000Z07:00` in UTC): always nine
 * fraction digits, so every prefix has the same width and clients may cut it at the first space.
 */
export function formatTimestamp(at: Instant): string {
  const ms = Math.floor(at.us / 1000);
  const seconds = new Date(ms).toISOString().slice(0, 19);
  const fractionUs = at.us - Math.floor(at.us / 1_000_000) * 1_000_000;
  return `${seconds}.${String(fractionUs).padStart(6, '0')}${String(at.ns).padStart(3, '0')}Z`;
}
