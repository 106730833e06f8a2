/**
 * All watch subscriptions of a page over one socket (DESIGN §5): reference counted with a short
 * linger, resubscribed after every reconnect, one event routed to every matching subscription,
 * listeners notified once per frame with immutable snapshots.
 */
import { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from './backoff.js';
import { Emitter, callSafely } from './emitter.js';
import {
  parseWatchServerMessage,
  validateWatchKey,
  watchKeyId,
  type KubeObject,
  type WatchClientMessage,
  type WatchKey,
  type WatchServerMessage,
} from './protocol.js';
import type { ReconnectingSocket, SocketStatus } from './reconnecting-socket.js';
import { Batcher, defaultScheduler, type FrameScheduler } from './scheduler.js';
import { socketPhase } from './stream-status.js';
import { WatchSubscription, type WatchSnapshot } from './watch-subscription.js';

/** A server frame that could not be understood; it was ignored. */
export interface ProtocolErrorInfo {
  readonly error: string;
  /** The start of the offending frame, for diagnostics. */
  readonly excerpt: string;
}

/** Options of a {@link WatchClient}. */
export interface WatchClientOptions {
  /** Delay before the real unsubscribe once the last listener left; default 100 ms. */
  lingerMs?: number;
  /** How long to wait for SYNCED before treating a subscription as live anyway; default 10 s. */
  syncTimeoutMs?: number;
  /** Batch boundary for notifications; default requestAnimationFrame in a browser, a timer elsewhere. */
  scheduler?: FrameScheduler;
  /** Schedule of the resubscribes after a transient ERROR (5xx); default the reconnect schedule of DESIGN §4. */
  retryBackoff?: Partial<BackoffOptions>;
}

/** ERROR codes of a subscribe that may succeed later (internal error, cluster unreachable, shutting down). */
function transient(code: number): boolean {
  return code >= 500;
}

interface Entry {
  readonly sub: WatchSubscription;
  readonly listeners: Set<(snapshot: WatchSnapshot) => void>;
  readonly fresh: Set<(snapshot: WatchSnapshot) => void>;
  refs: number;
  linger: ReturnType<typeof setTimeout> | null;
  syncTimer: ReturnType<typeof setTimeout> | null;
  retryTimer: ReturnType<typeof setTimeout> | null;
  /** Transient failures since the last SYNCED. */
  failures: number;
}

interface WatchClientEvents {
  protocolError: (info: ProtocolErrorInfo) => void;
}

/** Multiplexes every watch subscription over one {@link ReconnectingSocket}. */
export class WatchClient {
  private readonly entries = new Map<string, Entry>();
  private readonly events = new Emitter<WatchClientEvents>();
  // `declare`: set once in the constructor, so the build emits no field definition for them (size budget).
  private declare readonly batcher: Batcher;
  private declare readonly lingerMs: number;
  private declare readonly syncTimeoutMs: number;
  private declare readonly retryBackoff: BackoffOptions;
  private declare readonly unbind: (() => void)[];
  private disposed = false;

  constructor(
    private readonly socket: ReconnectingSocket,
    options: WatchClientOptions = {},
  ) {
    this.lingerMs = options.lingerMs ?? 100;
    this.syncTimeoutMs = options.syncTimeoutMs ?? 10_000;
    this.retryBackoff = { ...DEFAULT_BACKOFF, ...options.retryBackoff };
    this.batcher = new Batcher(options.scheduler ?? defaultScheduler(), () => this.flush());
    this.unbind = [
      socket.on('open', () => this.resubscribeAll()),
      socket.on('message', (data) => this.receive(data)),
      socket.on('status', (status) => this.socketStatus(status)),
    ];
  }

  /** Reports frames that were ignored because they broke the protocol. */
  onProtocolError(listener: (info: ProtocolErrorInfo) => void): () => void {
    return this.events.on('protocolError', listener);
  }

  /**
   * Subscribes `listener` to `key`; it is called once per frame with a new snapshot when anything
   * changed. Returns the function that ends this listener's interest. Invalid keys throw a TypeError.
   */
  watch<T extends KubeObject = KubeObject>(key: WatchKey, listener: (snapshot: WatchSnapshot<T>) => void): () => void {
    if (this.disposed) throw new Error('WatchClient was disposed');
    const valid = validateWatchKey({ ...key });
    if (!valid.ok) throw new TypeError(`invalid watch key: ${valid.error}`);
    const id = watchKeyId(valid.value);
    const entry = this.acquire(id, valid.value);
    const typed = listener as (snapshot: WatchSnapshot) => void;
    entry.listeners.add(typed);
    entry.fresh.add(typed);
    this.batcher.schedule();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      entry.listeners.delete(typed);
      entry.fresh.delete(typed);
      this.release(id, entry);
    };
  }

  /** The latest snapshot of `key`, or undefined when nobody watches it. */
  getSnapshot<T extends KubeObject = KubeObject>(key: WatchKey): WatchSnapshot<T> | undefined {
    const valid = validateWatchKey({ ...key });
    if (!valid.ok) return undefined;
    return this.entries.get(watchKeyId(valid.value))?.sub.getSnapshot() as WatchSnapshot<T> | undefined;
  }

  /** Number of subscriptions the server currently knows of (lingering ones included). */
  get subscriptionCount(): number {
    return this.entries.size;
  }

  /** Ends every subscription and stops notifying; the socket is left to its owner. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const entry of this.entries.values()) this.clearTimers(entry);
    this.entries.clear();
    this.batcher.dispose();
    for (const off of this.unbind) off();
    this.events.clear();
    this.socket.stop();
  }

  private acquire(id: string, key: WatchKey): Entry {
    let entry = this.entries.get(id);
    if (entry) {
      if (entry.linger !== null) clearTimeout(entry.linger);
      entry.linger = null;
      entry.refs++;
      return entry;
    }
    entry = { sub: new WatchSubscription(key), listeners: new Set(), fresh: new Set(), refs: 1, linger: null, syncTimer: null, retryTimer: null, failures: 0 };
    this.entries.set(id, entry);
    if (this.socket.status.state === 'open') this.subscribe(entry);
    else {
      this.socket.start();
      this.applySocketStatus(entry, this.socket.status);
    }
    return entry;
  }

  private release(id: string, entry: Entry): void {
    entry.refs--;
    if (entry.refs > 0 || this.disposed) return;
    entry.linger = setTimeout(() => {
      entry.linger = null;
      if (entry.refs > 0 || this.entries.get(id) !== entry) return;
      this.clearTimers(entry);
      this.entries.delete(id);
      this.send({ action: 'unsubscribe', ...entry.sub.key });
      if (this.entries.size === 0) this.socket.stop();
    }, this.lingerMs);
  }

  private clearTimers(entry: Entry): void {
    if (entry.linger !== null) clearTimeout(entry.linger);
    if (entry.syncTimer !== null) clearTimeout(entry.syncTimer);
    this.clearRetry(entry);
    entry.linger = null;
    entry.syncTimer = null;
  }

  private clearRetry(entry: Entry): void {
    if (entry.retryTimer !== null) clearTimeout(entry.retryTimer);
    entry.retryTimer = null;
  }

  /**
   * A subscribe the gateway could not serve for now (its cluster unreachable, say): the gateway has
   * forgotten it, so nothing would ever bring it back on this connection but a new subscribe.
   */
  private retryLater(entry: Entry, code: number, reason: string): void {
    this.clearRetry(entry);
    const delay = backoffDelay(entry.failures++, this.retryBackoff);
    entry.sub.setStatus({ state: 'error', code, reason, retryAt: Date.now() + delay });
    entry.retryTimer = setTimeout(() => {
      entry.retryTimer = null;
      if (this.socket.status.state === 'open' && this.entries.has(watchKeyId(entry.sub.key))) this.subscribe(entry);
    }, delay);
  }

  private send(message: WatchClientMessage): void {
    this.socket.send(JSON.stringify(message), { queue: false });
  }

  private subscribe(entry: Entry): void {
    this.clearRetry(entry);
    entry.sub.beginSync();
    this.send({ action: 'subscribe', ...entry.sub.key });
    if (entry.syncTimer !== null) clearTimeout(entry.syncTimer);
    entry.syncTimer = setTimeout(() => {
      entry.syncTimer = null;
      entry.sub.assumeLive();
      this.batcher.schedule();
    }, this.syncTimeoutMs);
    this.batcher.schedule();
  }

  private resubscribeAll(): void {
    for (const entry of this.entries.values()) this.subscribe(entry);
  }

  private socketStatus(status: SocketStatus): void {
    if (status.state === 'open' || status.state === 'idle') return;
    for (const entry of this.entries.values()) this.applySocketStatus(entry, status);
    this.batcher.schedule();
  }

  private applySocketStatus(entry: Entry, status: SocketStatus): void {
    if (entry.syncTimer !== null) clearTimeout(entry.syncTimer);
    entry.syncTimer = null;
    // The resubscribe after the reconnect replaces any pending retry.
    this.clearRetry(entry);
    const phase = socketPhase(status);
    if (phase.state === 'open') return;
    entry.sub.setStatus(phase.state === 'ended' ? { state: 'error', code: phase.code, reason: 'the gateway ended the watch connection' } : phase);
  }

  private reportProtocolError(error: string, data: string | ArrayBuffer): void {
    const excerpt = typeof data === 'string' ? data.slice(0, 200) : `<binary frame of ${data.byteLength} bytes>`;
    this.events.emit('protocolError', { error, excerpt });
  }

  private receive(data: string | ArrayBuffer): void {
    if (typeof data !== 'string') {
      this.reportProtocolError('unexpected binary frame on the watch socket', data);
      return;
    }
    const parsed = parseWatchServerMessage(data);
    if (!parsed.ok) {
      this.reportProtocolError(parsed.error, data);
      return;
    }
    if (this.route(parsed.value)) this.batcher.schedule();
  }

  private route(message: WatchServerMessage): boolean {
    if (message.type === 'SYNCED' || message.type === 'ERROR') {
      const entry =
        message.cluster !== undefined && message.namespace !== undefined && message.resource !== undefined
          ? this.entries.get(
              watchKeyId({ cluster: message.cluster, namespace: message.namespace, resource: message.resource, labelSelector: message.labelSelector }),
            )
          : undefined;
      if (!entry) {
        if (message.type === 'ERROR') this.events.emit('protocolError', { error: `server error ${message.code}: ${message.message}`, excerpt: '' });
        return false;
      }
      if (entry.syncTimer !== null) clearTimeout(entry.syncTimer);
      entry.syncTimer = null;
      if (message.type === 'SYNCED') {
        entry.failures = 0;
        entry.sub.completeSync();
      } else if (transient(message.code)) this.retryLater(entry, message.code, message.message);
      else entry.sub.setStatus({ state: 'error', code: message.code, reason: message.message });
      return true;
    }
    let routed = false;
    for (const entry of this.entries.values()) {
      if (entry.sub.covers(message.cluster, message.resource, message.object)) {
        entry.sub.apply(message.type, message.resource, message.object);
        routed = true;
      }
    }
    return routed;
  }

  private flush(): void {
    for (const entry of this.entries.values()) {
      // A changed subscription tells every listener; an unchanged one only those that have not had it yet.
      const dirty = entry.sub.dirty;
      if (!dirty && entry.fresh.size === 0) continue;
      const snapshot = entry.sub.getSnapshot();
      const targets = [...(dirty ? entry.listeners : entry.fresh)];
      entry.fresh.clear();
      for (const listener of targets) callSafely(listener, snapshot);
    }
  }
}
