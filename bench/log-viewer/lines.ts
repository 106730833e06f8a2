/**
 * Realistic log lines for the benchmark: access logs, JSON, plain and stack-trace-like lines with about
 * one in five coloured by ANSI SGR codes (16, 256 and truecolor), about 110 characters of text on average
 * (140 with the timestamp), each with its own RFC3339Nano timestamp. Deterministic, so both viewers get
 * the same lines.
 */

/** One generated line, in the forms both viewers take. */
export interface SampleLine {
  readonly text: string;
  readonly timestamp: string;
  /** `timestamp text`, what a viewer without a timestamp column is given. */
  readonly withTimestamp: string;
}

const ESC = '\u001b[';
const BASE_MS = Date.UTC(2026, 10, 29, 5, 0, 0);
const HOSTS = ['orders-db', 'payments-api', 'redis-cache', 'inventory-svc', 'auth.internal'];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
const PATHS = ['/api/v1/orders', '/api/v1/customers', '/healthz', '/api/v2/inventory/items', '/metrics'];

/** A seeded PRNG (mulberry32): the same seed gives the same lines in every run and viewer. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function int(random: () => number, max: number): number {
  return Math.floor(random() * max);
}

function hex(random: () => number, digits: number): string {
  return int(random, 16 ** digits).toString(16).padStart(digits, '0');
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[int(random, items.length)] as T;
}

// Each template returns its parts; join('') then yields a flat string, as a decoded frame would be,
// rather than a rope of concatenations that would skew the heap figures.
type Template = (random: () => number, seq: number) => (string | number)[];

const plain: Template[] = [
  (r) => [`10.${int(r, 256)}.${int(r, 256)}.${int(r, 256)} - - "`, pick(r, METHODS), ' ', pick(r, PATHS), '/', hex(r, 8), ' HTTP/1.1" ', pick(r, [200, 200, 201, 204, 404, 500]), ' ', int(r, 90000), ' "-" "kube-probe/1.32" ', int(r, 900), 'ms trace=', hex(r, 8), hex(r, 8)],
  (r, seq) => ['{"level":"info","ts":', (BASE_MS / 1000 + seq / 1000).toFixed(3), ',"caller":"controller/reconcile.go:', 40 + int(r, 400), '","msg":"reconciled object","object":"default/cfg-', hex(r, 6), '","duration":"', int(r, 250), 'ms","trace_id":"', hex(r, 8), hex(r, 8), '"}'],
  (r, seq) => ['INFO  [worker-', int(r, 16), '] processed batch ', seq, ' items=', int(r, 500), ' queue_depth=', int(r, 10000), ' elapsed=', int(r, 3000), 'ms shard=', pick(r, HOSTS), '-', int(r, 32)],
  (r) => ['WARN  com.example.orders.OrderService - retrying payment call attempt=', 1 + int(r, 5), '/5 orderId=', hex(r, 8), '-', hex(r, 4), '-', hex(r, 4), ' cause=timeout after ', int(r, 30000), 'ms'],
  (r) => ['    at com.example.orders.PaymentClient.charge(PaymentClient.java:', int(r, 900), ') ~[orders-service-2.', int(r, 40), '.', int(r, 10), '.jar:?]'],
  (r) => ['GC pause ', (r() * 40).toFixed(2), 'ms, heap ', 200 + int(r, 800), 'MB -> ', 100 + int(r, 200), 'MB'],
];

const coloured: Template[] = [
  (r) => [ESC, '32mINFO', ESC, '0m ', ESC, '2mhttp/server.go:', int(r, 300), ESC, '0m request completed ', ESC, '36mstatus', ESC, '0m=200 ', ESC, '36mpath', ESC, '0m=', pick(r, PATHS), '/', hex(r, 6), ' ', ESC, '36mlatency', ESC, '0m=', int(r, 900), 'ms'],
  (r) => [ESC, '1;31mERROR', ESC, '0m ', ESC, '31mfailed to connect to upstream ', pick(r, HOSTS), ':5432: connection refused (attempt ', 1 + int(r, 9), ')', ESC, '0m'],
  (r) => [ESC, '33mWARN', ESC, '0m ', ESC, '38;5;208mslow query', ESC, '0m took ', int(r, 9000), 'ms: SELECT id, status, total FROM orders WHERE customer_id = ', int(r, 1e6)],
  (r, seq) => [ESC, '38;2;120;180;255m[scheduler]', ESC, '0m tick ', seq, ' assigned ', int(r, 64), ' jobs to ', ESC, '1mnode-', hex(r, 5), ESC, '22m in zone ', pick(r, ['eu-west-1a', 'us-east-2b', 'ap-south-1c'])],
];

let lastMs = Number.NaN;
let lastIso = '';

function timestampOf(seq: number): string {
  // RFC3339Nano as Kubernetes writes it: milliseconds from Date plus six more digits; ten lines share a millisecond.
  const ms = BASE_MS + Math.floor(seq / 10);
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString().slice(0, 23);
  }
  return [lastIso, String((seq % 10) * 100_000).padStart(6, '0'), 'Z'].join('');
}

/** The line at position `seq` drawn from `random`. */
function sampleLine(random: () => number, seq: number): SampleLine {
  const templates = random() < 0.2 ? coloured : plain;
  const text = pick(random, templates)(random, seq).join('');
  const timestamp = timestampOf(seq);
  return { text, timestamp, withTimestamp: [timestamp, ' ', text].join('') };
}

/** `count` lines from seq `first` on, the last one replaced by `lastText` when given. */
export function sampleLines(count: number, first: number, seed: number, lastText?: string): SampleLine[] {
  const random = seededRandom(seed);
  const lines: SampleLine[] = new Array<SampleLine>(count);
  for (let i = 0; i < count; i++) lines[i] = sampleLine(random, first + i);
  if (lastText !== undefined && count > 0) {
    const timestamp = timestampOf(first + count - 1);
    lines[count - 1] = { text: lastText, timestamp, withTimestamp: [timestamp, ' ', lastText].join('') };
  }
  return lines;
}
