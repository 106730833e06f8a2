/**
 * A live container log over `/api/v1/ws/logs` (DESIGN §7): always requested with timestamps so that
 * a reconnect resumes exactly where it stopped, delivered in batches once per frame, with a bounded
 * backlog between batches (a hidden tab does not grow memory without end).
 */
import { Emitter } from './emitter.js';
import { LogResumePoint } from './log-resume.js';
import type { LogQuery } from './protocol.js';
import {
  ReconnectingSocket,
  type ConnectContext,
  type ConnectTarget,
  type ReconnectingSocketOptions,
  type SocketStatus,
} from './reconnecting-socket.js';
import { Batcher, defaultScheduler, type FrameScheduler } from './scheduler.js';
import { sameStatus, socketPhase, type StreamStatus } from './stream-status.js';
import { splitTimestamp } from './timestamps.js';

/** One log line. `text` has the timestamp prefix only when the stream was opened with `timestamps: true`. */
export interface LogLine {
  readonly kind: 'line';
  /** Position in this stream, increasing by one per entry. */
  readonly seq: number;
  readonly text: string;
  /** The RFC3339Nano timestamp Kubernetes gave the line, whether or not `text` shows it. */
  readonly timestamp: string | null;
}

/** Marks where the connection was lost; the lines after it were fetched by the resumed stream. */
export interface LogDisconnect {
  readonly kind: 'disconnect';
  readonly seq: number;
  /** Epoch ms when the connection was lost. */
  readonly at: number;
  readonly code: number;
  readonly reason: string;
}

/** What a log stream delivers. */
export type LogEntry = LogLine | LogDisconnect;

/** Where a log stream stands. */
export type LogStreamState = 'connecting' | 'streaming' | 'reconnecting' | 'ended' | 'error';

/** The state, with the close code and reason of an error and the retry time while reconnecting. */
export type LogStreamStatus = StreamStatus<LogStreamState>;

/** Builds the URL of one connection attempt from the query to send. */
export type LogTargetProvider = (query: LogQuery, context: ConnectContext) => Promise<string | ConnectTarget> | string | ConnectTarget;

/** Options of a {@link LogStream}. */
export interface LogStreamOptions {
  target: LogTargetProvider;
  container?: string;
  /** Lines of history on the first connect; default the gateway's (100). */
  tail?: number;
  /** Show timestamps in `text`; they are always requested and kept in `timestamp`. */
  timestamps?: boolean;
  previous?: boolean;
  follow?: boolean;
  /** Most entries held between two batches; older ones are dropped and counted. Default 100,000. */
  maxPending?: number;
  scheduler?: FrameScheduler;
  /** Settings of the underlying socket. */
  socket?: Omit<ReconnectingSocketOptions, 'target'>;
}

/** A batch handed to listeners. */
export interface LogBatch {
  readonly entries: readonly LogEntry[];
  /** Entries dropped since the previous batch because listeners fell behind. */
  readonly dropped: number;
}

interface LogStreamEvents {
  batch: (batch: LogBatch) => void;
  status: (status: LogStreamStatus) => void;
  protocolError: (error: string) => void;
  disposed: () => void;
}

/** A container log that survives network trouble without losing or repeating a line. */
export class LogStream {
  private readonly events = new Emitter<LogStreamEvents>();
  // `declare`: set once in the constructor, so the build emits no field definition for them (size budget).
  private declare readonly socket: ReconnectingSocket;
  private readonly resume = new LogResumePoint();
  private declare readonly batcher: Batcher;
  private declare readonly maxPending: number;
  private pending: LogEntry[] = [];
  private dropped = 0;
  private seq = 0;
  private openSinceLoss = false;
  private current: LogStreamStatus = { state: 'connecting' };

