/**
 * Whether output is read from the cluster: not while the client asked for a pause (its terminal is
 * behind), nor while the client's socket has a backlog (its network is behind). Holding the
 * cluster's stream instead of buffering keeps the gateway's memory flat and spares a fast command
 * (`cat` of a big file) the slow-consumer close.
 */
import type { WebSocket } from 'ws';

/** How often a backlogged socket is checked for having drained. */
const DRAIN_POLL_MS = 20;

/** The flow gate of one terminal session. */
export class OutputFlow {
  private clientPaused = false;
  private backlogged = false;
  private applied = false;
  private poll: NodeJS.Timeout | undefined;
  private readonly high: number;
  private readonly low: number;

  /** `sendBufferBytes` is the 4408 limit; the gate closes well below it. */
  constructor(
    private readonly socket: WebSocket,
    sendBufferBytes: number,
    private readonly apply: (paused: boolean) => void,
  ) {
    this.high = Math.min(1 << 20, Math.floor(sendBufferBytes / 4));
    this.low = Math.floor(this.high / 4);
  }

  /** A pause or resume frame from the client. */
  setClientPaused(paused: boolean): void {
    this.clientPaused = paused;
    this.update();
  }

  /** Call after each send: closes the gate while the socket's buffer is above the high watermark. */
  sent(): void {
    if (this.backlogged || this.socket.bufferedAmount <= this.high) return;
    this.backlogged = true;
    this.update();
    // ws has no public drain event; a short poll while backlogged costs nothing otherwise.
    this.poll = setInterval(() => {
      if (this.socket.bufferedAmount > this.low && this.socket.readyState === this.socket.OPEN) return;
      this.stopPolling();
      this.backlogged = false;
      this.update();
    }, DRAIN_POLL_MS);
  }

  /** Releases the timer. */
  stop(): void {
    this.stopPolling();
  }

  private stopPolling(): void {
    clearInterval(this.poll);
    this.poll = undefined;
  }

  private update(): void {
    const paused = this.clientPaused || this.backlogged;
    if (paused === this.applied) return;
    this.applied = paused;
    this.apply(paused);
  }
}
