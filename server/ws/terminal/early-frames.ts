/**
 * Frames that arrive while a terminal is still being set up (admission, pod lookup). ws emits them
 * whether anyone listens or not, and clients send their size right after the upgrade, so they are
 * kept until the session takes over.
 */
import type { RawData, WebSocket } from 'ws';
import { CloseCode } from '../../../src/core/protocol.js';
import { closeSocket } from '../socket-util.js';

/** A frame as ws delivered it. */
export type FrameHandler = (data: RawData, isBinary: boolean) => void;

/** Most bytes kept before the session starts; a client sending more is misbehaving. */
const MAX_EARLY_BYTES = 1 << 20;

function byteLength(data: RawData): number {
  return Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
}

/** Holds a socket's frames until {@link EarlyFrames.handOver}. */
export class EarlyFrames {
  private frames: [RawData, boolean][] = [];
  private bytes = 0;
  private readonly listener: FrameHandler = (data, isBinary) => {
    this.bytes += byteLength(data);
    if (this.bytes > MAX_EARLY_BYTES) {
      this.release();
      closeSocket(this.socket, CloseCode.BadRequest, 'too much input before the session started');
      return;
    }
    this.frames.push([data, isBinary]);
  };

  constructor(private readonly socket: WebSocket) {
    socket.on('message', this.listener);
  }

  /** Replays the held frames to `handler` and attaches it for every later frame, in order. */
  handOver(handler: FrameHandler): void {
    const frames = this.frames;
    this.release();
    this.socket.on('message', handler);
    for (const [data, isBinary] of frames) handler(data, isBinary);
  }

  /** Stops holding frames (the session never started). */
  release(): void {
    this.socket.off('message', this.listener);
    this.frames = [];
  }
}
