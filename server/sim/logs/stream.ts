/**
 * Writes a container log to an HTTP response as kubelet's log reader (pkg/kubelet/kuberuntime/logs)
 * does: tail first, then the `since` filter, optional fixed-width timestamps, a byte limit that cuts
 * the body exactly, and when following, each write flushed as it happens until the instance ends,
 * the limit is reached or the client goes away.
 */
import type { ServerResponse } from 'node:http';
import type { ContainerLog, LogLine } from './instance.js';
import type { PodLogOptions } from './options.js';
import { formatTimestamp } from './timestamp.js';

/** Longest wait between two looks at a followed log, so an odd clock cannot stall a follower. */
const MAX_FOLLOW_DELAY_MS = 1000;

/** The body of one response, counting bytes against `limitBytes`. */
class BodyWriter {
  private remaining: number;

  constructor(
    private readonly res: ServerResponse,
    private readonly options: PodLogOptions,
  ) {
    this.remaining = options.limitBytes ?? Number.POSITIVE_INFINITY;
  }

  /** Writes the lines; false once the byte limit is reached. */
  write(lines: readonly LogLine[]): boolean {
    const text = lines.map((l) => (this.options.timestamps ? `${formatTimestamp(l.at)} ${l.text}\n` : `${l.text}\n`)).join('');
    if (text === '') return this.remaining > 0;
    const bytes = Buffer.from(text, 'utf8');
    // kubelet cuts at the byte, even inside a UTF-8 sequence.
    const out = bytes.length > this.remaining ? bytes.subarray(0, this.remaining) : bytes;
    this.res.write(out);
    this.remaining -= out.length;
    return this.remaining > 0;
  }
}

/** kubelet's `since`: sinceSeconds back from now, or sinceTime; lines before it are skipped. */
function sinceUs(options: PodLogOptions, nowMs: number): number {
  if (options.sinceSeconds !== null) return (Math.floor(nowMs) - options.sinceSeconds * 1000) * 1000;
  if (options.sinceTime !== null) return options.sinceTime * 1_000_000;
  return Number.NEGATIVE_INFINITY;
}

/** Answers 200 text/plain with the log, and keeps the response open while following. */
export function streamLog(res: ServerResponse, log: ContainerLog, options: PodLogOptions, now: () => number): void {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.flushHeaders();
  const started = now();
  const since = sinceUs(options, started);
  const writer = new BodyWriter(res, options);
  if (!writer.write(log.lines(started, options.tailLines, since)) || !options.follow || log.complete(started)) {
    res.end();
    return;
  }

  let lastSeq = log.lastSeq;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  const stopTimer = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const close = (): void => {
    closed = true;
    stopTimer();
    unsubscribe();
    res.off('drain', pump);
  };
  function schedule(): void {
    const next = log.nextLineAt();
    const delay = next === null ? MAX_FOLLOW_DELAY_MS : Math.min(MAX_FOLLOW_DELAY_MS, Math.max(1, next - now()));
    timer = setTimeout(pump, delay);
  }
  function pump(): void {
    if (closed) return;
    stopTimer();
    const t = now();
    const fresh = log.linesAfter(lastSeq, t, since);
    lastSeq = log.lastSeq;
    if (!writer.write(fresh) || log.complete(t)) {
      close();
      res.end();
    } else if (res.writableNeedDrain) {
      // A slow reader: wait for the socket rather than queue; lines it misses fall off the ring.
      res.once('drain', pump);
    } else {
      schedule();
    }
  }
  const unsubscribe = log.onEnd(pump);
  res.on('close', close);
  schedule();
}
