/**
 * Gap-free, duplicate-free resume of a log stream (DESIGN §7). The stream remembers the timestamp of
 * the last line it delivered and how many delivered lines carried exactly that timestamp; a resumed
 * request asks for `sinceTime` = that timestamp, and the replayed lines up to and including that many
 * at that timestamp are dropped.
 */
import { compareTimes, type PreciseTime, type TimestampedText } from './timestamps.js';

/** Tracks the resume point of one log stream and filters the replay after a reconnect. */
export class LogResumePoint {
  private last: PreciseTime | null = null;
  private lastText: string | null = null;
  private countAtLast = 0;
  private replaying = false;
  private skippedAtLast = 0;

  /** The `sinceTime` to ask for after a reconnect, or null when no timestamped line arrived yet. */
  get sinceTime(): string | null {
    return this.lastText;
  }

  /** A reconnect is starting: drop the replay of what was already delivered. */
  beginReplay(): void {
    this.replaying = this.last !== null;
    this.skippedAtLast = 0;
  }

  /** True when the line is new and must be delivered; false for a replayed duplicate. */
  accept(line: TimestampedText): boolean {
    const time = line.time;
    if (time === null || line.timestamp === null) return true;
    if (this.replaying && this.last) {
      const order = compareTimes(time, this.last);
      if (order < 0) return false;
      if (order === 0 && this.skippedAtLast < this.countAtLast) {
        this.skippedAtLast++;
        return false;
      }
      this.replaying = false;
    }
    if (this.last && compareTimes(time, this.last) === 0) this.countAtLast++;
    else {
      this.last = time;
      this.lastText = line.timestamp;
      this.countAtLast = 1;
    }
    return true;
  }
}
