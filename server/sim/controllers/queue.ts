/**
 * A coalescing work queue drained with setImmediate. Store listeners only enqueue: a reconcile
 * writes to the store, and a write made inside a listener would re-enter the store's emit loop.
 */

/** Keys waiting for their work; a key queued twice before it runs runs once. */
export class WorkQueue {
  private readonly pending = new Map<string, () => void>();
  private immediate: NodeJS.Immediate | undefined;
  private stopped = false;

  /** Queues `work` under `key` unless that key is already waiting. */
  add(key: string, work: () => void): void {
    if (this.stopped) return;
    if (!this.pending.has(key)) this.pending.set(key, work);
    this.immediate ??= setImmediate(() => this.drain());
  }

  /** Drops the waiting work and the scheduled drain. */
  stop(): void {
    this.stopped = true;
    this.pending.clear();
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = undefined;
  }

  private drain(): void {
    this.immediate = undefined;
    // A snapshot: keys re-queued by this batch's own writes run in the next turn, after other I/O.
    const batch = [...this.pending.values()];
    this.pending.clear();
    for (const work of batch) {
      if (this.stopped) return;
      work();
    }
  }
}
