/**
 * A fake `/api/v1/ws/logs/:cluster/:ns/:pod` endpoint (DESIGN §7) on a real `ws` server: a history of
 * lines with fixed-width RFC3339Nano timestamps (runs of equal timestamps included), the seed's query
 * (`tail`, `timestamps`) and the extensions (`sinceTime`, `follow`), one text frame per line, and new
 * lines appended at the pace the test chooses. It shares no code with the kit's log client, so a bug
 * there cannot hide itself here.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { acceptPodSocket, startWsServer, type TestConnection, type TestWsServer } from './ws-server.ts';

/** One line of the fake container log. */
export interface FakeLogLine {
  /** Position in the history, from 0. */
  readonly index: number;
  /** Fixed-width RFC3339Nano, e.g. `2026-01-01T00:00:00.000000000Z`. */
  readonly timestamp: string;
  /** Nanoseconds since the epoch. */
  readonly nanos: bigint;
  /** The line without timestamp (unique per line: `line 0007 ...`). */
  readonly text: string;
}

/** The pod a log connection asked for. */
export interface LogPath {
  readonly cluster: string;
  readonly namespace: string;
  readonly pod: string;
}

/** One accepted log connection and what it asked for. */
export interface LogConnectionRecord {
  readonly conn: TestConnection;
  readonly path: LogPath;
  /** The query exactly as the client sent it (token included). */
  readonly query: URLSearchParams;
  /** Whether the connection stays open for new lines (`follow`, default true). */
  readonly follow: boolean;
  /** Text frames (lines) sent to this connection, in order. */
  readonly sent: string[];
}

/** Refuses WebSocket upgrades on demand (HTTP 503 before any upgrade), as a gateway that is down. */
export interface UpgradeGate {
  /** From now on every upgrade request is refused. */
  refuse(): void;
  /** Upgrades are accepted again. */
  allow(): void;
  /** Upgrade requests refused so far. */
  readonly refused: number;
}

/** A producer appending lines on a timer until stopped. */
export interface LogProducer {
  pause(): void;
  resume(): void;
  stop(): void;
  /** Lines this producer appended. */
  readonly produced: number;
}

/** Options of {@link startLogServer}. */
export interface LogServerOptions {
  /** The token a connection must carry in `?token=`; default `test-token`. */
  token?: string;
  /** Run lengths of the initial history: `[1, 3, 2]` makes six lines, three of them sharing a timestamp. */
  initialRuns?: number[];
}

/** The fake log endpoint. */
export interface FakeLogServer {
  readonly server: TestWsServer;
  readonly httpUrl: string;
  readonly history: readonly FakeLogLine[];
  readonly connections: readonly LogConnectionRecord[];
  readonly gate: UpgradeGate;
  /** Appends one line (a new timestamp, or the previous line's with `sameTime`) and sends it to followers. */
  append(options?: { sameTime?: boolean; text?: string }): FakeLogLine;
  /** Appends `count` lines sharing one new timestamp. */
  appendRun(count: number): FakeLogLine[];
  /** Appends lines in runs of the given lengths (cycled) until `total` lines were added. */
  appendRuns(total: number, runs: readonly number[]): FakeLogLine[];
  /** Appends one line every `intervalMs`, in runs of the given lengths (cycled). */
  produce(intervalMs: number, runs?: readonly number[]): LogProducer;
  /** Sends a binary frame on a connection (not a log line: the client must ignore it). */
  sendBinary(record: LogConnectionRecord, bytes: Uint8Array): void;
  /** Resolves with the next connection accepted. */
  nextConnection(): Promise<LogConnectionRecord>;
  close(): Promise<void>;
}

