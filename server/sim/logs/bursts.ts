/**
 * Lines written together, which the container runtime stamps with one timestamp: the start-up
 * banner, stack traces, batches flushed at once, and the lines a container writes as it ends (a crash,
 * a graceful shutdown, a finished job).
 */
import { fill, jsonLine, textLine } from './lines.js';
import type { Prng } from './prng.js';
import type { Profile, Runtime } from './profile.js';
import type { Instant } from './timestamp.js';
import { HOSTS } from './vocab.js';

/** How a container instance's log ends. */
export type Ending = 'crash' | 'shutdown' | 'completed';

const STARTUP: Readonly<Record<Profile['flavor'], readonly string[]>> = {
  service: [
    'starting {app} {version}',
    'loaded configuration from /etc/{app}/config.yaml (profile=production)',
    'connected to postgres at postgres.{ns}.svc.cluster.local:5432 (pool size 20)',
    'metrics exposed on :9090/metrics',
    'listening on :{port}',
  ],
  proxy: ['starting {app} {version}', 'loading 3 listener(s) and 12 cluster(s)', 'admin interface on 127.0.0.1:15000', 'all clusters initialized, ready for traffic on :{port}'],
  job: ['starting {app} {version}', 'waiting for postgres.{ns}.svc.cluster.local:5432', 'database reachable after 2 attempts', 'applying migrations from /migrations'],
};

/** The first lines of a container instance. */
export function startupLines(p: Profile, rng: Prng, at: Instant, count: number): string[] {
  const templates = STARTUP[p.flavor];
  return Array.from({ length: count }, (_, i) => {
    const template = templates[i % templates.length] ?? '';
    const message = template.replaceAll('{app}', p.app).replaceAll('{version}', p.version).replaceAll('{ns}', p.namespace).replaceAll('{port}', String(p.port));
    return textLine(p, rng, at, 'info', message);
  });
}

const FRAMES: Readonly<Record<Runtime, { head: string; frame: (i: number) => string; tail: string }>> = {
  java: {
    head: 'java.lang.IllegalStateException: inventory reservation expired',
    frame: (i) => `\tat com.example.shop.${['OrderService.place', 'CheckoutController.submit', 'ReservationClient.confirm', 'TxTemplate.execute'][i % 4]}(${['OrderService', 'CheckoutController', 'ReservationClient', 'TxTemplate'][i % 4]}.java:${40 + i * 17})`,
    tail: '\t... 87 common frames omitted',
  },
  python: {
    head: 'Traceback (most recent call last):',
    frame: (i) => (i % 2 === 0 ? `  File "/app/worker/handlers.py", line ${60 + i * 9}, in handle` : '    result = process(message)'),
    tail: "KeyError: 'customer_id'",
  },
  node: {
    head: 'Error: connect ECONNREFUSED 10.96.0.12:6379',
    frame: (i) => `    at ${['TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)', 'RedisClient.connect (/app/node_modules/redis/dist/index.js:214:11)', 'async CartStore.load (/app/dist/cart/store.js:48:9)'][i % 3]}`,
    tail: '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
  },
  go: {
    head: 'github.com/example/shop/internal/store.(*DB).Reserve',
    frame: (i) => (i % 2 === 0 ? `\t/src/internal/store/reserve.go:${88 + i}` : 'github.com/example/shop/internal/api.(*Handler).Checkout'),
    tail: '\t/usr/local/go/src/runtime/asm_amd64.s:1695',
  },
};

/** A stack trace (error line, frames, last line) or a batch flushed at once, exactly `count` lines. */
export function burstLines(p: Profile, rng: Prng, at: Instant, count: number): string[] {
  if (rng.chance(0.5)) {
    const id = `ord-${rng.hex(8)}`;
    return Array.from({ length: count }, (_, i) => (p.runtime === 'go' ? jsonLine(p, rng, at, 'info') : textLine(p, rng, at, 'info', `batch ${id}: item ${i + 1}/${count} processed`)));
  }
  const trace = FRAMES[p.runtime];
  const lines = [textLine(p, rng, at, 'error', fill('request failed for order {id}: unexpected error', rng))];
  if (count > 2) lines.push(trace.head);
  while (lines.length < count - 1) lines.push(trace.frame(lines.length));
  if (count > 1) lines.push(trace.tail);
  return lines;
}

const CRASHES: Readonly<Record<Runtime, readonly string[]>> = {
  go: [
    'panic: runtime error: invalid memory address or nil pointer dereference',
    '[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x8c2f1a]',
    '',
    'goroutine 214 [running]:',
    'github.com/example/shop/internal/api.(*Handler).Checkout(0xc0001a2000, {0xa3c1e0, 0xc000312380}, 0xc0004b8000)',
    '\t/src/internal/api/checkout.go:142 +0x1ba',
    'created by net/http.(*Server).Serve in goroutine 1',
    '\t/usr/local/go/src/net/http/server.go:3285 +0x4b4',
  ],
  java: [
    'java.lang.OutOfMemoryError: Java heap space',
    '\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)',
    '\tat java.base/java.lang.AbstractStringBuilder.ensureCapacityInternal(AbstractStringBuilder.java:228)',
    '\tat com.example.shop.ReportService.render(ReportService.java:77)',
    '\t... 87 common frames omitted',
  ],
  node: [
    '<--- Last few GCs --->',
    '[1:0x6a1c2e0]   812345 ms: Mark-Compact 2043.1 (2081.4) -> 2040.9 (2082.1) MB, 1532.12 / 0.00 ms  (average mu = 0.121, current mu = 0.032) allocation failure',
    '',
    'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
    ' 1: 0xb7c3a0 node::Abort() [node]',
    ' 2: 0xa8f7c2 node::OOMErrorHandler(char const*, v8::OOMDetails const&) [node]',
  ],
  python: [
    'Traceback (most recent call last):',
    '  File "/app/main.py", line 42, in <module>',
    '    main()',
    '  File "/app/main.py", line 37, in main',
    '    conn = db.connect(settings.DATABASE_URL)',
    'psycopg2.OperationalError: could not connect to server: Connection refused',
  ],
};

/** The last lines of an instance; a crash ends with the runtime's fatal error output. */
export function endingLines(p: Profile, rng: Prng, at: Instant, ending: Ending): string[] {
  switch (ending) {
    case 'crash':
      return [textLine(p, rng, at, 'error', `fatal: lost connection to ${rng.pick(HOSTS)}, exiting`), ...CRASHES[p.runtime]];
    case 'shutdown':
      return [
        textLine(p, rng, at, 'info', 'received SIGTERM, shutting down gracefully'),
        textLine(p, rng, at, 'info', `draining ${rng.int(0, 12)} in-flight requests`),
        textLine(p, rng, at, 'info', 'server stopped'),
      ];
    case 'completed':
      return [textLine(p, rng, at, 'info', 'all steps completed'), textLine(p, rng, at, 'info', `done in ${(rng.int(800, 60_000) / 1000).toFixed(1)}s`)];
  }
}
