/**
 * The log endpoint (DESIGN §7) of the fake gateway over a mocked container log: one text frame per
 * line, RFC3339Nano timestamps when asked, `tail` history, `sinceTime` resume and `follow`. Lines keep
 * being written while no page is connected, so a resumed stream has something to catch up on.
 */
import {
  CloseCode,
  Paths,
  parseLogQuery,
  validatePodTarget,
  type LogQuery,
} from '../../src/core/protocol.ts';
import { compareTimes, parsePreciseTime, type PreciseTime } from '../../src/core/timestamps.ts';
import { MockEndpoint, type AttemptOutcome, type MockClient } from './endpoint.ts';

/** One line of the mocked container log. */
interface Written {
  readonly timestamp: string;
  readonly time: PreciseTime;
  readonly text: string;
}

/** Options of {@link mockLogs}. */
export interface LogMockOptions {
  /** The text of line `n` (0 for the first the container wrote). */
  line: (n: number) => string;
  /** Lines the container wrote before the story started. */
  history?: number;
  /** Lines written on their own while the story runs: `lines` every `everyMs`; none when absent. */
  rate?: { readonly lines: number; readonly everyMs: number };
  /** The outcome of connection attempt `n`; default every attempt is served. */
  attempt?: (n: number) => AttemptOutcome;
}

/** A mocked log endpoint and its container log. */
export interface LogMock {
  readonly endpoint: MockEndpoint;
  /** Lines written so far. */
  readonly written: number;
  /** The container writes its next line(s) now. */
  write(count?: number): void;
  /** Starts the container over (history written, writer running); returns the stop function. */
  start(): () => void;
}

/** Lines the mocked container keeps; older ones are gone, as after a log rotation. */
const RETAINED_LINES = 200_000;
const DEFAULT_TAIL = 100;

/** An RFC3339Nano timestamp for the `n`th line written within millisecond `ms`. */
function nanoTimestamp(ms: number, n: number): string {
  const nanos = (ms % 1000) * 1_000_000 + Math.min(n, 999_999);
  return `${new Date(ms).toISOString().slice(0, 19)}.${String(nanos).padStart(9, '0')}Z`;
}

function backlog(log: readonly Written[], query: LogQuery): readonly Written[] {
  const since = query.sinceTime === undefined ? null : parsePreciseTime(query.sinceTime);
  if (since) return log.filter((w) => compareTimes(w.time, since) >= 0);
  const tail = query.tail ?? DEFAULT_TAIL;
  return tail < 0 ? log : log.slice(Math.max(0, log.length - tail));
}

/** A log endpoint for `/api/v1/ws/logs/:cluster/:ns/:pod` over a container that writes `line(n)`. */
export function mockLogs(options: LogMockOptions): LogMock {
  let log: Written[] = [];
  let count = 0;
  let lastMs = 0;
  let inMs = 0;
  const followers = new Map<MockClient, boolean>();

  function append(ms: number): void {
    inMs = ms === lastMs ? inMs + 1 : 0;
    lastMs = ms;
    const timestamp = nanoTimestamp(ms, inMs);
    const time = parsePreciseTime(timestamp);
    if (!time) throw new Error(`bad mock timestamp ${timestamp}`);
    const line: Written = { timestamp, time, text: options.line(count++) };
    log.push(line);
    if (log.length > RETAINED_LINES * 1.5) log = log.slice(log.length - RETAINED_LINES);
    for (const [client, timestamps] of followers) client.send(timestamps ? `${line.timestamp} ${line.text}` : line.text);
  }

  const endpoint = new MockEndpoint({
    path: `${Paths.logs}/:cluster/:ns/:pod`,
    attempt: options.attempt,
    serve(client, params) {
      const target = validatePodTarget({ cluster: params.cluster ?? '', namespace: params.ns ?? '', pod: params.pod ?? '' });
      const query = parseLogQuery(client.url.searchParams);
      if (!target.ok || !query.ok) {
        client.close(CloseCode.BadRequest, target.ok ? (query.ok ? '' : query.error) : target.error);
        return;
      }
      const timestamps = query.value.timestamps ?? false;
      for (const w of backlog(log, query.value)) client.send(timestamps ? `${w.timestamp} ${w.text}` : w.text);
      if (query.value.follow === false) {
        setTimeout(() => client.close(CloseCode.Normal, 'log ended'), 0);
        return;
      }
      followers.set(client, timestamps);
      client.addEventListener('close', () => followers.delete(client));
    },
  });

  function write(lines = 1): void {
    const now = Date.now();
    for (let i = 0; i < lines; i++) append(now);
  }

  return {
    endpoint,
    get written() {
      return count;
    },
    write,
    start() {
      endpoint.reset();
      followers.clear();
      log = [];
      count = 0;
      const history = options.history ?? 0;
      // History is spread evenly over the minute before the story starts.
      const first = Date.now() - 60_000;
      for (let i = 0; i < history; i++) append(first + Math.floor((i * 60_000) / Math.max(history, 1)));
      const { rate } = options;
      if (!rate) return () => undefined;
      const timer = setInterval(() => write(rate.lines), rate.everyMs);
      return () => clearInterval(timer);
    },
  };
}
