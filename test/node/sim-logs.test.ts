/**
 * The emulator's pods/log subresource over a real HTTP server and real `fetch` requests: the query
 * options as kube-apiserver and the kubelet apply them (tail, timestamps, since, limitBytes, previous,
 * follow), their error Statuses word for word, and the generated logs themselves (content mix, shared
 * timestamps, the ring bound, determinism, no timer left behind by a client that leaves).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LogRegistry, servePodLog, type ContainerStatusLike, type PodLike } from '../../server/sim/logs/index.ts';

const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z /;

interface Harness {
  readonly base: string;
  readonly pods: Map<string, PodLike>;
  /** Active timers counted as each response closed: just before and just after servePodLog's own close handling. */
  readonly closes: { before: number; after: number }[];
}

const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A plain node:http server routing the pods/log path to servePodLog, as the emulator does. */
async function serve(registry: LogRegistry, ...pods: PodLike[]): Promise<Harness> {
  const byKey = new Map(pods.map((p) => [`${p.metadata.namespace}/${p.metadata.name}`, p]));
  const closes: Harness['closes'] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/log$/.exec(url.pathname);
    const pod = match ? byKey.get(`${match[1]}/${match[2]}`) : undefined;
    if (!pod) {
      res.writeHead(404).end();
      return;
    }
    // Listeners run in registration order within one emit: nothing else can run between the two counts.
    let before = 0;
    res.on('close', () => (before = timers()));
    servePodLog(req, res, pod, url.searchParams, registry);
    res.on('close', () => closes.push({ before, after: timers() }));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, pods: byKey, closes };
}

function running(name: string, startedAt: number, restartCount = 0): ContainerStatusLike {
  const lastState = restartCount > 0 ? { terminated: { exitCode: 1, containerID: `containerd://${name}-prev`, startedAt: iso(startedAt - 120_000), finishedAt: iso(startedAt - 10_000) } } : {};
  return { name, restartCount, state: { running: { startedAt: iso(startedAt) } }, lastState };
}

/** A scheduled pod whose containers all run, started at `startedAt`. */
function pod(name: string, containers: string[], options: { startedAt?: number; restartCount?: number; init?: string[]; namespace?: string } = {}): PodLike {
  const startedAt = options.startedAt ?? T0;
  const init = options.init ?? [];
  return {
    metadata: { name, namespace: options.namespace ?? 'default' },
    spec: { nodeName: 'node-1', containers: containers.map((c) => ({ name: c })), ...(init.length ? { initContainers: init.map((c) => ({ name: c })) } : {}) },
    status: {
      containerStatuses: containers.map((c) => running(c, startedAt, options.restartCount)),
      initContainerStatuses: init.map((c) => ({ name: c, restartCount: 0, state: { terminated: { exitCode: 0, containerID: `containerd://${c}`, startedAt: iso(startedAt - 20_000), finishedAt: iso(startedAt - 5_000) } } })),
    },
  };
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly bytes: Buffer;
  readonly text: string;
  /** The body's lines without their newlines. */
  readonly lines: string[];
}

