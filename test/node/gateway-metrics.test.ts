/**
 * `/metrics` of a real gateway on the emulator: it parses as Prometheus text, its gauges and
 * counters move as a user's watch, log stream, terminal, REST call and failed login would move
 * them, a 410 relist is counted, and no user name, token, password, pod or namespace ever appears
 * in it. Also the access rule: admin token on the gateway's port, none on the separate metrics port.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { GatewayMetrics } from '../../server/metrics/gateway-metrics.ts';
import { sendMetered } from '../../server/metrics/metered-send.ts';
import { startHarness, USERS, WebSocket, type Harness } from '../support/gateway-harness.ts';
import { until } from '../support/until.ts';

/** One sample of the exposition: metric name, labels, value. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A sample value: a float, or NaN / +Inf / -Inf in any case (as Prometheus reads them; prom-client writes `Nan`). */
function parseValue(text: string, line: string): number {
  if (/^nan$/i.test(text)) return Number.NaN;
  if (/^[+-]?inf$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`bad value: ${line}`);
  return value;
}

/** A small parser of the Prometheus text format (0.0.4): every sample line; comments must be HELP or TYPE. */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      if (!/^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* /.test(line)) throw new Error(`bad comment line: ${line}`);
      continue;
    }
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`bad sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1] ?? ''] = pair[2] ?? '';
    samples.push({ name: match[1] ?? '', labels, value: parseValue(match[3] ?? '', line) });
  }
  return samples;
}

/** The value of the sample `name` whose labels include `labels`; 0 when absent (a labelled series not yet touched). */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return found.reduce((sum, s) => sum + s.value, 0);
}

let h: Harness;

async function scrapeText(url = `${h.url}/metrics`, token: string | null = h.adminToken): Promise<string> {
  const res = await fetch(url, token === null ? {} : { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return res.text();
}

async function scrape(): Promise<Sample[]> {
  return parseMetrics(await scrapeText());
}

/** Scrapes until `probe` holds on the samples; fails naming `what`. */
function metricsUntil(probe: (samples: Sample[]) => boolean, what: string): Promise<Sample[]> {
  return until(async () => {
    const samples = await scrape();
    return probe(samples) ? samples : null;
  }, what);
}

function openSocket(path: string): { ws: WebSocket; frames: { data: Buffer; isBinary: boolean }[]; opened: Promise<void> } {
  const ws = new WebSocket(`${h.wsUrl}${path}`);
  const frames: { data: Buffer; isBinary: boolean }[] = [];
  ws.on('message', (data: Buffer, isBinary) => frames.push({ data, isBinary }));
  const opened = new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
  return { ws, frames, opened };
}

function rest(method: string, path: string, token: string, body?: unknown): Promise<Response> {
  return fetch(`${h.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const WATCH_KEY = { cluster: 'prod-us', namespace: 'default', resource: 'configmaps' };
/** The labels of that subscription's series: the namespace is never one. */
const WATCH_LABELS = { cluster: 'prod-us', resource: 'configmaps' };
const CONFIGMAP = 'metrics-probe-cm';
/** Every secret this file hands the gateway; none may appear in /metrics. */
const secrets: string[] = [];

beforeAll(async () => {
  h = await startHarness();
  secrets.push(h.adminToken, ...Object.keys(USERS), ...Object.values(USERS).map((u) => u.password));
});

afterAll(async () => {
  await h?.stop();
});

describe('GET /metrics on the gateway port', () => {
  it('needs an admin token: 401 without one, 403 for an operator, Prometheus text for an admin', async () => {
    expect((await fetch(`${h.url}/metrics`)).status).toBe(401);
    const alice = await h.login('alice');
    secrets.push(alice);
    expect((await fetch(`${h.url}/metrics`, { headers: { Authorization: `Bearer ${alice}` } })).status).toBe(403);
    const res = await fetch(`${h.url}/metrics`, { headers: { Authorization: `Bearer ${h.adminToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const samples = parseMetrics(await res.text());
    // Default process metrics are included, under their standard names.
    expect(valueOf(samples, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(samples.some((s) => s.name === 'nodejs_heap_size_used_bytes')).toBe(true);
  });

  it('moves as a user expects: watch, snapshot, live event, log stream, terminal, REST, failed login', async () => {
    const alice = await h.login('alice');
    secrets.push(alice);
    const before = await scrape();

    const watch = openSocket(`/api/v1/ws/watch?token=${alice}`);
    await watch.opened;
    watch.ws.send(JSON.stringify({ action: 'subscribe', ...WATCH_KEY }));
    await until(() => watch.frames.some((f) => f.data.toString().includes('"SYNCED"')), 'SYNCED');
    let now = await metricsUntil((s) => valueOf(s, 'kubevision_watch_snapshot_duration_seconds_count', WATCH_LABELS) >= 1, 'a snapshot observed');
    expect(valueOf(now, 'kubevision_websockets_open', { endpoint: 'watch' })).toBe(valueOf(before, 'kubevision_websockets_open', { endpoint: 'watch' }) + 1);
    expect(valueOf(now, 'kubevision_watch_subscriptions', WATCH_LABELS)).toBe(1);
    expect(valueOf(now, 'kubevision_watch_snapshot_objects_count', WATCH_LABELS)).toBeGreaterThanOrEqual(1);
    // The number behind /readyz: the configmaps cache has synced.
    expect(valueOf(now, 'kubevision_watch_caches_not_synced', { cluster: 'prod-us' })).toBe(0);
    expect(now.some((s) => s.name === 'kubevision_watch_caches_not_synced' && s.labels.cluster === 'staging-eu')).toBe(true);

    // A REST create is a live event for the subscription; the REST GET is timed by its route pattern.
    const created = await rest('POST', '/api/v1/clusters/prod-us/configmaps?namespace=default', alice, { metadata: { name: CONFIGMAP }, data: { a: 'b' } });
    expect(created.status).toBe(201);
    expect((await rest('GET', '/api/v1/clusters/prod-us/configmaps?namespace=default', alice)).status).toBe(200);
    now = await metricsUntil((s) => valueOf(s, 'kubevision_watch_events_delivered_total', WATCH_LABELS) >= 1, 'a delivered event');
    expect(valueOf(now, 'kubevision_websocket_sent_bytes_total', { endpoint: 'watch' })).toBeGreaterThan(0);
    const restRoute = { method: 'GET', route: '/api/v1/clusters/:cluster/:resource', status: '200' };
    expect(valueOf(now, 'kubevision_http_request_duration_seconds_count', restRoute)).toBeGreaterThanOrEqual(1);
    expect(valueOf(now, 'kubevision_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/clusters/:cluster/:resource', status: '201' })).toBe(1);

    const logs = openSocket(`/api/v1/ws/logs/prod-us/default/my-pod?token=${alice}&tail=5`);
    await until(() => logs.frames.length > 0, 'a log line');
    now = await scrape();
    expect(valueOf(now, 'kubevision_log_streams_active')).toBe(1);
    expect(valueOf(now, 'kubevision_websockets_open', { endpoint: 'logs' })).toBe(1);
    expect(valueOf(now, 'kubevision_websocket_sent_bytes_total', { endpoint: 'logs' })).toBeGreaterThan(0);

    const terminal = openSocket(`/api/v1/ws/terminal/prod-us/default/my-pod?token=${alice}`);
    await terminal.opened;
    terminal.ws.send(Buffer.from('echo metrics-$((6 * 7))\r'), { binary: true });
    await until(() => Buffer.concat(terminal.frames.filter((f) => f.isBinary).map((f) => f.data)).toString().includes('metrics-42'), 'terminal output');
    now = await scrape();
    expect(valueOf(now, 'kubevision_terminal_sessions_active')).toBe(1);
    expect(valueOf(now, 'kubevision_websockets_open', { endpoint: 'terminal' })).toBe(1);
    expect(valueOf(now, 'kubevision_websocket_sent_bytes_total', { endpoint: 'terminal' })).toBeGreaterThan(0);

    const failed = await fetch(`${h.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: 'not-alice-password' }),
    });
    expect(failed.status).toBe(401);
    secrets.push('not-alice-password');
    now = await scrape();
    expect(valueOf(now, 'kubevision_login_failures_total')).toBe(valueOf(before, 'kubevision_login_failures_total') + 1);

    for (const socket of [watch, logs, terminal]) socket.ws.close();
    now = await metricsUntil(
      (s) => valueOf(s, 'kubevision_terminal_sessions_active') === 0 && valueOf(s, 'kubevision_log_streams_active') === 0 && valueOf(s, 'kubevision_websockets_open') === valueOf(before, 'kubevision_websockets_open'),
      'every gauge back down after the closes',
    );
    expect(valueOf(now, 'kubevision_watch_subscriptions', WATCH_LABELS)).toBe(0);
    expect((await rest('DELETE', `/api/v1/clusters/prod-us/configmaps/${CONFIGMAP}?namespace=default`, alice)).status).toBe(200);
  });

  it('does not count a client that left while its token was being checked (its close event came first)', async () => {
    const alice = await h.login('alice');
    const before = valueOf(await scrape(), 'kubevision_websockets_open');
    for (let i = 0; i < 30; i++) {
      const { ws, opened } = openSocket(`/api/v1/ws/watch?token=${alice}`);
      await opened;
      ws.terminate();
    }
    await metricsUntil((s) => valueOf(s, 'kubevision_websockets_open') === before, 'the open-socket gauge back to where it was');
  });

  it('counts the 410 and the relist when the cluster forgets its watch history', async () => {
    const watch = openSocket(`/api/v1/ws/watch?token=${h.adminToken}`);
    await watch.opened;
    const key = { cluster: 'prod-us', namespace: '', resource: 'pods' };
    watch.ws.send(JSON.stringify({ action: 'subscribe', ...key }));
    await until(() => watch.frames.some((f) => f.data.toString().includes('"SYNCED"')), 'SYNCED');
    const labels = { cluster: 'prod-us', resource: 'pods' };
    const before = await scrape();
    h.sim.restartHistory();
    h.sim.dropWatches();
    const after = await metricsUntil(
      (s) => valueOf(s, 'kubevision_informer_watch_gone_total', labels) > valueOf(before, 'kubevision_informer_watch_gone_total', labels) && valueOf(s, 'kubevision_informer_relists_total', labels) > valueOf(before, 'kubevision_informer_relists_total', labels),
      'a 410 and a relist of prod-us pods',
    );
    expect(valueOf(after, 'kubevision_informer_relists_total', labels)).toBeGreaterThanOrEqual(1);
    watch.ws.close();
  });

  it('never shows a user name, token, password, pod, namespace or raw URL', async () => {
    const text = await scrapeText();
    const leaks = [...secrets, 'my-pod', 'default', CONFIGMAP, '/api/v1/clusters/prod-us', '?'].filter((s) => text.includes(s));
    expect(leaks).toEqual([]);
    // Only the bounded label names ever appear on the gateway's own metrics.
    const labelNames = new Set(parseMetrics(text).filter((s) => s.name.startsWith('kubevision_')).flatMap((s) => Object.keys(s.labels)));
    expect([...labelNames].filter((l) => !['endpoint', 'cluster', 'resource', 'route', 'method', 'status', 'le'].includes(l))).toEqual([]);
  });
});

describe('a separate metrics port', () => {
  it('serves /metrics without a token there, and the gateway port has none', async () => {
    const own = await startHarness((c) => {
      c.metrics.port = 0;
    });
    try {
      expect(own.gateway.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const samples = parseMetrics(await scrapeText(own.gateway.metricsUrl ?? '', null));
      expect(samples.some((s) => s.name === 'kubevision_websockets_open' || s.name === 'kubevision_login_failures_total')).toBe(true);
      expect((await fetch(`${own.url}/metrics`, { headers: { Authorization: `Bearer ${own.adminToken}` } })).status).toBe(404);
    } finally {
      await own.stop();
    }
  });

  it('metrics.enabled false serves them nowhere', async () => {
    const own = await startHarness((c) => {
      c.metrics.enabled = false;
    });
    try {
      expect(own.gateway.metricsUrl).toBeNull();
      expect((await fetch(`${own.url}/metrics`, { headers: { Authorization: `Bearer ${own.adminToken}` } })).status).toBe(404);
    } finally {
      await own.stop();
    }
  });
});

describe('sendMetered', () => {
  it('counts the bytes it sent and the one 4408 close it made for a client that stopped reading', async () => {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    const accepted = new Promise<ServerSocket>((resolve) => server.once('connection', resolve));
    const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
    await new Promise((resolve) => client.once('open', resolve));
    const socket = await accepted;
    // The client's TCP socket stops reading: the kernel buffers fill, then the gateway's.
    (client as unknown as { _socket: { pause(): void } })._socket.pause();
    const metrics = new GatewayMetrics();
    const meter = metrics.meter('watch');
    const chunk = Buffer.alloc(1024 * 1024);
    let sent = 0;
    while (sendMetered(socket, chunk, 64 * 1024, meter)) sent++;
    expect(sendMetered(socket, chunk, 64 * 1024, meter)).toBe(false);
    const samples = parseMetrics(await metrics.text());
    expect(valueOf(samples, 'kubevision_websocket_slow_consumer_closes_total', { endpoint: 'watch' })).toBe(1);
    expect(valueOf(samples, 'kubevision_websocket_sent_bytes_total', { endpoint: 'watch' })).toBe(sent * chunk.length);
    client.terminate();
    await new Promise((resolve) => server.close(resolve));
  });
});
