/**
 * One `pods/exec` connection with a tty, opened through client-node's `Exec` (the call kubectl
 * makes): stdin in, output out, resizes on channel 4 through client-node's TerminalSizeQueue, the
 * final Status, and flow control by pausing the connection to the cluster.
 */
import { PassThrough, Writable } from 'node:stream';
import { Exec, type KubeConfig, type V1Status } from '@kubernetes/client-node';
// Not re-exported by the package index, but its socket factory is the only handle on a pending upgrade.
import { WebSocketHandler } from '@kubernetes/client-node/dist/web-socket-handler.js';
import WebSocket from 'ws';

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

/**
 * A WebSocket handler whose upgrade request is abandoned when `signal` aborts: the socket is
 * terminated, so the request to the cluster ends and client-node's connect rejects.
 */
function abortableHandler(kubeConfig: KubeConfig, signal: AbortSignal): WebSocketHandler {
  return new WebSocketHandler(kubeConfig, (uri, protocols, opts) => {
    const socket = new WebSocket(uri, protocols, opts);
    const abandon = (): void => socket.terminate();
    if (signal.aborted) abandon();
    else {
      signal.addEventListener('abort', abandon, { once: true });
      // Once open, the channel owns the socket: a later abort must not cut a running session.
      socket.once('open', () => signal.removeEventListener('abort', abandon));
    }
    return socket;
  });
}

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts. */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** An open exec connection. */
export class ExecChannel {
  private ended = false;

  private constructor(
    private readonly socket: WebSocket,
    private readonly stdin: PassThrough,
    private readonly stdout: TtyOutput,
  ) {}

  /**
   * Opens the exec; rejects when the cluster refuses the upgrade, or with `signal.reason` when
   * `signal` aborts first (the pending upgrade request is then abandoned).
   */
  static async open(kubeConfig: KubeConfig, target: ExecTarget, command: string[], size: TerminalSize, events: ExecEvents, signal: AbortSignal): Promise<ExecChannel> {
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
    const opening = new Exec(kubeConfig, abortableHandler(kubeConfig, signal)).exec(target.namespace, target.pod, target.container, command, stdout, stderr, stdin, true, (status) => {
      statusSeen = true;
      events.status(status);
    });
    const socket = await unlessAborted(opening, signal);
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
