/**
 * The log endpoint (DESIGN §3, §7) in a small fastify app in front of the emulator, with real `ws`
 * clients and the kit's own LogStream: the seed's examples, the close codes, resume without loss or
 * duplicates, the end of a log, aborts that leave no request open, and a paused reader that gets 4408
 * while the gateway's buffer stays bounded.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import websocket from '@fastify/websocket';
import { CoreV1Api, KubeConfig, type V1Pod } from '@kubernetes/client-node';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { isRole } from '../../server/auth/roles.ts';
import { defaultConfig } from '../../server/config.ts';
import { ClusterRegistry } from '../../server/kube/clusters.ts';
import { startSimulator, type Simulator } from '../../server/sim/simulator.ts';
import type { StoredObject } from '../../server/sim/object.ts';
import { GatewayMetrics } from '../../server/metrics/gateway-metrics.ts';
import type { GatewayContext } from '../../server/ws/context.ts';
import { LineSplitter } from '../../server/ws/logs/line-splitter.ts';
import { kubeLogOptions } from '../../server/ws/logs/log-options.ts';
import { registerLogsEndpoint } from '../../server/ws/logs/index.ts';
import { closeSocket } from '../../server/ws/socket-util.ts';
import { createKubeVisionClient } from '../../src/core/client.ts';
import type { LogEntry } from '../../src/core/log-stream.ts';
import { CloseCode } from '../../src/core/protocol.ts';
import { until } from '../support/ws-server.ts';
import { ResourceCatalog } from '../../server/kube/catalog.js';
import { ClusterAccess } from '../../server/kube/cluster-access.js';
import { MemoryClusterTokens } from '../../server/store/cluster-tokens.js';

const RFC3339_LINE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2}) /;

/** Counts the emulator's log responses still open (and all ever served) for one cluster. */
interface LogRequestCounter {
  open: number;
  total: number;
}

function countLogRequests(sim: Simulator, cluster: string): LogRequestCounter {
  const counter: LogRequestCounter = { open: 0, total: 0 };
  const target = sim.cluster(cluster);
  const serve = target.serveLog.bind(target);
  target.serveLog = (req: IncomingMessage, res: ServerResponse, pod: StoredObject, query: URLSearchParams) => {
    counter.open++;
    counter.total++;
    res.once('close', () => counter.open--);
    serve(req, res, pod, query);
  };
  return counter;
}

interface TestGateway {
  readonly url: string;
  readonly wsBase: string;
  /** Every server-side socket admitted so far, and the URL it was opened with. */
  readonly sockets: WebSocket[];
  readonly urls: URL[];
  readonly shutdown: AbortController;
  close(): Promise<void>;
}

/** A fastify app with only the log endpoint; `admit` takes the identity from the `role` and `namespaces` query parameters. */
async function startGateway(sim: Simulator, tune: { sendBufferBytes?: number; stallTimeoutMs?: number } = {}): Promise<TestGateway> {
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig());
  const app = Fastify();
  await app.register(websocket);
  const config = defaultConfig();
  if (tune.sendBufferBytes !== undefined) config.limits.sendBufferBytes = tune.sendBufferBytes;
  const shutdown = new AbortController();
  const sockets: WebSocket[] = [];
  const urls: URL[] = [];
  const ctx: GatewayContext = {
    config,
    clusters: ClusterRegistry.fromKubeConfig(kc),
    log: app.log,
    metrics: new GatewayMetrics(),
    shutdown: shutdown.signal,
    access: ClusterAccess.forConfig(config, new MemoryClusterTokens()),
    catalog: new ResourceCatalog(),
    async admit(socket, request) {
      const url = new URL(request.url, 'http://test');
      const params = url.searchParams;
      const role = params.get('role') ?? 'viewer';
      if (!isRole(role)) {
        closeSocket(socket, CloseCode.Unauthorized, 'unknown role');
        return null;
      }
      sockets.push(socket);
      urls.push(url);
      const namespaces = params.get('namespaces');
      return { user: `test-${role}`, role, clusters: null, namespaces: namespaces ? namespaces.split(',') : null };
    },
    identify: async () => null,
  };
  registerLogsEndpoint(app, ctx, tune.stallTimeoutMs === undefined ? {} : { stallTimeoutMs: tune.stallTimeoutMs });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    wsBase: `ws://127.0.0.1:${port}/api/v1/ws/logs`,
    sockets,
    urls,
    shutdown,
    async close() {
      for (const s of sockets) s.terminate();
      await app.close();
    },
  };
}