async function get(h: Harness, path: string): Promise<Answer> {
  const res = await fetch(`${h.base}${path}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.toString('utf8');
  return { status: res.status, headers: res.headers, bytes, text, lines: text === '' ? [] : text.replace(/\n$/, '').split('\n') };
}

const logPath = (name: string, query = '', namespace = 'default'): string => `/api/v1/namespaces/${namespace}/pods/${name}/log${query ? `?${query}` : ''}`;
const stampOf = (line: string): string => line.slice(0, 30);
const clockAt = (ms: number): (() => number) => () => ms;

/** The Status kube-apiserver writes for a 400. */
const badRequest = (message: string): unknown => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'BadRequest', code: 400 });

describe('pods/log options', () => {
  const now = T0 + 10 * 60_000;

  async function myPod(options: { capacity?: number } = {}): Promise<{ h: Harness; registry: LogRegistry }> {
    const registry = new LogRegistry({ seed: 42, now: clockAt(now), ...options });
    registry.container('default', 'my-pod', 'app', { startedAt: T0, restartCount: 0, running: true });
    return { h: await serve(registry, pod('my-pod', ['app'])), registry };
  }

  it('answers chunked text/plain, and tailLines=5 gives the last 5 lines', async () => {
    const { h } = await myPod();
    const all = await get(h, logPath('my-pod'));
    const five = await get(h, logPath('my-pod', 'tailLines=5'));
    expect(five.status).toBe(200);
    expect(five.headers.get('content-type')).toBe('text/plain');
    expect(five.headers.get('transfer-encoding')).toBe('chunked');
    expect(five.lines).toHaveLength(5);
    expect(five.lines).toEqual(all.lines.slice(-5));
    expect((await get(h, logPath('my-pod', 'tailLines=0'))).text).toBe('');
    // Each line ends with one newline, the body included.
    expect(all.text.endsWith('\n')).toBe(true);
    expect(all.lines.length).toBeGreaterThan(600);
  });

  it('prefixes fixed-width RFC3339Nano timestamps and one space, in order, never after the clock, some shared', async () => {
    const { h } = await myPod();
    const plain = await get(h, logPath('my-pod'));
    const stamped = await get(h, logPath('my-pod', 'timestamps=true'));
    expect(stamped.lines).toHaveLength(plain.lines.length);
    stamped.lines.forEach((line, i) => {
      expect(line).toMatch(TIMESTAMP);
      expect(line.slice(31)).toBe(plain.lines[i]);
    });
    const stamps = stamped.lines.map(stampOf);
    expect([...stamps].sort()).toEqual(stamps);
    expect(stamps[0]).toBe('2024-05-01T10:00:00.000000000Z');
    expect(Date.parse(stamps.at(-1) ?? '')).toBeLessThanOrEqual(now);
    const shared = stamps.filter((s, i) => i > 0 && s === stamps[i - 1]).length;
    expect(shared).toBeGreaterThan(0);
  });

  it('honours sinceTime inclusively, to the second as kube-apiserver forwards it to the kubelet', async () => {
    const { h } = await myPod();
    const all = (await get(h, logPath('my-pod', 'timestamps=true'))).lines;
    const fromStart = (await get(h, logPath('my-pod', 'timestamps=true&sinceTime=2024-05-01T10:00:00Z'))).lines;
    expect(fromStart).toEqual(all);
    const afterStart = (await get(h, logPath('my-pod', 'timestamps=true&sinceTime=2024-05-01T10:00:01Z'))).lines;
    expect(afterStart.every((l) => stampOf(l) >= '2024-05-01T10:00:01')).toBe(true);
    expect(afterStart).toEqual(all.filter((l) => stampOf(l) >= '2024-05-01T10:00:01'));

    // A nanosecond sinceTime is cut to its second: earlier lines of that second come back too.
    const target = all[Math.floor(all.length / 2)] ?? '';
    const since = stampOf(target);
    const fromTarget = (await get(h, logPath('my-pod', `timestamps=true&sinceTime=${since}`))).lines;
    expect(fromTarget).toContain(target);
    expect(fromTarget).toEqual(all.filter((l) => stampOf(l).slice(0, 19) >= since.slice(0, 19)));

    const recent = (await get(h, logPath('my-pod', 'timestamps=true&sinceSeconds=30'))).lines;
    expect(recent.length).toBeGreaterThan(0);
    expect(recent).toEqual(all.filter((l) => Date.parse(stampOf(l)) >= now - 30_000));
  });

  it('cuts the body at limitBytes, timestamps included, even inside a UTF-8 sequence', async () => {
    const { h } = await myPod();
    for (const query of ['', 'timestamps=true']) {
      const full = await get(h, logPath('my-pod', query));
      for (const limit of [1, 100, 4321]) {
        const cut = await get(h, logPath('my-pod', `${query}&limitBytes=${limit}`));
        expect(cut.bytes.length).toBe(limit);
        expect(cut.bytes.equals(full.bytes.subarray(0, limit))).toBe(true);
      }
    }
  });

  it('rejects invalid options with the Statuses kube-apiserver gives', async () => {
    const { h } = await myPod();
    const tail = await get(h, logPath('my-pod', 'tailLines=-5'));
    expect(tail.status).toBe(422);
    expect(tail.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(tail.text)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'PodLogOptions "my-pod" is invalid: tailLines: Invalid value: -5: must be greater than or equal to 0',
      reason: 'Invalid',
      details: { name: 'my-pod', kind: 'PodLogOptions', causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value: -5: must be greater than or equal to 0', field: 'tailLines' }] },
      code: 422,
    });

    const both = JSON.parse((await get(h, logPath('my-pod', 'sinceSeconds=10&sinceTime=2024-05-01T10:00:00Z'))).text) as { code: number; message: string; details: unknown };
    expect(both.code).toBe(422);
    expect(both.message).toBe('PodLogOptions "my-pod" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified');
    expect(both.details).toEqual({ name: 'my-pod', kind: 'PodLogOptions', causes: [{ reason: 'FieldValueForbidden', message: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified' }] });

    const several = JSON.parse((await get(h, logPath('my-pod', 'tailLines=-1&limitBytes=0&sinceSeconds=0'))).text) as { message: string };
    expect(several.message).toBe(
      'PodLogOptions "my-pod" is invalid: [tailLines: Invalid value: -1: must be greater than or equal to 0, limitBytes: Invalid value: 0: must be greater than 0, sinceSeconds: Invalid value: 0: must be greater than 0]',
    );

    const cases: [string, string][] = [
      ['sinceTime=garbage', 'parsing time "garbage" as "2006-01-02T15:04:05Z07:00": cannot parse "garbage" as "2006"'],
      ['sinceTime=2024-05-01', 'parsing time "2024-05-01" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "T"'],
      ['sinceTime=2024-13-01T00:00:00Z', 'parsing time "2024-13-01T00:00:00Z": month out of range'],
      ['sinceTime=2024-02-30T00:00:00Z', 'parsing time "2024-02-30T00:00:00Z": day out of range'],
      ['sinceTime=2024-05-01T10:00:00', 'parsing time "2024-05-01T10:00:00" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00"'],
      ['tailLines=abc', 'strconv.ParseInt: parsing "abc": invalid syntax'],
      ['limitBytes=99999999999999999999', 'strconv.ParseInt: parsing "99999999999999999999": value out of range'],
    ];
    for (const [query, message] of cases) {
      const answer = await get(h, logPath('my-pod', query));
      expect(answer.status, query).toBe(400);
      expect(JSON.parse(answer.text), query).toEqual(badRequest(message));
    }
  });

  it('requires a container on a multi-container pod and rejects unknown ones, in the Kubernetes wording', async () => {
    const registry = new LogRegistry({ seed: 1, now: clockAt(now) });
    const h = await serve(registry, pod('web-0', ['app', 'sidecar'], { init: ['init-db'] }), pod('web-1', ['app', 'sidecar']));
    const expectBadRequest = async (path: string, message: string): Promise<void> => {
      const answer = await get(h, path);
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toBe('application/json');
      expect(JSON.parse(answer.text)).toEqual(badRequest(message));
    };
    await expectBadRequest(logPath('web-0'), 'a container name must be specified for pod web-0, choose one of: [app sidecar] or one of the init containers: [init-db]');
    await expectBadRequest(logPath('web-1'), 'a container name must be specified for pod web-1, choose one of: [app sidecar]');
    await expectBadRequest(logPath('web-0', 'container=nope'), 'container nope is not valid for pod web-0');
    // Every container of the pod has a log, init containers included, though none was declared.
    for (const container of ['app', 'sidecar', 'init-db']) {
      const answer = await get(h, logPath('web-0', `container=${container}`));
      expect(answer.status, container).toBe(200);
      expect(answer.lines.length, container).toBeGreaterThan(0);
    }
    expect((await get(h, logPath('web-0', 'container=init-db'))).lines.at(-2)).toContain('all steps completed');
    expect((await get(h, logPath('web-0', 'container=sidecar'))).text).toMatch(/"(GET|POST|PUT|DELETE|PATCH) \S+ HTTP\/1\.1" \d{3}/);
  });

  it('serves the previous instance, which ends with a crash, and a 400 when there is none', async () => {
    const started = T0 + 60_000;
    const registry = new LogRegistry({ seed: 5, now: clockAt(now) });
    registry.container('default', 'crashy', 'app', { startedAt: started, restartCount: 3, running: true });
    const h = await serve(registry, pod('crashy', ['app'], { startedAt: started, restartCount: 3 }), pod('my-pod', ['app']));
    const previous = await get(h, logPath('crashy', 'previous=true&timestamps=true'));
    expect(previous.status).toBe(200);
    expect(previous.text).toMatch(/fatal: lost connection to \S+, exiting/);
    expect(previous.text).toMatch(/panic: runtime error|OutOfMemoryError|FATAL ERROR: Reached heap limit|Traceback \(most recent call last\)/);
    expect(Date.parse(stampOf(previous.lines.at(-1) ?? ''))).toBeLessThan(started);
    const current = await get(h, logPath('crashy', 'timestamps=true'));
    expect(Date.parse(stampOf(current.lines[0] ?? ''))).toBe(started);

    const none = await get(h, logPath('my-pod', 'previous=true'));
    expect(none.status).toBe(400);
    expect(JSON.parse(none.text)).toEqual(badRequest('previous terminated container "app" in pod "my-pod" not found'));
  });

  it('keeps a restarted instance as the previous one, its log read so far then the crash', async () => {
    let clock = T0 + 5 * 60_000;
    const registry = new LogRegistry({ seed: 9, now: () => clock });
    registry.container('default', 'app-1', 'app', { startedAt: T0, restartCount: 0, running: true });
    const h = await serve(registry, pod('app-1', ['app']));
    const before = await get(h, logPath('app-1', 'timestamps=true'));
    clock += 60_000;
    registry.container('default', 'app-1', 'app', { startedAt: clock - 2000, restartCount: 1, running: true });
    h.pods.set('default/app-1', pod('app-1', ['app'], { startedAt: clock - 2000, restartCount: 1 }));
    const previous = await get(h, logPath('app-1', 'previous=true&timestamps=true'));
    expect(previous.lines.slice(0, before.lines.length)).toEqual(before.lines);
    expect(previous.text).toMatch(/fatal: lost connection/);
    expect(Date.parse(stampOf(previous.lines.at(-1) ?? ''))).toBe(clock - 2000);
  });

  it('answers like the kubelet for containers that have not run and like the apiserver for unscheduled pods', async () => {
    const registry = new LogRegistry({ seed: 3, now: clockAt(now) });
    const waiting: PodLike = { metadata: { name: 'pending', namespace: 'default' }, spec: { nodeName: 'node-1', containers: [{ name: 'app' }] }, status: { containerStatuses: [{ name: 'app', restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] } };
    const crashLoop: PodLike = {
      metadata: { name: 'looping', namespace: 'default' },
      spec: { nodeName: 'node-1', containers: [{ name: 'app' }] },
      status: { containerStatuses: [{ name: 'app', restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, containerID: 'containerd://x', startedAt: iso(T0), finishedAt: iso(T0 + 45_000) } } }] },
    };
    const unscheduled: PodLike = { metadata: { name: 'nowhere', namespace: 'default' }, spec: { containers: [{ name: 'app' }] }, status: {} };
    const h = await serve(registry, waiting, crashLoop, unscheduled);
    expect(JSON.parse((await get(h, logPath('pending'))).text)).toEqual(badRequest('container "app" in pod "pending" is waiting to start: ContainerCreating'));
    // Waiting to restart: both the plain and the previous log are the instance that crashed.
    const current = await get(h, logPath('looping', 'timestamps=true'));
    expect(current.status).toBe(200);
    expect(stampOf(current.lines[0] ?? '')).toBe('2024-05-01T10:00:00.000000000Z');
    expect(stampOf(current.lines.at(-1) ?? '')).toBe('2024-05-01T10:00:45.000000000Z');
    expect(current.text).toMatch(/fatal: lost connection/);
    expect((await get(h, logPath('looping', 'previous=true&timestamps=true'))).text).toBe(current.text);
    const none = await fetch(`${h.base}${logPath('nowhere')}`);
    expect(none.status).toBe(204);
  });
});

describe('generated logs', () => {
  const now = T0 + 60 * 60_000;

  async function body(seed: number, capacity: number, reads: number[] = [now], query = 'timestamps=true'): Promise<string> {
    let clock = reads[0] ?? now;
    const registry = new LogRegistry({ seed, capacity, now: () => clock });
    registry.container('shop', 'orders-7d9f8b6c5-x2klp', 'app', { startedAt: T0, restartCount: 0, running: true });
    const h = await serve(registry, pod('orders-7d9f8b6c5-x2klp', ['app'], { namespace: 'shop' }));
    let text = '';
    for (const at of reads) {
      clock = at;
      text = (await get(h, logPath('orders-7d9f8b6c5-x2klp', query, 'shop'))).text;
    }
    return text;
  }

  it('mixes levels, JSON, ANSI colours, access lines, multi-byte UTF-8 and a few very long lines, at about the configured rate', async () => {
    const text = await body(11, 20_000, [now], '');
    const lines = text.replace(/\n$/, '').split('\n');
    expect(lines.length).toBeGreaterThan(2 * 3600 * 0.8);
    expect(lines.length).toBeLessThan(2 * 3600 * 1.2);
    for (const level of ['info', 'warn', 'error', 'debug']) expect(text, level).toMatch(new RegExp(`\\b${level}`, 'i'));
    const json = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { level: string; msg: string });
    expect(json.length).toBeGreaterThan(100);
    expect(json.every((j) => typeof j.msg === 'string' && typeof j.level === 'string')).toBe(true);
    // eslint-disable-next-line no-control-regex
    expect(lines.some((l) => /\x1b\[[\d;]*m/.test(l))).toBe(true);
    expect(lines.some((l) => /"(GET|POST|PUT|DELETE|PATCH) \S+ HTTP\/1\.1" \d{3}/.test(l))).toBe(true);
    expect(text).toMatch(/é/);
    expect(text).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    expect(text).toMatch(/\p{Extended_Pictographic}/u);
    const long = lines.filter((l) => Buffer.byteLength(l) > 2048);
    expect(long.length).toBeGreaterThan(2);
    expect(long.length).toBeLessThan(lines.length / 100);
    expect(Math.max(...long.map((l) => Buffer.byteLength(l)))).toBeLessThan(16 * 1024);
  });

  it('keeps at most `capacity` lines per instance, the newest ones, however the log was read', async () => {
    const small = await body(21, 50);
    const large = await body(21, 5000);
    const readTwice = await body(21, 50, [T0 + 30 * 60_000, now]);
    const smallLines = small.replace(/\n$/, '').split('\n');
    expect(smallLines).toHaveLength(50);
    expect(large.replace(/\n$/, '').split('\n').slice(-50)).toEqual(smallLines);
    expect(readTwice).toBe(small);
  });

  it('is deterministic for a seed and a clock, and differs between seeds', async () => {
    const a = await body(7, 5000);
    expect(await body(7, 5000)).toBe(a);
    expect(await body(8, 5000)).not.toBe(a);
  });
});

describe('following a log', () => {
  async function following(registry: LogRegistry): Promise<{ h: Harness; reader: ReadableStreamDefaultReader<Uint8Array>; abort: AbortController }> {
    const started = Date.now() - 5000;
    registry.container('default', 'live', 'app', { startedAt: started, restartCount: 0, running: true });
    const h = await serve(registry, pod('live', ['app'], { startedAt: started }));
    const abort = new AbortController();
    const res = await fetch(`${h.base}${logPath('live', 'follow=true&tailLines=2&timestamps=true')}`, { signal: abort.signal });
    expect(res.status).toBe(200);
    if (!res.body) throw new Error('no body');
    return { h, reader: res.body.getReader(), abort };
  }

  async function readLines(reader: ReadableStreamDefaultReader<Uint8Array>, until: (lines: string[], done: boolean) => boolean): Promise<string[]> {
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (value) text += decoder.decode(value, { stream: true });
      const lines = text.split('\n').slice(0, -1);
      if (done || until(lines, false)) return lines;
    }
  }

  it('streams new lines as they are written and ends when the container stops', async () => {
    const registry = new LogRegistry({ seed: 4, linesPerSecond: 40 });
    const { reader } = await following(registry);
    const first = Date.now();
    const lines = await readLines(reader, (l) => l.length >= 12);
    expect(Date.now() - first).toBeGreaterThan(100);
    const stamps = lines.map((l) => Date.parse(stampOf(l)));
    expect([...stamps].sort((a, b) => a - b)).toEqual(stamps);
    expect(stamps.at(-1)).toBeGreaterThan(first - 1000);
    expect(stamps.at(-1)).toBeLessThanOrEqual(Date.now());

    registry.stop('default', 'live');
    const rest = await readLines(reader, () => false);
    expect(rest.at(-1)).toContain('server stopped');
    expect(await reader.read()).toEqual({ done: true, value: undefined });
  });

  it('ends the stream as soon as the container stops, not at the next look', async () => {
    // One write every ~7 s: the follower sleeps on its longest wait when the stop comes.
    const registry = new LogRegistry({ seed: 4, linesPerSecond: 0.2 });
    const { reader } = await following(registry);
    await readLines(reader, (l) => l.length >= 2);
    const stoppedAt = Date.now();
    registry.stop('default', 'live');
    const rest = await readLines(reader, () => false);
    expect(Date.now() - stoppedAt).toBeLessThan(250);
    expect(rest.at(-1)).toContain('server stopped');
  });

  it('leaves no timer behind when the client disconnects', async () => {
    const registry = new LogRegistry({ seed: 4, linesPerSecond: 20 });
    const { h, reader, abort } = await following(registry);
    await readLines(reader, (l) => l.length >= 3);
    abort.abort();
    const deadline = Date.now() + 2000;
    while (h.closes.length === 0 && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    const [close] = h.closes;
    // The follower was waiting on its timer, and the disconnect itself cleared it.
    expect(close?.before).toBeGreaterThanOrEqual(1);
    expect(close?.after).toBe((close?.before ?? 0) - 1);
  });
});
