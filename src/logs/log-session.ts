/**
 * A log stream feeding a bounded line store: the external store behind `useLogStream`. Framework-free,
 * so a view in any framework can subscribe to it the same way.
 */
import { CloseCode, type KubeVisionClient, type LogStreamStatus, type OpenLogsOptions } from '../core/index.js';
import { LogLineStore } from './line-store.js';

const CONNECTING: LogStreamStatus = Object.freeze({ state: 'connecting' });

/** One stream identity's lines, status and drop count; notifies at most once per delivered batch. */
export class LogSession {
  /** The lines, mutated in place. */
  readonly lines: LogLineStore;
  private backlogDropped = 0;
  private changes = 0;
  private current: LogStreamStatus = CONNECTING;
  private readonly listeners = new Set<() => void>();

  constructor(maxLines?: number) {
    this.lines = new LogLineStore(maxLines === undefined ? {} : { maxLines });
  }

  /** The stream's status. */
  get status(): LogStreamStatus {
    return this.current;
  }

  /** Lines dropped by the store's cap plus those the stream dropped before delivering them. */
  get dropped(): number {
    return this.lines.droppedTotal + this.backlogDropped;
  }

  /** Registers a change listener; returns its removal. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Increases with every change of lines or status; a `useSyncExternalStore` snapshot. */
  readonly getVersion = (): number => this.changes;

  /** Opens the stream into this session; the returned function closes it. */
  connect(client: KubeVisionClient, options: OpenLogsOptions): () => void {
    let stream;
    try {
      stream = client.openLogs({ ...options, maxPending: this.lines.capacity });
    } catch (error) {
      // Invalid names are refused before any connection: the stream's error, not a crash of the page.
      this.setStatus({ state: 'error', code: CloseCode.BadRequest, reason: error instanceof Error ? error.message : String(error) });
      return () => undefined;
    }
    this.setStatus(stream.status);
    const offBatch = stream.onBatch((batch) => {
      this.backlogDropped += batch.dropped;
      this.lines.append(batch.entries);
      this.changed();
    });
    const offStatus = stream.onStatus((status) => this.setStatus(status));
    return () => {
      offBatch();
      offStatus();
      stream.dispose();
    };
  }

  /** Empties the store and the drop count; a running stream keeps appending. */
  clear(): void {
    this.lines.clear();
    this.backlogDropped = 0;
    this.changed();
  }

  private setStatus(status: LogStreamStatus): void {
    this.current = status;
    this.changed();
  }

  private changed(): void {
    this.changes++;
    for (const listener of this.listeners) listener();
  }
}
