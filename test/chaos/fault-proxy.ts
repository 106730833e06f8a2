/**
 * A TCP proxy on 127.0.0.1 in front of the gateway that misbehaves on demand, the way networks do:
 * it cuts every connection (no close frame: clients see 1006), black-holes one (no bytes either way,
 * both sockets left open), ends one direction (FIN), reads slowly towards the clients, and holds
 * the first bytes of new connections.
 */
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** Which direction a half-close ends. */
export type HalfCloseDirection = 'toClient' | 'toServer';

/** One proxied connection: the client's socket, the one to the gateway, and what it asked for. */
class ProxiedConnection {
  /** The request line's path without its query (the query may carry a token), once seen. */
  path = '';
  private stalled = false;
  private blocked: { toClient: boolean; toServer: boolean } = { toClient: false, toServer: false };
  private readonly slow: Buffer[] = [];
  private slowBytes = 0;

  constructor(
    readonly client: Socket,
    readonly server: Socket,
    private readonly throttle: () => number,
  ) {
    client.on('data', (chunk: Buffer) => this.fromClient(chunk));
    server.on('data', (chunk: Buffer) => this.toClient(chunk));
    // A FIN passes on as a FIN, so an orderly half-close by either peer stays one.
    client.on('end', () => this.passEnd(server, 'toServer'));
    server.on('end', () => this.passEnd(client, 'toClient'));
    client.on('close', () => server.destroy());
    // A black hole hides the gateway's own close from the client: it has to notice by itself.
    server.on('close', () => {
      if (!this.stalled) client.destroy();
    });
    client.on('error', () => undefined);
    server.on('error', () => undefined);
  }

  /** True while either socket is open. */
  get open(): boolean {
    return !this.client.destroyed || !this.server.destroyed;
  }

  /** True for a WebSocket upgrade request. */
  get isWebSocket(): boolean {
    return this.path.startsWith('/api/v1/ws/');
  }

  /** Destroys both sockets without a word. */
  drop(): void {
    this.client.destroy();
    this.server.destroy();
  }

  /** From now on nothing passes either way, and both sockets stay open until a peer gives up. */
  stall(): void {
    this.stalled = true;
  }

  /** Sends a FIN one way and passes nothing more in that direction. */
  halfClose(direction: HalfCloseDirection): void {
    this.blocked[direction] = true;
    (direction === 'toClient' ? this.client : this.server).end();
  }

  /** Sends on whatever the throttle held back once it is lifted. */
  flushSlow(): void {
    if (this.throttle() > 0) return;
    const held = Buffer.concat(this.slow.splice(0));
    this.slowBytes = 0;
    if (held.length > 0 && !this.client.destroyed) this.client.write(held);
    this.server.resume();
  }

  /** Sends up to `budget` bytes of what the throttle held back; returns the bytes sent. */
  drainSlow(budget: number): number {
    let sent = 0;
    while (sent < budget && this.slow.length > 0) {
      const head = this.slow[0] as Buffer;
      const part = head.subarray(0, budget - sent);
      if (part.length === head.length) this.slow.shift();
      else this.slow[0] = head.subarray(part.length);
      sent += part.length;
      if (!this.client.destroyed && !this.blocked.toClient && !this.stalled) this.client.write(part);
    }
    this.slowBytes -= sent;
    // The gateway feels the slow reader through TCP back-pressure, not through memory here.
    if (this.slowBytes < 64 * 1024) this.server.resume();
    return sent;
  }

  private fromClient(chunk: Buffer): void {
    if (this.path === '') this.path = /^[A-Z]+ ([^ ?]*)/.exec(chunk.toString('latin1', 0, 512))?.[1] ?? '?';
    if (this.stalled || this.blocked.toServer || this.server.destroyed) return;
    if (!this.server.write(chunk)) {
      this.client.pause();
      this.server.once('drain', () => this.client.resume());
    }
  }

  private toClient(chunk: Buffer): void {
    if (this.stalled || this.blocked.toClient || this.client.destroyed) return;
    if (this.throttle() > 0) {
      this.slow.push(chunk);
      this.slowBytes += chunk.length;
      if (this.slowBytes >= 64 * 1024) this.server.pause();
      return;
    }
    if (!this.client.write(chunk)) {
      this.server.pause();
      this.client.once('drain', () => this.server.resume());
    }
  }