interface LogClient {
  readonly ws: WebSocket;
  readonly lines: string[];
  /** Epoch ms of the first frame. */
  firstFrameAt: number | null;
  readonly closed: Promise<{ code: number; reason: string }>;
}

function openLog(gateway: TestGateway, path: string, query = ''): LogClient {
  const ws = new WebSocket(`${gateway.wsBase}/${path}${query ? `?${query}` : ''}`);
  const client: LogClient = {
    ws,
    lines: [],
    firstFrameAt: null,
    closed: new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))),
  };
  ws.on('message', (data, isBinary) => {
    expect(isBinary).toBe(false);
    client.firstFrameAt ??= Date.now();
    client.lines.push(data.toString());
  });
  return client;
}

/** The index in `history` where `run` appears as consecutive lines, or -1. */
function findRun(run: readonly string[], history: readonly string[]): number {
  for (let start = history.indexOf(run[0] ?? ''); start >= 0; start = history.indexOf(run[0] ?? '', start + 1)) {
    if (run.every((line, i) => history[start + i] === line)) return start;
  }
  return -1;
}

const stripTimestamp = (line: string): string => line.replace(RFC3339_LINE, '');
const timestampMs = (line: string): number => Date.parse(line.slice(0, line.indexOf(' ')));

let sim: Simulator;
let api: CoreV1Api;
let gateway: TestGateway;
let requests: LogRequestCounter;

/** The emulator's whole retained log of a container, with timestamps. */
async function history(pod: string, container: string, namespace = 'default'): Promise<string[]> {
  const text = await api.readNamespacedPodLog({ name: pod, namespace, container, timestamps: true });
  return text.split('\n').filter((line) => line !== '');
}

async function podWhere(namespace: string, match: (pod: V1Pod) => boolean): Promise<string> {
  const name = (await api.listNamespacedPod({ namespace })).items.find(match)?.metadata?.name;
  if (!name) throw new Error(`no such pod in ${namespace}`);
  return name;
}

beforeAll(async () => {
  sim = await startSimulator({ seed: 1, logLinesPerSecond: 20 });
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig('prod-us'));
  api = kc.makeApiClient(CoreV1Api);
  requests = countLogRequests(sim, 'prod-us');
  gateway = await startGateway(sim);
});

afterAll(async () => {
  await gateway?.close();
  await sim?.stop();
});

describe('line splitting', () => {
  const feedBytewise = (bytes: Uint8Array): string[] => {
    const splitter = new LineSplitter();
    const lines = [...bytes].flatMap((b) => splitter.push(Uint8Array.of(b)));
    return [...lines, ...splitter.end()];
  };

  it('splits across any chunk boundary, with \\r\\n as one break and the last partial line kept', () => {
    const text = 'héllo wörld 👋\r\nsecond\n\nthird\rstill third\r\nlast without newline';
    expect(feedBytewise(new TextEncoder().encode(text))).toEqual(['héllo wörld 👋', 'second', '', 'third\rstill third', 'last without newline']);
  });

  it('turns invalid UTF-8 into U+FFFD, also at the very end', () => {
    expect(feedBytewise(Uint8Array.of(0x61, 0xff, 0x62, 0x0a, 0xe2, 0x82))).toEqual(['a\uFFFDb', '\uFFFD']);
  });

  it('sends an endless line in bounded pieces, never splitting a surrogate pair', () => {
    const splitter = new LineSplitter(4);
    expect(splitter.push(new TextEncoder().encode('abc👋defgh'))).toEqual(['abc', '👋de']);
    expect(splitter.end()).toEqual(['fgh']);
  });

  it('fills in the defaults of the seed and maps tail', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0, 700);
    expect(kubeLogOptions({}, now)).toEqual({ follow: true, timestamps: false, previous: false, tailLines: 100 });
    expect(kubeLogOptions({ tail: -1, sinceTime: '2026-01-01T11:00:00.5Z', follow: false }, now)).toEqual({ follow: false, timestamps: false, previous: false, sinceTime: '2026-01-01T11:00:00.5Z' });
    expect(kubeLogOptions({ tail: 0 }, now).sinceTime).toBe('2026-01-01T12:00:00Z');
    expect(kubeLogOptions({ tail: 0, sinceTime: '2026-01-01T13:00:00Z' }, now).sinceTime).toBe('2026-01-01T13:00:00Z');
  });
});