/** 2026-01-01T00:00:00Z in nanoseconds. */
const START_NANOS = BigInt(Date.UTC(2026, 0, 1)) * 1_000_000n;
/** Step between two distinct timestamps: not a whole millisecond, so nanosecond precision matters. */
const STEP_NANOS = 1_234_567n;
const DEFAULT_TAIL = 100;
const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** Fixed-width RFC3339Nano: nine fraction digits, always. */
export function formatNanos(nanos: bigint): string {
  const seconds = nanos / 1_000_000_000n;
  const fraction = nanos % 1_000_000_000n;
  const whole = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${whole}.${fraction.toString().padStart(9, '0')}Z`;
}

/** RFC3339 with up to nine fraction digits to nanoseconds; null when malformed. */
export function parseNanos(text: string): bigint | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [, whole = '', fraction = '', zone = 'Z'] = m;
  const ms = Date.parse(`${whole}${zone}`);
  if (Number.isNaN(ms)) return null;
  return BigInt(ms) * 1_000_000n + BigInt(fraction.padEnd(9, '0'));
}

type UpgradeListener = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** Puts a gate in front of the server's upgrade handling (the `ws` server's own listener stays behind it). */
export function installUpgradeGate(server: TestWsServer): UpgradeGate {
  const behind = server.http.listeners('upgrade') as UpgradeListener[];
  server.http.removeAllListeners('upgrade');
  let refusing = false;
  let refused = 0;
  server.http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (refusing) {
      refused++;
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    for (const listener of behind) listener.call(server.http, request, socket, head);
  });
  return {
    refuse: () => {
      refusing = true;
    },
    allow: () => {
      refusing = false;
    },
    get refused() {
      return refused;
    },
  };
}

function parseBool(value: string | null, fallback: boolean): boolean | null {
  if (value === null) return fallback;
  if (value === 'true' || value === '1' || value === '') return true;
  if (value === 'false' || value === '0') return false;
  return null;
}

/** Starts the fake log endpoint on a random loopback port. */
export async function startLogServer(options: LogServerOptions = {}): Promise<FakeLogServer> {
  const token = options.token ?? 'test-token';
  const history: FakeLogLine[] = [];
  const records: LogConnectionRecord[] = [];
  const waiters: ((record: LogConnectionRecord) => void)[] = [];
  let clock = START_NANOS;

  function frame(line: FakeLogLine, timestamps: boolean): string {
    return timestamps ? `${line.timestamp} ${line.text}` : line.text;
  }

  function send(record: LogConnectionRecord, line: FakeLogLine): void {
    const text = frame(line, record.query.get('timestamps') === 'true' || record.query.get('timestamps') === '1');
    record.sent.push(text);
    record.conn.socket.send(text);
  }

  function serve(conn: TestConnection): void {
    const socket = conn.socket;
    const accepted = acceptPodSocket(conn, 'logs', token);
    if (!accepted) return;
    const { query } = accepted;
    const tailText = query.get('tail');
    const tail = tailText === null ? DEFAULT_TAIL : /^-?\d+$/.test(tailText) ? Number(tailText) : NaN;
    const timestamps = parseBool(query.get('timestamps'), false);
    const follow = parseBool(query.get('follow'), true);
    const sinceText = query.get('sinceTime');
    const since = sinceText === null ? null : parseNanos(sinceText);
    if (Number.isNaN(tail) || tail < -1 || timestamps === null || follow === null || (sinceText !== null && since === null)) {
      socket.close(4400, 'bad log query');
      return;
    }
    const { cluster, namespace, pod } = accepted;
    const record: LogConnectionRecord = {
      conn,
      path: { cluster: decodeURIComponent(cluster), namespace: decodeURIComponent(namespace), pod: decodeURIComponent(pod) },
      query,
      follow,
      sent: [],
    };
    records.push(record);
    // Kubernetes applies sinceTime first (inclusive), then keeps the last `tail` lines of that.
    let lines = since === null ? history.slice() : history.filter((l) => l.nanos >= since);
    if (tail >= 0) lines = tail === 0 ? [] : lines.slice(-tail);
    for (const line of lines) send(record, line);
    if (!follow) socket.close(1000, 'log ended');
    waiters.splice(0).forEach((w) => w(record));
  }

  const server = await startWsServer(serve);
  const gate = installUpgradeGate(server);

  function append(opts: { sameTime?: boolean; text?: string } = {}): FakeLogLine {
    const previous = history.at(-1);
    if (!(opts.sameTime && previous)) clock += STEP_NANOS;
    const index = history.length;
    const line: FakeLogLine = {
      index,
      timestamp: formatNanos(clock),
      nanos: clock,
      text: opts.text ?? `line ${String(index).padStart(4, '0')} payload-${(index * 7919) % 1000}`,
    };
    history.push(line);
    for (const record of records) {
      if (record.follow && record.conn.socket.readyState === record.conn.socket.OPEN) send(record, line);
    }
    return line;
  }

  function appendRun(count: number): FakeLogLine[] {
    const run: FakeLogLine[] = [];
    for (let i = 0; i < count; i++) run.push(append({ sameTime: i > 0 }));
    return run;
  }

  function appendRuns(total: number, runs: readonly number[]): FakeLogLine[] {
    const added: FakeLogLine[] = [];
    for (let r = 0; added.length < total; r++) {
      const length = Math.min(runs[r % runs.length] ?? 1, total - added.length);
      added.push(...appendRun(length));
    }
    return added;
  }

  const initialRuns = options.initialRuns ?? [];
  appendRuns(initialRuns.reduce((a, b) => a + b, 0), initialRuns);

  function produce(intervalMs: number, runs: readonly number[] = [1]): LogProducer {
    let paused = false;
    let produced = 0;
    let run = 0;
    let leftInRun = 0;
    const timer = setInterval(() => {
      if (paused) return;
      const sameTime = leftInRun > 0;
      if (!sameTime) leftInRun = runs[run++ % runs.length] ?? 1;
      leftInRun--;
      append({ sameTime });
      produced++;
    }, intervalMs);
    return {
      pause: () => {
        paused = true;
      },
      resume: () => {
        paused = false;
      },
      stop: () => clearInterval(timer),
      get produced() {
        return produced;
      },
    };
  }

  return {
    server,
    httpUrl: server.httpUrl,
    history,
    connections: records,
    gate,
    append,
    appendRun,
    appendRuns,
    produce,
    sendBinary(record, bytes) {
      record.conn.socket.send(bytes, { binary: true });
    },
    nextConnection: () => new Promise((resolve) => waiters.push(resolve)),
    close: () => server.close(),
  };
}
