/**
 * The recorder's writes to the audit index, in order. A terminal session must not wait for the
 * database, and must not end because a database is briefly away: its file is still being written,
 * so a write the index refused as unavailable is kept and retried, and every later write queues
 * behind it (a session's end never reaches the index before its start).
 */
import { AuditIndexUnavailableError } from './audit-index.js';

/** One write to the index. */
export type IndexWrite = () => Promise<void>;

/** Writes applied one after another, with a backlog for those the index could not take yet. */
export class IndexWrites {
  private tail: Promise<void> = Promise.resolve();
  private readonly backlog: IndexWrite[] = [];

  /** `onError` hears a write that failed for good (not for unavailability) and is dropped. */
  constructor(private readonly onError: (error: unknown) => void) {}

  /** How many writes wait for the index to come back. */
  get pending(): number {
    return this.backlog.length;
  }

  /** Queues `write` after every earlier one. */
  add(write: IndexWrite): void {
    this.chain(async () => {
      if (this.backlog.length > 0) this.backlog.push(write);
      else await this.attempt(write);
    });
  }

  /** Tries the backlog again, in order, up to the first write the index still refuses. */
  retry(): Promise<void> {
    return this.chain(async () => {
      while (this.backlog.length > 0) {
        const write = this.backlog[0] as IndexWrite;
        try {
          await write();
        } catch (error) {
          if (error instanceof AuditIndexUnavailableError) return;
          this.onError(error);
        }
        this.backlog.shift();
      }
    });
  }

  /** Resolves when every write queued so far was applied or put in the backlog. */
  settled(): Promise<void> {
    return this.tail;
  }

  private async attempt(write: IndexWrite): Promise<void> {
    try {
      await write();
    } catch (error) {
      if (error instanceof AuditIndexUnavailableError) this.backlog.push(write);
      else this.onError(error);
    }
  }

  private chain(step: () => Promise<void>): Promise<void> {
    // Steps never reject (errors are handled inside), so one failure cannot stall the queue.
    this.tail = this.tail.then(step);
    return this.tail;
  }
}
