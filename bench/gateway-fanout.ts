/**
 * Watch fan-out: N watch clients on loopback while the emulator churns at a fixed event rate, for
 * 1,000 and 10,000 clients by default. The clients live in child processes (bench/fanout/clients.ts),
 * so the RSS this process reports is the gateway's (with the in-process emulator) alone. Prints
 * delivered events/s, delivery latency p50/p99 (store write to client receipt, across processes on one
 * clock) and gateway RSS per client, beside a raw `ws` broadcast of the same messages from this same
 * process to the same client processes, medians of RUNS runs; and the kubevision counters of the
 * gateway's `/metrics` before and after each run.
 * Run: npm run bench:fanout [-- --clients 1000,10000]   (RATE, SECONDS, RUNS, PROCESSES override the defaults)
 */
import { KubeConfig } from '@kubernetes/client-node';
import { parseArgs } from 'node:util';
import { WebSocket, WebSocketServer } from 'ws';
import { buildGateway } from '../server/app.ts';
import { defaultConfig } from '../server/config.ts';
import { ClusterRegistry } from '../server/kube/clusters.ts';
import { startChurn } from '../server/sim/churn.ts';
import { startSimulator } from '../server/sim/simulator.ts';
import { epochNow } from './fanout/ipc.ts';
import { scrape, type Scrape } from './fanout/metrics.ts';
import { ClientPool } from './fanout/pool.ts';
import { histogramPercentile, median } from './fanout/stats.ts';

const { values: args } = parseArgs({ options: { clients: { type: 'string', default: process.env.CLIENTS ?? '1000,10000' } } });
const CLIENT_COUNTS = (args.clients ?? '').split(',').map(Number).filter((n) => n > 0);
const RATE = Number(process.env.RATE ?? 50);
const SECONDS = Number(process.env.SECONDS ?? 10);
const RUNS = Number(process.env.RUNS ?? 3);
const PROCESSES = Number(process.env.PROCESSES ?? 4);
const ADMIN = 'bench-admin-token';
const SETTLE_MS = 1000;

interface Figures {
  eventsPerSecond: number;
  p50: number;
  p99: number;
  /** Growth of this process's RSS from before the clients connected to the end of the churn, per client. */
  rssKbPerClient: number;
}

interface RunResult {
  gateway: Figures;
  raw: Figures;
  metricsBefore: Scrape;
  metricsDuring: Scrape;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** RSS after a full collection where the script runs with --expose-gc (npm run bench:fanout does), so garbage does not count. */
function settledRss(): number {
  globalThis.gc?.();
  return process.memoryUsage().rss;
}

/** Churns for SECONDS while the pool records, then collects deliveries of the stamped pod events. */
async function measure(pool: ClientPool, clients: number, rssBefore: number, stamps: Map<string, number>, churn: () => { stop(): void }): Promise<Figures> {
  await sleep(SETTLE_MS);
  stamps.clear();
  pool.measure();
  const running = churn();
  const start = performance.now();
  await sleep(SECONDS * 1000);
  running.stop();
  await sleep(SETTLE_MS);
  const elapsed = (performance.now() - start) / 1000;
  const rssAfter = settledRss();
  const delivery = await pool.report(stamps);
  return {
    eventsPerSecond: delivery.delivered / elapsed,
    p50: histogramPercentile(delivery.histogram, 0.5),
    p99: histogramPercentile(delivery.histogram, 0.99),
    rssKbPerClient: (rssAfter - rssBefore) / 1024 / clients,
  };
}

/** A subscriber in this process, open once its snapshot is complete. */
async function warmUp(url: string, subscribe: string): Promise<WebSocket> {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const synced = new Promise((resolve) => ws.on('message', (data) => data.toString().startsWith('{"type":"SYNCED"') && resolve(undefined)));
  ws.send(subscribe);
  await synced;
  return ws;
}

type Cluster = ReturnType<Awaited<ReturnType<typeof startSimulator>>['cluster']>;

/** The baseline: the same events, serialised once and broadcast by a bare ws server in this process. */
async function measureRaw(clients: number, seed: number, pool: ClientPool, cluster: Cluster, stamps: Map<string, number>): Promise<Figures> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', backlog: 4096 });
  await new Promise((resolve) => wss.once('listening', resolve));
  const address = wss.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const off = cluster.store.subscribe((e) => {
    if (e.resource.plural !== 'pods') return;
    const text = JSON.stringify({ type: e.type, cluster: 'prod-us', resource: 'pods', object: e.object });
    for (const ws of wss.clients) ws.send(text);
  });
  // The emulator's start-up garbage goes first, or its release would show as negative growth.
  await sleep(SETTLE_MS);
  const rssBefore = settledRss();
  await pool.connect(`ws://127.0.0.1:${port}`, clients, null);
  const figures = await measure(pool, clients, rssBefore, stamps, () => startChurn(cluster, { eventsPerSecond: RATE, seed }));
  off();
  await pool.closeSockets();
  await new Promise((resolve) => wss.close(resolve));
  return figures;
}