describe('/api/v1/ws/logs against the emulator', () => {
  it("the seed's ?container=app&tail=100 sends 100 lines of history first, then streams", async () => {
    const client = openLog(gateway, 'prod-us/default/my-pod', 'container=app&tail=100');
    await until(() => client.lines.length >= 110, '110 lines', 15_000);
    client.ws.close();
    const all = await history('my-pod', 'app');
    const start = findRun(client.lines, all.map(stripTimestamp));
    expect(start).toBeGreaterThanOrEqual(0);
    const received = all.slice(start, start + client.lines.length);
    const firstFrameAt = client.firstFrameAt ?? 0;
    // The first 100 were written before the first frame arrived; the later ones were followed live.
    expect(received.slice(0, 100).every((line) => timestampMs(line) <= firstFrameAt)).toBe(true);
    expect(timestampMs(received.at(-1) ?? '')).toBeGreaterThan(firstFrameAt);
    expect(client.lines.some((line) => RFC3339_LINE.test(line))).toBe(false);
  });

  it('timestamps=true lines start with an RFC3339 timestamp and a space', async () => {
    const client = openLog(gateway, 'prod-us/default/my-pod', 'container=app&tail=10&timestamps=true');
    await until(() => client.lines.length >= 12, '12 lines', 10_000);
    client.ws.close();
    for (const line of client.lines) expect(line).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z /);
  });

  it('tail=5&follow=false sends 5 lines, then closes with 1000', async () => {
    const client = openLog(gateway, 'prod-us/default/my-pod', 'tail=5&follow=false');
    expect((await client.closed).code).toBe(CloseCode.Normal);
    expect(client.lines).toHaveLength(5);
  });

  it('a terminated container ends the followed log with 1000', async () => {
    const job = await podWhere('default', (p) => p.metadata?.labels?.['job-name'] !== undefined);
    const client = openLog(gateway, `prod-us/default/${job}`, 'tail=5&timestamps=true');
    expect((await client.closed).code).toBe(CloseCode.Normal);
    expect(client.lines).toEqual((await history(job, 'backup')).slice(-5));
  });

  it('without container, a multi-container pod streams its first container', async () => {
    const web = await podWhere('default', (p) => p.metadata?.labels?.app === 'web');
    const client = openLog(gateway, `prod-us/default/${web}`, 'tail=20&follow=false&timestamps=true');
    expect((await client.closed).code).toBe(CloseCode.Normal);
    expect(client.lines).toHaveLength(20);
    expect(findRun(client.lines, await history(web, 'app'))).toBeGreaterThanOrEqual(0);
    expect(findRun(client.lines, await history(web, 'sidecar'))).toBe(-1);
  });

  it('previous=true reads the instance before the last restart', async () => {
    const crashing = await podWhere('shop', (p) => (p.status?.containerStatuses?.[0]?.restartCount ?? 0) > 0 && p.metadata?.labels?.app === 'checkout');
    const client = openLog(gateway, `prod-us/shop/${crashing}`, 'container=checkout&previous=true&tail=3&follow=false&timestamps=true');
    expect((await client.closed).code).toBe(CloseCode.Normal);
    expect(client.lines).toHaveLength(3);
    const previous = await api.readNamespacedPodLog({ name: crashing, namespace: 'shop', container: 'checkout', previous: true, timestamps: true });
    expect(previous.endsWith(`${client.lines.join('\n')}\n`)).toBe(true);
  });

  it('the kit resumes across a forced disconnect with no line lost or repeated', async () => {
    const kit = createKubeVisionClient({ baseUrl: gateway.url, getToken: () => 'anything', page: null, backoff: { baseMs: 100, maxMs: 200 } });
    const entries: LogEntry[] = [];
    const stream = kit.openLogs({ cluster: 'prod-us', namespace: 'default', pod: 'my-pod', container: 'app', timestamps: true });
    stream.onBatch((batch) => entries.push(...batch.entries));
    const lines = (): string[] => entries.flatMap((e) => (e.kind === 'line' ? [e.text] : []));
    try {
      await until(() => lines().length >= 110, 'the first lines', 15_000);
      const socketsBefore = gateway.sockets.length;
      gateway.sockets.at(-1)?.terminate();
      await until(() => gateway.sockets.length > socketsBefore, 'the reconnect', 10_000);
      const afterReconnect = lines().length;
      await until(() => lines().length >= afterReconnect + 20, 'lines after the reconnect', 10_000);
    } finally {
      stream.dispose();
      kit.dispose();
    }
    expect(entries.some((e) => e.kind === 'disconnect')).toBe(true);
    const resumed = gateway.urls.at(-1)?.searchParams;
    expect(resumed?.get('tail')).toBe('-1');
    expect(resumed?.get('sinceTime')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
    // One unbroken run of the emulator's history: nothing missing, nothing twice, nothing out of order.
    expect(findRun(lines(), await history('my-pod', 'app'))).toBeGreaterThanOrEqual(0);
  });

  it('closes 4400 with the reason for bad names or query, before any cluster call', async () => {
    const before = requests.total;
    const cases: [string, string, RegExp][] = [
      ['prod-us/default/Bad_Pod', '', /^pod /],
      ['nope/default/Bad_Pod', '', /^pod /],
      ['prod-us/Default/my-pod', '', /^namespace /],
      ['prod-us/default/my-pod', 'container=Not_Valid', /^container /],
      ['prod-us/default/my-pod', 'tail=abc', /"tail" must be an integer/],
      ['prod-us/default/my-pod', 'tail=-2', /"tail" must be from -1/],
      ['prod-us/default/my-pod', 'follow=maybe', /"follow" must be true or false/],
      ['prod-us/default/my-pod', 'sinceTime=yesterday', /"sinceTime" must be an RFC3339 timestamp/],
    ];
    for (const [path, query, reason] of cases) {
      const closed = await openLog(gateway, path, query).closed;
      expect(closed.code, `${path}?${query}`).toBe(CloseCode.BadRequest);
      expect(closed.reason).toMatch(reason);
    }
    expect(requests.total).toBe(before);
  });

  it('closes 4404 for an unknown cluster, pod or container, and a pod no node runs yet', async () => {
    const unscheduled = await podWhere('shop', (p) => !p.spec?.nodeName);
    const cases: [string, string, RegExp][] = [
      ['nope/default/my-pod', '', /cluster "nope" not found/],
      ['prod-us/default/no-such-pod', '', /no-such-pod/],
      ['prod-us/default/my-pod', 'container=nope', /container "nope" not found in pod "my-pod"/],
      [`prod-us/shop/${unscheduled}`, '', /not running on a node/],
    ];
    for (const [path, query, reason] of cases) {
      const closed = await openLog(gateway, path, query).closed;
      expect(closed.code, path).toBe(CloseCode.NotFound);
      expect(closed.reason).toMatch(reason);
    }
  });

  it('closes 4403 for a namespace the user may not read, before looking for the pod', async () => {
    for (const pod of ['my-pod', 'no-such-pod']) {
      const closed = await openLog(gateway, `prod-us/default/${pod}`, 'namespaces=shop').closed;
      expect(closed.code).toBe(CloseCode.Forbidden);
    }
  });

  it("closes 4400 with Kubernetes' own message when the log request is refused", async () => {
    const closed = await openLog(gateway, 'prod-us/default/my-pod', 'previous=true').closed;
    expect(closed.code).toBe(CloseCode.BadRequest);
    expect(closed.reason).toBe('previous terminated container "app" in pod "my-pod" not found');
  });

  it('ignores whatever the client sends', async () => {
    const client = openLog(gateway, 'prod-us/default/my-pod', 'tail=1');
    await until(() => client.lines.length >= 1, 'a line');
    client.ws.send('{"type":"resize"}');
    client.ws.send('not json at all');
    client.ws.send(Buffer.from([0xff, 0x00, 0x13]));
    await until(() => client.lines.length >= 3, 'more lines', 10_000);
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    client.ws.close();
  });

  it('a client that leaves, politely or not, leaves no request open to the emulator', async () => {
    await until(() => requests.open === 0, 'earlier requests to end');
    for (const leave of [(ws: WebSocket) => ws.close(), (ws: WebSocket) => ws.terminate()]) {
      const client = openLog(gateway, 'prod-us/default/my-pod', 'tail=1');
      await until(() => client.lines.length >= 2, 'followed lines', 10_000);
      expect(requests.open).toBe(1);
      leave(client.ws);
      await until(() => requests.open === 0, 'the request to end');
    }
  });

  it('a log response the cluster cuts off closes 1011, a code the kit retries', async () => {
    const cluster = sim.cluster('prod-us');
    const counted = cluster.serveLog;
    cluster.serveLog = (req, res, pod, query) => {
      counted(req, res, pod, query);
      setTimeout(() => res.destroy(), 300);
    };
    try {
      const client = openLog(gateway, 'prod-us/default/my-pod', 'tail=2');
      const closed = await client.closed;
      expect(closed.code).toBe(CloseCode.InternalError);
      expect(closed.reason).toMatch(/broke off/);
      expect(client.lines.length).toBeGreaterThanOrEqual(2);
    } finally {
      cluster.serveLog = counted;
    }
  });

  it('closes 1001 on shutdown and ends the request', async () => {
    const own = await startGateway(sim);
    try {
      const client = openLog(own, 'prod-us/default/my-pod', 'tail=1');
      await until(() => client.lines.length >= 1, 'a line');
      own.shutdown.abort();
      expect((await client.closed).code).toBe(CloseCode.GoingAway);
      await until(() => requests.open === 0, 'the request to end');
      expect((await openLog(own, 'prod-us/default/my-pod').closed).code).toBe(CloseCode.GoingAway);
    } finally {
      await own.close();
    }
  });
});

