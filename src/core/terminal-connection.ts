/**
 * An interactive shell over `/api/v1/ws/terminal` (DESIGN §6): binary stdin and output, resize and
 * flow-control frames, exit and error status. After a network loss it reconnects into a new shell and
 * says so (`session` event), never pretending the old shell survived; a normal exit does not reconnect.
 */
import { Emitter } from './emitter.js';
import { parseTerminalStatus, type TerminalControl, type TerminalQuery } from './protocol.js';
import {
  ReconnectingSocket,
  type ConnectContext,
  type ConnectTarget,
  type ReconnectingSocketOptions,
  type SocketStatus,
} from './reconnecting-socket.js';
import { socketPhase, type StreamStatus } from './stream-status.js';

/** Where a terminal stands. */
export type TerminalState = 'connecting' | 'open' | 'reconnecting' | 'exited' | 'error';

/** The state, with the exit code once exited, the error once failed and the retry time while reconnecting. */
export interface TerminalConnectionStatus extends StreamStatus<TerminalState> {
  /** Exit code of the process; null when the session ended without one. */
  readonly exitCode?: number | null;
}

/** Builds the URL of one connection attempt from the query to send. */
export type TerminalTargetProvider = (query: TerminalQuery, context: ConnectContext) => Promise<string | ConnectTarget> | string | ConnectTarget;

/** Flow-control watermarks in bytes of output not yet acknowledged with `ack`. */
export interface FlowControl {
  high: number;
  low: number;
}

/** Options of a {@link TerminalConnection}. */
export interface TerminalConnectionOptions {
  target: TerminalTargetProvider;
  container?: string;
  command?: string[];
  cols: number;
  rows: number;
  /** Watermarks (default 128 KiB / 16 KiB); `false` when the consumer never calls `ack`. */
  flowControl?: FlowControl | false;
  socket?: Omit<ReconnectingSocketOptions, 'target'>;
}

/** A new shell session began; `index` 0 is the first, higher ones follow a lost connection. */
export interface TerminalSessionInfo {
  readonly index: number;
}

interface TerminalEvents {
  output: (data: Uint8Array) => void;
  status: (status: TerminalConnectionStatus) => void;
  session: (info: TerminalSessionInfo) => void;
  /** An `error` status frame from the gateway. */
  error: (message: string) => void;
  protocolError: (error: string) => void;
  /** The connection was disposed (by its user or by the client's dispose). */
  disposed: () => void;
}

/** Default flow-control watermarks. */
export const DEFAULT_FLOW_CONTROL: Readonly<FlowControl> = Object.freeze({ high: 128 * 1024, low: 16 * 1024 });

const encoder = new TextEncoder();

/** A pod shell that reconnects into a fresh session and applies back-pressure to its output. */
export class TerminalConnection {
  private readonly events = new Emitter<TerminalEvents>();
  // `declare`: set once in the constructor, so the build emits no field definition for them (size budget).
  private declare readonly socket: ReconnectingSocket;
  private declare readonly flow: FlowControl | false;
  private declare cols: number;
  private declare rows: number;
  private sessions = 0;
  private unacked = 0;
  private paused = false;
  private exitCode: number | null = null;
  private current: TerminalConnectionStatus = { state: 'connecting' };

  constructor(private readonly options: TerminalConnectionOptions) {
    this.cols = options.cols;
    this.rows = options.rows;
    this.flow = options.flowControl === undefined ? DEFAULT_FLOW_CONTROL : options.flowControl;
    this.socket = new ReconnectingSocket({ ...options.socket, target: (context) => options.target(this.query(), context) });
    this.socket.on('open', () => this.opened());
    this.socket.on('message', (data) => this.receive(data));
    this.socket.on('status', (status) => this.socketStatus(status));
  }

  /** Adds a listener; returns its remover. */
  on<K extends keyof TerminalEvents>(type: K, listener: TerminalEvents[K]): () => void {
    return this.events.on(type, listener);
  }

  /** Called once when the connection is disposed. */
  onDisposed(listener: () => void): () => void {
    return this.events.on('disposed', listener);
  }

  /** The current status. */
  get status(): TerminalConnectionStatus {
    return this.current;
  }

  /** Opens the first session. */
  start(): void {
    this.socket.start();
  }

  /** Sends keystrokes or pasted text as stdin; false when no session is open (input is never queued for a later shell). */
  write(data: string | Uint8Array): boolean {
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    return this.socket.send(bytes, { queue: false });
  }

  /** Resizes the terminal; sent now when open and again at the start of every new session. */
  resize(cols: number, rows: number): void {
    if (cols === this.cols && rows === this.rows) return;
    this.cols = cols;
    this.rows = rows;
    this.control({ type: 'resize', cols, rows });
  }

  /** The consumer has rendered `bytes` of output; resumes the stream below the low watermark. */
  ack(bytes: number): void {
    this.unacked = Math.max(0, this.unacked - bytes);
    if (this.flow && this.paused && this.unacked <= this.flow.low) {
      this.paused = false;
      this.control({ type: 'resume' });
    }
  }

  /** Ends the session (the gateway closes the shell) and releases everything. */
  dispose(): void {
    this.events.emit('disposed');
    this.events.clear();
    this.socket.dispose();
  }

  private control(message: TerminalControl): void {
    this.socket.send(JSON.stringify(message), { queue: false });
  }

  private query(): TerminalQuery {
    const query: TerminalQuery = { cols: this.cols, rows: this.rows };
    if (this.options.container) query.container = this.options.container;
    if (this.options.command?.length) query.command = this.options.command;
    return query;
  }

  private opened(): void {
    this.unacked = 0;
    this.paused = false;
    this.exitCode = null;
    this.control({ type: 'resize', cols: this.cols, rows: this.rows });
    this.events.emit('session', { index: this.sessions++ });
  }

  private receive(data: string | ArrayBuffer): void {
    if (typeof data !== 'string') {
      const bytes = new Uint8Array(data);
      this.unacked += bytes.byteLength;
      if (this.flow && !this.paused && this.unacked >= this.flow.high) {
        this.paused = true;
        this.control({ type: 'pause' });
      }
      this.events.emit('output', bytes);
      return;
    }
    const parsed = parseTerminalStatus(data);
    if (!parsed.ok) {
      this.events.emit('protocolError', parsed.error);
      return;
    }
    if (parsed.value.type === 'exit') this.exitCode = parsed.value.code;
    else this.events.emit('error', parsed.value.message);
  }

  private setStatus(status: TerminalConnectionStatus): void {
    this.current = status;
    this.events.emit('status', status);
  }

  private socketStatus(status: SocketStatus): void {
    const phase = socketPhase(status);
    if (phase.state === 'connecting' && this.current.state === 'connecting') return;
    this.setStatus(phase.state === 'ended' ? { state: 'exited', exitCode: this.exitCode } : phase);
  }
}