/** The gateway in front of the emulator, with its /metrics counters before and at the end of the churn. */
async function measureGateway(clients: number, seed: number, pool: ClientPool, sim: Awaited<ReturnType<typeof startSimulator>>, stamps: Map<string, number>): Promise<Omit<RunResult, 'raw'>> {
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig());
  const config = defaultConfig();
  config.recording.enabled = false;
  config.limits.connectionsPerUser = clients + 10;
  const gateway = await buildGateway({ config, clusters: ClusterRegistry.fromKubeConfig(kc), production: false, adminToken: ADMIN, logStream: false });
  const url = await gateway.listen(0, '127.0.0.1');
  const metricsBefore = await scrape(url, ADMIN);
  const subscribe = JSON.stringify({ action: 'subscribe', cluster: 'prod-us', namespace: '', resource: 'pods' });
  const watchUrl = `${url.replace(/^http/, 'ws')}/api/v1/ws/watch?token=${ADMIN}`;
  // One subscriber first, so the pods informer and its cache exist before the RSS baseline: they are per cluster, not per client.
  const warmup = await warmUp(watchUrl, subscribe);
  await sleep(SETTLE_MS);
  const rssBefore = settledRss();
  await pool.connect(watchUrl, clients, subscribe);
  const gatewayFigures = await measure(pool, clients, rssBefore, stamps, () => startChurn(sim.cluster('prod-us'), { eventsPerSecond: RATE, seed }));
  const metricsDuring = await scrape(url, ADMIN);
  warmup.terminate();
  await pool.closeSockets();
  await gateway.close();
  return { gateway: gatewayFigures, metricsBefore, metricsDuring };
}

/** The RSS ratio, or why there is none: a bare ws socket's growth can be smaller than the heap's own ebb and flow. */
function rssRatio(gateway: number, raw: number): string {
  return raw > 0 ? (gateway / raw).toFixed(2) : 'n/a (the raw growth is within RSS noise)';
}

/** One run: the raw baseline first (its small RSS growth is not lost in the gateway's freed memory), then the gateway. */
async function run(clients: number, seed: number, pool: ClientPool): Promise<RunResult> {
  const sim = await startSimulator({ seed, clusters: ['prod-us'] });
  const cluster = sim.cluster('prod-us');
  const stamps = new Map<string, number>();
  const off = cluster.store.subscribe((e) => {
    if (e.resource.plural === 'pods') stamps.set(e.object.metadata.resourceVersion, epochNow());
  });
  const raw = await measureRaw(clients, seed, pool, cluster, stamps);
  const result = await measureGateway(clients, seed, pool, sim, stamps);
  off();
  await sim.stop();
  return { ...result, raw };
}

const pool = ClientPool.start(PROCESSES);
try {
  for (const clients of CLIENT_COUNTS) {
    const results: RunResult[] = [];
    for (let i = 0; i < RUNS; i++) results.push(await run(clients, i + 1, pool));
    const med = (side: 'gateway' | 'raw', pick: (f: Figures) => number): number => Number(median(results.map((r) => pick(r[side]))).toFixed(2));
    const row = (side: 'gateway' | 'raw') => ({
      'delivered events/s': Math.round(med(side, (f) => f.eventsPerSecond)),
      'p50 ms': med(side, (f) => f.p50),
      'p99 ms': med(side, (f) => f.p99),
      'RSS KB/client': med(side, (f) => f.rssKbPerClient),
    });
    console.log(`\nwatch fan-out: ${clients} clients in ${PROCESSES} client processes, churn at ${RATE} events/s for ${SECONDS} s, median of ${RUNS} runs`);
    const gateway = row('gateway');
    const raw = row('raw');
    console.table({ gateway, 'raw ws broadcast (same process)': raw });
    console.log(
      `gateway / raw: delivered events ${(gateway['delivered events/s'] / raw['delivered events/s']).toFixed(2)}, ` +
        `p99 ${(gateway['p99 ms'] / raw['p99 ms']).toFixed(2)}, RSS per client ${rssRatio(gateway['RSS KB/client'], raw['RSS KB/client'])}`,
    );
    for (const [i, r] of results.entries()) {
      const moved = (name: keyof Scrape) => `${name} ${r.metricsBefore[name]} -> ${r.metricsDuring[name]}`;
      console.log(`  run ${i + 1} /metrics: ${moved('kubevision_watch_events_delivered_total')}, ${moved('kubevision_websockets_open')}`);
    }
  }
} finally {
  await pool.stop();
}
process.exit(0);