describe('a reader that stops reading', () => {
  let fast: Simulator;
  let fastRequests: LogRequestCounter;

  beforeAll(async () => {
    // Enough log to fill the loopback buffers between gateway and client in a moment.
    fast = await startSimulator({ seed: 1, clusters: ['prod-us'], logLinesPerSecond: 4000, logCapacity: 80_000 });
    fastRequests = countLogRequests(fast, 'prod-us');
  });

  afterAll(async () => {
    await fast?.stop();
  });

  it('pauses the cluster stream, then gets 4408, while the send buffer stays bounded', async () => {
    const sendBufferBytes = 256 * 1024;
    const own = await startGateway(fast, { sendBufferBytes, stallTimeoutMs: 500 });
    try {
      const client = openLog(own, 'prod-us/default/my-pod', 'tail=-1');
      client.ws.once('open', () => client.ws.pause());
      await until(() => own.sockets.length === 1, 'admission');
      const server = own.sockets[0] as WebSocket;
      let maxBuffered = 0;
      await until(
        () => {
          maxBuffered = Math.max(maxBuffered, server.bufferedAmount);
          return server.readyState !== WebSocket.OPEN;
        },
        'the gateway to give up on the paused reader',
        20_000,
      );
      expect(maxBuffered).toBeGreaterThan(0);
      expect(maxBuffered).toBeLessThanOrEqual(sendBufferBytes);
      await until(() => fastRequests.open === 0, 'the request to end');
      client.ws.resume();
      const closed = await client.closed;
      expect(closed.code).toBe(CloseCode.SlowConsumer);
      expect(client.lines.length).toBeGreaterThan(0);
    } finally {
      await own.close();
    }
  });
});
