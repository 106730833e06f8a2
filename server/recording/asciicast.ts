/**
 * An asciicast v2 file written as the session happens: the header line, then one JSON event line
 * per output, input or resize. Each line goes to the kernel with one writeSync, so the file is a
 * valid (if shorter) recording whatever moment the gateway dies at.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** The event codes of asciicast v2 the gateway writes. */
export type AsciicastEventCode = 'o' | 'i' | 'r';

/** The header fields of asciicast v2 the gateway fills in. */
export interface AsciicastHeader {
  width: number;
  height: number;
  /** Unix time of the start, in seconds. */
  timestamp: number;
  title: string;
  env: { TERM: string; SHELL: string };
}

/** One recording file, open for appending. */
export class AsciicastWriter {
  private readonly fd: number;
  private readonly origin = performance.now();
  private closed = false;

  /** Creates `path` (it must not exist) and writes the header. */
  constructor(path: string, header: AsciicastHeader) {
    // 'wx': never overwrite another recording; 0o600: recordings may hold secrets typed or shown.
    this.fd = openSync(path, 'wx', 0o600);
    this.line({ version: 2, ...header });
  }

  /** Appends an event timed from the header's start (monotonic clock, microsecond precision). */
  event(code: AsciicastEventCode, data: string): void {
    if (this.closed) return;
    const seconds = (performance.now() - this.origin) / 1000;
    this.line([Number(seconds.toFixed(6)), code, data]);
  }

  /** Closes the file; later events are ignored. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  private line(value: unknown): void {
    const bytes = Buffer.from(`${JSON.stringify(value)}\n`, 'utf8');
    // writeSync may write less than asked; a half line would break the file.
    for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done);
  }
}