  private passEnd(other: Socket, direction: HalfCloseDirection): void {
    if (this.stalled || this.blocked[direction]) return;
    other.end();
  }
}

/** A running fault proxy. */
export interface FaultProxy {
  /** `http://127.0.0.1:PORT`: give it to clients as the gateway's base URL. */
  readonly url: string;
  readonly port: number;
  /** The open connections' request paths (without queries), for diagnostics. */
  paths(): string[];
  /** Destroys both sides of every connection; returns how many there were. */
  dropAll(): number;
  /**
   * Black-holes one open WebSocket connection chosen by `pick` (given the number of candidates);
   * returns its path, or null when there was none.
   */
  stallOne(pick: (count: number) => number): string | null;
  /** Black-holes every open connection, WebSocket or not, whose path `match` accepts; returns how many. */
  stallWhere(match: (path: string) => boolean): number;
  /** Ends one direction of every open WebSocket connection; returns how many. */
  halfClose(direction: HalfCloseDirection): number;
  /** Limits every connection's bytes towards the client to `bytesPerSecond`; 0 lifts the limit. */
  throttle(bytesPerSecond: number): void;
  /** Holds the first bytes of every new connection for `ms`; 0 stops holding. */
  delayNewConnections(ms: number): void;
  close(): Promise<void>;
}

const TICK_MS = 50;

/** Starts a proxy on 127.0.0.1 (a free port) forwarding to `target` on 127.0.0.1. */
export async function startFaultProxy(targetPort: number): Promise<FaultProxy> {
  const connections = new Set<ProxiedConnection>();
  let bytesPerSecond = 0;
  let delayMs = 0;
  let throttleTimer: ReturnType<typeof setInterval> | null = null;

  const server: Server = createServer((client) => {
    client.pause();
    const hold = delayMs;
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    const connection = new ProxiedConnection(client, upstream, () => bytesPerSecond);
    connections.add(connection);
    const forget = (): void => {
      if (!connection.open) connections.delete(connection);
    };
    client.on('close', forget);
    upstream.on('close', forget);
    // The gateway may be down (a restart): then the client is cut, as a refused connection would be.
    upstream.on('error', () => client.destroy());
    const begin = (): void => {
      if (!client.destroyed) client.resume();
    };
    if (hold > 0) setTimeout(begin, hold).unref();
    else begin();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const webSockets = (): ProxiedConnection[] => [...connections].filter((c) => c.open && c.isWebSocket && !c.client.destroyed);

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    paths: () => [...connections].map((c) => c.path),
    dropAll() {
      const all = [...connections];
      for (const c of all) c.drop();
      return all.length;
    },
    stallOne(pick) {
      const candidates = webSockets();
      if (candidates.length === 0) return null;
      const chosen = candidates[pick(candidates.length)] ?? candidates[0];
      chosen?.stall();
      return chosen?.path ?? null;
    },
    stallWhere(match) {
      const chosen = [...connections].filter((c) => c.open && match(c.path));
      for (const c of chosen) c.stall();
      return chosen.length;
    },
    halfClose(direction) {
      const candidates = webSockets();
      for (const c of candidates) c.halfClose(direction);
      return candidates.length;
    },
    throttle(rate) {
      bytesPerSecond = Math.max(0, rate);
      if (throttleTimer !== null) clearInterval(throttleTimer);
      throttleTimer = null;
      if (bytesPerSecond === 0) {
        for (const c of connections) c.flushSlow();
        return;
      }
      const perTick = Math.max(1, Math.floor((bytesPerSecond * TICK_MS) / 1000));
      throttleTimer = setInterval(() => {
        // The rate is shared fairly enough for a test: each connection gets its own share per tick.
        for (const c of connections) c.drainSlow(perTick);
      }, TICK_MS);
    },
    delayNewConnections(ms) {
      delayMs = Math.max(0, ms);
    },
    async close() {
      if (throttleTimer !== null) clearInterval(throttleTimer);
      for (const c of connections) c.drop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
