/**
 * The Writable that client-node's `Log` pipes the Kubernetes response into: one text frame per line,
 * and backpressure from the browser back to the cluster. When the socket has more than a high
 * watermark buffered, the write callback is held until it drains, so the pipe pauses the response and
 * TCP slows the cluster down; gateway memory stays near the watermark however slow the browser is.
 */
import { Writable, type Readable } from 'node:stream';
import type { WebSocket } from 'ws';
import type { SocketMeter } from '../../metrics/gateway-metrics.js';
import { sendMetered } from '../../metrics/metered-send.js';
import { LineSplitter } from './line-splitter.js';

/** How often a paused stream looks at the socket again: `ws` has no drain event of its own, and a paused client is the bottleneck anyway. */
const DRAIN_POLL_MS = 25;

/** Settings and callbacks of a {@link SocketSink}. */
export interface SocketSinkOptions {
  readonly socket: WebSocket;
  /** Bytes buffered in the socket above which the cluster stream is paused. */
  readonly highWaterMark: number;
  /** Bytes buffered past which a frame is not sent and the client is closed with 4408 (`sendBounded`). */
  readonly sendLimit: number;
  /** A paused stream whose socket drains nothing for this long is a client that stopped reading. */
  readonly stallTimeoutMs: number;
  /** Counts the bytes sent and a 4408 close. */
  readonly meter: SocketMeter;
  /** The log ended and every line was handed to the socket. */
  onEnd(): void;
  /** The response from the cluster broke off before its end. */
  onSourceFailed(error: unknown): void;
  /** The client stopped reading while the stream was paused. */
  onStall(): void;
}

/** Sends a container log to a socket line by line, pausing the cluster stream while the browser is behind. */
export class SocketSink extends Writable {
  private readonly lines = new LineSplitter();
  private poll: NodeJS.Timeout | null = null;
  private sourceFailed = false;

  constructor(private readonly options: SocketSinkOptions) {
    super();
    // Log pipes the response without an error listener: without this one, a cut connection (or the
    // abort when the client leaves) would be an uncaught error, and a cut would look like a paused stream.
    this.on('pipe', (source: Readable) => {
      source.on('error', (error: unknown) => this.failed(error));
      source.once('close', () => {
        if (!source.readableEnded) this.failed(new Error('the log response closed before its end'));
      });
    });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.send(this.lines.push(chunk));
    if (this.options.socket.bufferedAmount > this.options.highWaterMark) this.waitForDrain(callback);
    else callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.send(this.lines.end());
    this.options.onEnd();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.stopPolling();
    callback(error);
  }

  private send(lines: readonly string[]): void {
    const { socket, sendLimit, meter } = this.options;
    for (const line of lines) if (!sendMetered(socket, line, sendLimit, meter)) return;
  }

  /** Resumes below half the watermark (so a stream at the edge does not flap); a socket that drains nothing for the stall timeout ends it. */
  private waitForDrain(callback: () => void): void {
    const { socket, highWaterMark, stallTimeoutMs } = this.options;
    let lowest = socket.bufferedAmount;
    let progressAt = Date.now();
    this.poll = setInterval(() => {
      const buffered = socket.bufferedAmount;
      if (socket.readyState !== socket.OPEN || buffered <= highWaterMark / 2) {
        this.stopPolling();
        callback();
      } else if (buffered < lowest) {
        lowest = buffered;
        progressAt = Date.now();
      } else if (Date.now() - progressAt >= stallTimeoutMs) {
        this.stopPolling();
        this.options.onStall();
      }
    }, DRAIN_POLL_MS);
  }

  private stopPolling(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
  }

  private failed(error: unknown): void {
    if (this.sourceFailed) return;
    this.sourceFailed = true;
    this.options.onSourceFailed(error);
  }
}
