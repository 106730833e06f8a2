/**
 * A WebSocket that reconnects as DESIGN §3-§4 say: backoff with jitter, a fresh URL (token or ticket)
 * before every attempt, the close-code policy, a connect timeout, online/offline and visibility
 * awareness, an optional liveness check, and a bounded queue for what is sent while it is down.
 */
import { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from './backoff.js';
import { Emitter } from './emitter.js';
import { browserPageSignals, type PageSignals } from './environment.js';
import { CloseCode, closeReaction, isHeartbeat, type CloseReaction } from './protocol.js';

/** Lifecycle of a {@link ReconnectingSocket}. `closed` is final until `start()` is called again. */
export type SocketState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Where to connect: a URL and optional subprotocols. */
export interface ConnectTarget {
  url: string;
  protocols?: string[];
}

/** What the target provider is told about the attempt it serves. */
export interface ConnectContext {
  /** Retries since the last stable connection (0 for a first connect). */
  attempt: number;
  /** True after a 4401: the provider must not reuse a cached token. */
  forceRefresh: boolean;
  /** Aborted when the socket is stopped while the provider is still working. */
  signal: AbortSignal;
}

/** Produces the URL (with a fresh token or ticket) before each attempt. */
export type ConnectTargetProvider = (context: ConnectContext) => Promise<string | ConnectTarget> | string | ConnectTarget;

/** Thrown by a target provider when the credentials were refused; handled like a 4401 close. */
export class AuthError extends Error {
  override readonly name = 'AuthError';
}

/** The minimal WebSocket surface used here; the browser's, undici's and the `ws` package's all fit. */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  readonly bufferedAmount: number;
  readonly protocol: string;
  send(data: string | ArrayBufferLike | ArrayBufferView): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/** A socket that also reports the server's pings, as the `ws` package's does (browsers' do not). */
interface PingReporter {
  on(event: 'ping', listener: () => void): unknown;
}

function reportsPings(socket: WebSocketLike): socket is WebSocketLike & PingReporter {
  return typeof (socket as Partial<PingReporter>).on === 'function';
}

/** A constructor of {@link WebSocketLike} sockets. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** Everything a status display needs. */
export interface SocketStatus {
  readonly state: SocketState;
  /** Retries since the last stable connection. */
  readonly attempt: number;
  /** When waiting to reconnect: epoch ms of the next attempt. */
  readonly retryAt: number | null;
  /** True while the browser reports no network; no attempt is made until it returns. */
  readonly offline: boolean;
  /** Code and reason of the last close, if any. */
  readonly closeCode: number | null;
  readonly closeReason: string | null;
  /** Why the socket stopped for good (state `closed`), if it did not end normally. */
  readonly error: string | null;
}

/** Details of one close of the underlying socket. */
export interface SocketCloseInfo {
  code: number;
  reason: string;
  reaction: CloseReaction;
  willReconnect: boolean;
}

/** Events of a {@link ReconnectingSocket}. */
export interface ReconnectingSocketEvents {
  status: (status: SocketStatus) => void;
  open: (protocol: string) => void;
  message: (data: string | ArrayBuffer) => void;
  close: (info: SocketCloseInfo) => void;
  /** Messages queued while down were dropped because the queue was full. */
  drop: (info: { messages: number; bytes: number }) => void;
}

/** Options of a {@link ReconnectingSocket}. */
export interface ReconnectingSocketOptions {
  target: ConnectTargetProvider;
  backoff?: Partial<BackoffOptions>;
  /**
   * An attempt that has not opened after this long is abandoned, the target provider's work (a
   * ticket fetch) included; default 10 s.
   */
  connectTimeoutMs?: number;
  /**
   * An open socket that hears nothing for this long (no message, no heartbeat, and no ping where
   * the implementation reports pings, as `ws` does) is taken for lost and reconnected, as after a
   * network loss. A black-holed connection otherwise stays "open" for ever: the peer's close never
   * arrives. The check starts once the socket has heard a ping or a heartbeat (an empty binary
   * frame, see `HEARTBEAT_PARAM`), so a quiet socket to a peer that sends neither is never cut.
   * Off by default here; the client turns it on with heartbeats.
   */
  livenessTimeoutMs?: number;
  /** Queue bounds for messages sent while not open; defaults 1,000 messages and 1 MiB. */
  maxQueuedMessages?: number;
  maxQueuedBytes?: number;
  /** The WebSocket implementation; default the global one. */
  WebSocket?: WebSocketConstructor;
  /** Page signals; default the browser's, `null` to ignore them. */
  page?: PageSignals | null;
  /** Source of randomness for jitter, [0, 1). */
  random?: () => number;
}

/** Options of {@link ReconnectingSocket.send}. */
export interface SendOptions {
  /** Queue the message while the socket is down (default true); false drops it instead. */
  queue?: boolean;
}

const OPEN = 1;

function sizeOf(data: string | ArrayBufferLike | ArrayBufferView): number {
  return typeof data === 'string' ? data.length : data.byteLength;
}

function messageData(data: unknown): string | ArrayBuffer | null {
  if (typeof data === 'string' || data instanceof ArrayBuffer) return data;
  if (ArrayBuffer.isView(data)) {
    return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  }
  return null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A WebSocket that stays connected through network trouble; see the module comment. */
export class ReconnectingSocket {
  private readonly events = new Emitter<ReconnectingSocketEvents>();
  // `declare`: set once in the constructor, so the build emits no field definition for them (size budget).
  private declare readonly backoff: BackoffOptions;
  private declare readonly connectTimeoutMs: number;
  private declare readonly maxQueuedMessages: number;
  private declare readonly maxQueuedBytes: number;
  private declare readonly WebSocketImpl: WebSocketConstructor;
  private declare readonly page: PageSignals | null;
  private declare readonly random: () => number;
  private readonly queue: (string | ArrayBufferLike | ArrayBufferView)[] = [];
  private queuedBytes = 0;
  private socket: WebSocketLike | null = null;
  private generation = 0;
  private abort: AbortController | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private connectTimer: ReturnType<typeof setTimeout> | null = null;
  private stableTimer: ReturnType<typeof setTimeout> | null = null;
  private livenessTimer: ReturnType<typeof setInterval> | null = null;
  private lastHeard = 0;
  /**
   * Set once this socket has heard a ping or a heartbeat: only then is silence news. A peer that
   * sends neither (a gateway without heartbeats, a browser that hides pings) leaves a quiet socket alone.
   */
  private periodic = false;
  private unsubscribePage: (() => void) | null = null;
  private authRefreshUsed = false;
  private hasOpened = false;
  private disposed = false;
  private current: SocketStatus = {
    state: 'idle',
    attempt: 0,
    retryAt: null,
    offline: false,
    closeCode: null,
    closeReason: null,
    error: null,
  };

  constructor(private readonly options: ReconnectingSocketOptions) {
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.maxQueuedMessages = options.maxQueuedMessages ?? 1000;
    this.maxQueuedBytes = options.maxQueuedBytes ?? 1024 * 1024;
    const impl = options.WebSocket ?? (globalThis.WebSocket as unknown as WebSocketConstructor | undefined);
    if (!impl) throw new Error('No WebSocket implementation: pass options.WebSocket (for example the "ws" package)');
    this.WebSocketImpl = impl;
    this.page = options.page === undefined ? browserPageSignals() : options.page;
    this.random = options.random ?? Math.random;
  }

  /** Adds an event listener; returns its remover. */
  on<K extends keyof ReconnectingSocketEvents>(type: K, listener: ReconnectingSocketEvents[K]): () => void {
    return this.events.on(type, listener);
  }

  /** The current status. */
  get status(): SocketStatus {
    return this.current;
  }

  /** Bytes the open socket has not sent yet (0 when not open). */
  get bufferedAmount(): number {
    return this.socket?.readyState === OPEN ? this.socket.bufferedAmount : 0;
  }

  /** Connects (from idle or closed); does nothing while already connecting, open or reconnecting. */
  start(): void {
    if (this.disposed) throw new Error('ReconnectingSocket was disposed');
    if (this.current.state !== 'idle' && this.current.state !== 'closed') return;
    this.authRefreshUsed = false;
    this.hasOpened = false;
    this.watchPage();
    this.current = { ...this.current, attempt: 0, error: null, closeCode: null, closeReason: null };
    void this.connect(false);
  }

  /** Closes with 1000 and goes idle; `start()` connects again. The queue is kept. */
  stop(): void {
    if (this.disposed) return;
    this.halt(1000, 'client stopped');
    this.update({ state: 'idle', retryAt: null, offline: false });
  }

  /** Stops for good: no timer, listener or socket is left behind. */
  dispose(): void {
    if (this.disposed) return;
    this.halt(1000, 'client disposed');
    this.disposed = true;
    this.clearQueue();
    this.update({ state: 'closed', retryAt: null, offline: false });
    this.events.clear();
  }

  /** While waiting to reconnect: try at once instead of at the scheduled time. */
  reconnectNow(): void {
    const waiting = this.current.state === 'reconnecting' || this.current.state === 'connecting';
    if (waiting && this.socket === null && this.abort === null) {
      this.clearTimer('retryTimer');
      void this.connect(false);
    }
  }

  /** Sends now when open; otherwise queues (bounded, oldest dropped first) unless `queue` is false. */
  send(data: string | ArrayBufferLike | ArrayBufferView, options: SendOptions = {}): boolean {
    if (this.disposed) return false;
    if (this.socket?.readyState === OPEN && this.current.state === 'open') {
      this.socket.send(data);
      return true;
    }
    if (options.queue === false) return false;
    this.queue.push(data);
    this.queuedBytes += sizeOf(data);
    let messages = 0;
    let bytes = 0;
    while (this.queue.length > this.maxQueuedMessages || (this.queuedBytes > this.maxQueuedBytes && this.queue.length > 0)) {
      const dropped = this.queue.shift();
      if (dropped === undefined) break;
      const size = sizeOf(dropped);
      this.queuedBytes -= size;
      messages++;
      bytes += size;
    }
    if (messages > 0) this.events.emit('drop', { messages, bytes });
    return messages === 0 || this.queue.length > 0;
  }

  /** Drops whatever is queued. */
  clearQueue(): void {
    this.queue.length = 0;
    this.queuedBytes = 0;
  }

  private update(patch: Partial<SocketStatus>): void {
    this.current = { ...this.current, ...patch };
    this.events.emit('status', this.current);
  }

  private watchPage(): void {
    if (!this.page || this.unsubscribePage) return;
    this.unsubscribePage = this.page.subscribe({
      online: () => {
        if (this.current.offline || this.retryTimer !== null) {
          this.update({ offline: false });
          this.reconnectNow();
        }
      },
      offline: () => {
        if (this.retryTimer !== null) {
          this.clearTimer('retryTimer');
          this.update({ offline: true, retryAt: null });
        }
      },
      visible: () => this.reconnectNow(),
    });
  }

  private async connect(forceRefresh: boolean): Promise<void> {
    const generation = ++this.generation;
    const waiting: SocketState = this.hasOpened ? 'reconnecting' : 'connecting';
    if (this.page && !this.page.isOnline()) {
      this.update({ state: waiting, offline: true, retryAt: null });
      return;
    }
    this.update({ state: waiting, offline: false, retryAt: null });
    const abort = new AbortController();
    this.abort = abort;
    // The clock runs from here: a ticket fetch over a black-holed connection never settles by itself.
    this.connectTimer = setTimeout(() => {
      this.connectTimer = null;
      this.generation++;
      this.abort?.abort();
      this.abort = null;
      if (this.socket) this.detach(this.socket, 1000, 'connect timeout');
      this.afterClose(CloseCode.Abnormal, `no connection within ${this.connectTimeoutMs} ms`);
    }, this.connectTimeoutMs);
    let target: string | ConnectTarget;
    try {
      target = await this.options.target({ attempt: this.current.attempt, forceRefresh, signal: abort.signal });
    } catch (error) {
      if (generation !== this.generation) return;
      this.abort = null;
      this.clearTimer('connectTimer');
      const message = messageOf(error);
      if (error instanceof AuthError) this.afterClose(CloseCode.Unauthorized, message);
      else this.afterClose(CloseCode.Abnormal, `could not prepare the connection: ${message}`);
      return;
    }
    if (generation !== this.generation) return;
    this.abort = null;
    const { url, protocols } = typeof target === 'string' ? { url: target, protocols: undefined } : target;
    let socket: WebSocketLike;
    try {
      socket = protocols?.length ? new this.WebSocketImpl(url, protocols) : new this.WebSocketImpl(url);
    } catch (error) {
      this.clearTimer('connectTimer');
      this.afterClose(CloseCode.BadRequest, messageOf(error));
      return;
    }
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    let didOpen = false;
    socket.onopen = () => {
      didOpen = true;
      this.opened(socket);
    };
    socket.onmessage = (event) => {
      if (this.socket !== socket) return;
      this.lastHeard = Date.now();
      const data = messageData(event.data);
      if (data === null) return;
      // A heartbeat is a sign of life for this layer, not a message for the one above.
      if (isHeartbeat(data)) this.periodic = true;
      else this.events.emit('message', data);
    };
    if (reportsPings(socket)) {
      socket.on('ping', () => {
        if (this.socket !== socket) return;
        this.lastHeard = Date.now();
        this.periodic = true;
      });
    }
    // A failed handshake (refused, non-101) ends with `error` alone in Node 20's WebSocket (undici),
    // never `close`; without this the attempt would hang until the connect timeout. Elsewhere the
    // `close` that follows finds the socket already detached.
    socket.onerror = () => {
      if (didOpen || this.socket !== socket) return;
      this.detach(socket);
      this.afterClose(CloseCode.Abnormal, 'connection failed');
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.detach(socket);
      this.afterClose(event.code, event.reason);
    };
  }

  private opened(socket: WebSocketLike): void {
    if (this.socket !== socket) return;
    this.clearTimer('connectTimer');
    this.hasOpened = true;
    this.update({ state: 'open', offline: false, retryAt: null, error: null });
    this.stableTimer = setTimeout(() => {
      this.stableTimer = null;
      this.authRefreshUsed = false;
      if (this.current.attempt !== 0) this.update({ attempt: 0 });
    }, this.backoff.resetAfterMs);
    this.watchLiveness(socket);
    this.events.emit('open', socket.protocol);
    while (this.queue.length > 0 && this.socket === socket && socket.readyState === OPEN) {
      const next = this.queue.shift();
      if (next === undefined) break;
      this.queuedBytes -= sizeOf(next);
      socket.send(next);
    }
  }

  private watchLiveness(socket: WebSocketLike): void {
    const timeout = this.options.livenessTimeoutMs;
    if (timeout === undefined || !(timeout > 0)) return;
    this.lastHeard = Date.now();
    this.periodic = false;
    this.livenessTimer = setInterval(() => {
      if (this.socket !== socket || !this.periodic || Date.now() - this.lastHeard <= timeout) return;
      this.detach(socket, 1000, 'no sign of life');
      this.afterClose(CloseCode.Abnormal, `nothing heard for ${timeout} ms`);
    }, Math.max(10, Math.floor(timeout / 4)));
  }

  private afterClose(code: number, reason: string): void {
    this.clearTimer('stableTimer');
    const reaction = closeReaction(code);
    const refresh = reaction === 'refresh-token' && !this.authRefreshUsed;
    const willReconnect = reaction === 'retry' || refresh;
    this.update({ closeCode: code, closeReason: reason });
    this.events.emit('close', { code, reason, reaction, willReconnect });
    if (this.disposed || this.current.state === 'idle') return;
    if (refresh) {
      this.authRefreshUsed = true;
      void this.connect(true);
      return;
    }
    if (!willReconnect) {
      const error =
        reaction === 'done' ? null : reason || (code === CloseCode.Unauthorized ? 'unauthorized' : `closed with code ${code}`);
      this.update({ state: 'closed', retryAt: null, error });
      return;
    }
    const delay = backoffDelay(this.current.attempt, this.backoff, this.random);
    this.update({ state: this.hasOpened ? 'reconnecting' : 'connecting', attempt: this.current.attempt + 1, retryAt: Date.now() + delay });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect(false);
    }, delay);
  }

  private detach(socket: WebSocketLike, code?: number, reason?: string): void {
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.onerror = () => undefined;
    if (this.socket === socket) this.socket = null;
    this.clearTimer('connectTimer');
    this.clearTimer('livenessTimer');
    if (code !== undefined) {
      try {
        socket.close(code, reason);
      } catch {
        // A socket that is already closing may refuse a second close; it is detached either way.
      }
    }
  }

  private halt(code: number, reason: string): void {
    this.generation++;
    this.abort?.abort();
    this.abort = null;
    this.clearTimer('retryTimer');
    this.clearTimer('stableTimer');
    this.clearTimer('connectTimer');
    if (this.socket) this.detach(this.socket, code, reason);
    this.unsubscribePage?.();
    this.unsubscribePage = null;
  }

  private clearTimer(name: 'retryTimer' | 'connectTimer' | 'stableTimer' | 'livenessTimer'): void {
    const timer = this[name];
    // clearTimeout clears intervals too: timer ids share one pool.
    if (timer !== null) clearTimeout(timer);
    this[name] = null;
  }
}