  constructor(private readonly options: LogStreamOptions) {
    this.maxPending = options.maxPending ?? 100_000;
    this.batcher = new Batcher(options.scheduler ?? defaultScheduler(), () => this.flush());
    this.socket = new ReconnectingSocket({
      ...options.socket,
      target: (context) => options.target(this.query(), context),
    });
    this.socket.on('open', () => {
      this.openSinceLoss = true;
    });
    this.socket.on('message', (data) => this.receive(data));
    this.socket.on('close', (info) => {
      if (info.willReconnect && this.openSinceLoss) {
        // One entry per lost connection: the failed attempts of the same outage add none.
        this.openSinceLoss = false;
        this.push({ kind: 'disconnect', seq: this.seq++, at: Date.now(), code: info.code, reason: info.reason });
        this.resume.beginReplay();
      }
    });
    this.socket.on('status', (status) => this.socketStatus(status));
  }

  /** Receives every batch of entries, at most once per frame. */
  onBatch(listener: (batch: LogBatch) => void): () => void {
    return this.events.on('batch', listener);
  }

  /** Receives status changes. */
  onStatus(listener: (status: LogStreamStatus) => void): () => void {
    return this.events.on('status', listener);
  }

  /** Reports frames that were ignored because they broke the protocol. */
  onProtocolError(listener: (error: string) => void): () => void {
    return this.events.on('protocolError', listener);
  }

  /** Called once when the stream is disposed (by its user or by the client's dispose). */
  onDisposed(listener: () => void): () => void {
    return this.events.on('disposed', listener);
  }

  /** The current status. */
  get status(): LogStreamStatus {
    return this.current;
  }

  /** Opens the stream. */
  start(): void {
    this.socket.start();
  }

  /** Closes the stream and drops what was not delivered; nothing is left running. */
  dispose(): void {
    this.events.emit('disposed');
    this.events.clear();
    this.socket.dispose();
    this.batcher.dispose();
    this.pending = [];
  }

  private query(): LogQuery {
    const { container, previous, follow, tail } = this.options;
    const query: LogQuery = { timestamps: true };
    if (container) query.container = container;
    if (previous !== undefined) query.previous = previous;
    if (follow !== undefined) query.follow = follow;
    const since = this.resume.sinceTime;
    if (since !== null) {
      query.sinceTime = since;
      query.tail = -1;
    } else if (tail !== undefined) {
      query.tail = tail;
    }
    return query;
  }

  private receive(data: string | ArrayBuffer): void {
    if (typeof data !== 'string') {
      this.events.emit('protocolError', `unexpected binary frame of ${data.byteLength} bytes on the log socket`);
      return;
    }
    const split = splitTimestamp(data);
    if (!this.resume.accept(split)) return;
    const text = this.options.timestamps || split.timestamp === null ? data : split.text;
    this.push({ kind: 'line', seq: this.seq++, text, timestamp: split.timestamp });
  }

  private push(entry: LogEntry): void {
    this.pending.push(entry);
    if (this.pending.length >= this.maxPending * 2) this.trim();
    this.batcher.schedule();
  }

  private trim(): void {
    const excess = this.pending.length - this.maxPending;
    if (excess <= 0) return;
    this.pending = this.pending.slice(excess);
    this.dropped += excess;
  }

  private flush(): void {
    this.trim();
    if (this.pending.length === 0 && this.dropped === 0) return;
    const batch: LogBatch = { entries: this.pending, dropped: this.dropped };
    this.pending = [];
    this.dropped = 0;
    this.events.emit('batch', batch);
  }

  private setStatus(status: LogStreamStatus): void {
    if (sameStatus(this.current, status)) return;
    this.current = status;
    this.events.emit('status', status);
  }

  private socketStatus(status: SocketStatus): void {
    const phase = socketPhase(status);
    if (phase.state === 'ended' || phase.state === 'error') this.flushNow();
    this.setStatus(phase.state === 'open' ? { state: 'streaming' } : phase);
  }

  private flushNow(): void {
    this.batcher.dispose();
    this.flush();
  }
}
