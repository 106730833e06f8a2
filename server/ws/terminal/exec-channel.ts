/**
 * One `pods/exec` connection with a tty, opened through client-node's `Exec` (the call kubectl
 * makes): stdin in, output out, resizes on channel 4 through client-node's TerminalSizeQueue, the
 * final Status, and flow control by pausing the connection to the cluster.
 */
import { PassThrough, Writable } from 'node:stream';
import { Exec, type KubeConfig, type V1Status } from '@kubernetes/client-node';
import type WebSocket from 'ws';

/** A terminal size in character cells. */
export interface TerminalSize {
  cols: number;
  rows: number;
}

/** Where the command runs. */
export interface ExecTarget {
  namespace: string;
  pod: string;
  container: string;
}

/** What an exec connection reports. */
export interface ExecEvents {
  /** Terminal output (stdout; stderr too where a cluster sends it despite the tty). */
  output(data: Buffer): void;
  /** The final Status on channel 3: the command ended, or it could not run. */
  status(status: V1Status): void;
  /** The connection ended without a Status (network loss, apiserver restart). */
  lost(): void;
}

/**
 * client-node treats an output stream with `columns`, `rows` and a 'resize' event as a terminal:
 * it sends the size on channel 4 right after connecting and again on every 'resize'.
 */
class TtyOutput extends Writable {
  columns: number;
  rows: number;

  constructor(size: TerminalSize, private readonly onData: (data: Buffer) => void) {
    super();
    this.columns = size.cols;
    this.rows = size.rows;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.onData(chunk);
    done();
  }
}

/** An open exec connection. */
export class ExecChannel {
  private ended = false;

  private constructor(
    private readonly socket: WebSocket,
    private readonly stdin: PassThrough,
    private readonly stdout: TtyOutput,
  ) {}

  /** Opens the exec; rejects when the cluster refuses the upgrade. */
  static async open(kubeConfig: KubeConfig, target: ExecTarget, command: string[], size: TerminalSize, events: ExecEvents): Promise<ExecChannel> {
    const stdin = new PassThrough();
    const stdout = new TtyOutput(size, (data) => events.output(data));
    const stderr = new Writable({
      write(chunk: Buffer, _encoding, done) {
        events.output(chunk);
        done();
      },
    });
    let statusSeen = false;
    // client-node ends the output streams when the Status arrives; a late write must not throw.
    for (const stream of [stdout, stderr]) stream.on('error', () => undefined);
    const socket = await new Exec(kubeConfig).exec(target.namespace, target.pod, target.container, command, stdout, stderr, stdin, true, (status) => {
      statusSeen = true;
      events.status(status);
    });
    const channel = new ExecChannel(socket, stdin, stdout);
    socket.on('close', () => {
      if (!statusSeen && !channel.ended) events.lost();
      channel.ended = true;
    });
    return channel;
  }

  /** Sends stdin bytes. */
  write(data: Buffer): void {
    if (!this.ended) this.stdin.write(data);
  }

  /** Resizes the remote terminal. */
  resize(size: TerminalSize): void {
    if (this.ended || (size.cols === this.stdout.columns && size.rows === this.stdout.rows)) return;
    this.stdout.columns = size.cols;
    this.stdout.rows = size.rows;
    this.stdout.emit('resize');
  }

  /** Stops reading from the cluster (its socket backs up until resumed) or starts again. */
  setPaused(paused: boolean): void {
    if (this.ended) return;
    if (paused) this.socket.pause();
    else this.socket.resume();
  }

  /** Ends the exec: the cluster hangs up the process. */
  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.stdin.destroy();
    // A paused socket would never read the cluster's close frame and hang for ws's close timeout.
    this.socket.resume();
    this.socket.close();
  }
}
