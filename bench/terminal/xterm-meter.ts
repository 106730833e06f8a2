/**
 * Observes every xterm on the page without touching the kit: `<Terminal>` exposes no xterm instance
 * (rightly), so the page wraps xterm's own prototype, which the kit's lazily loaded view shares.
 * Counts bytes as xterm reports them parsed (the write callback), for both sides alike.
 */
import { Terminal as Xterm } from '@xterm/xterm';

interface Count {
  parsed: number;
  writes: number;
  target: number;
  reached: (() => void) | null;
}

const counts = new WeakMap<Xterm, Count>();
const opened: Xterm[] = [];

function countOf(term: Xterm): Count {
  let count = counts.get(term);
  if (!count) {
    count = { parsed: 0, writes: 0, target: Number.POSITIVE_INFINITY, reached: null };
    counts.set(term, count);
  }
  return count;
}

const write = Xterm.prototype.write;
Xterm.prototype.write = function meteredWrite(this: Xterm, data: string | Uint8Array, callback?: () => void): void {
  // Strings are the kit's own notices, not output from the pod.
  if (typeof data === 'string') return write.call(this, data, callback);
  const count = countOf(this);
  count.writes++;
  const bytes = data.byteLength;
  write.call(this, data, () => {
    count.parsed += bytes;
    if (count.parsed >= count.target) count.reached?.();
    callback?.();
  });
};

const open = Xterm.prototype.open;
Xterm.prototype.open = function recordedOpen(this: Xterm, parent: HTMLElement): void {
  opened.push(this);
  open.call(this, parent);
};

/** The xterm opened most recently on the page, once there is one. */
export function lastOpened(): Xterm | undefined {
  return opened[opened.length - 1];
}

/** Zeroes `term`'s counts; the returned promise resolves with its binary writes once `bytes` more are parsed. */
export function untilParsed(term: Xterm, bytes: number): Promise<number> {
  const count = countOf(term);
  count.parsed = 0;
  count.writes = 0;
  count.target = bytes;
  return new Promise((resolve) => {
    count.reached = () => {
      count.reached = null;
      resolve(count.writes);
    };
  });
}
