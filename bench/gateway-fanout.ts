/**
 * Watch fan-out: 1,000 watch clients on loopback while the emulator churns at a fixed event rate.
 * Prints delivered events/s, delivery latency p50/p99 (store write to client receipt) and RSS, for
 * the gateway and for a raw `ws` broadcast of the same messages run in the same process.
 * Run: npm run bench:fanout   (CLIENTS, RATE, SECONDS, RUNS override the defaults)
 */
import { KubeConfig } from '@kubernetes/client-node';
import { WebSocket, WebSocketServer } from 'ws';
import { buildGateway } from '../server/app.ts';
import { startChurn } from '../server/sim/churn.ts';
import { defaultConfig } from '../server/config.ts';
import { ClusterRegistry } from '../server/kube/clusters.ts';
import { startSimulator } from '../server/sim/simulator.ts';

const CLIENTS = Number(process.env.CLIENTS ?? 1000);
const RATE = Number(process.env.RATE ?? 50);
const SECONDS = Number(process.env.SECONDS ?? 10);
const RUNS = Number(process.env.RUNS ?? 3);
const ADMIN = 'bench-admin-token';

interface Figures {
  eventsPerSecond: number;
  p50: number;
  p99: number;
  rssMb: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function connectAll(url: string, subscribe: string | null): Promise<WebSocket[]> {
  const clients: WebSocket[] = [];
  for (let i = 0; i < CLIENTS; i += 100) {
    const batch = Array.from({ length: Math.min(100, CLIENTS - i) }, () => new WebSocket(url));
    await Promise.all(batch.map((ws) => new Promise((r, j) => ws.once('open', r).once('error', j))));
    if (subscribe) for (const ws of batch) ws.send(subscribe);
    clients.push(...batch);
  }
  return clients;
}

/** Measures delivery of `pods` events written by churn, timed from the store write. */
async function measure(clients: WebSocket[], sent: Map<string, number>, churnFor: () => { stop(): void }): Promise<Figures> {
  const latencies: number[] = [];
  let delivered = 0;
  let measuring = false;
  for (const ws of clients) {
    ws.on('message', (data) => {
      if (!measuring) return;
      const text = data.toString();
      const rv = /"resourceVersion":"(\d+)"/.exec(text)?.[1];
      const at = rv ? sent.get(rv) : undefined;
      if (at === undefined) return;
      delivered++;
      latencies.push(performance.now() - at);
    });
  }
  await new Promise((r) => setTimeout(r, 1000));
  measuring = true;
  const churn = churnFor();
  const start = performance.now();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  churn.stop();
  await new Promise((r) => setTimeout(r, 1000));
  measuring = false;
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { eventsPerSecond: delivered / elapsed, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), rssMb: process.memoryUsage().rss / 1e6 };
}

async function run(seed: number): Promise<{ gateway: Figures; raw: Figures }> {
  const sim = await startSimulator({ seed, clusters: ['prod-us'] });
  const store = sim.cluster('prod-us').store;
  const sent = new Map<string, number>();
  const off = store.subscribe((e) => {
    if (e.resource.plural === 'pods') sent.set(e.object.metadata.resourceVersion, performance.now());
  });
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig());
  const config = defaultConfig();
  config.recording.enabled = false;
  config.limits.connectionsPerUser = CLIENTS + 10;
  const gateway = await buildGateway({ config, clusters: ClusterRegistry.fromKubeConfig(kc), production: false, adminToken: ADMIN, logStream: false });
  const url = await gateway.listen(0, '127.0.0.1');
  const subscribe = JSON.stringify({ action: 'subscribe', cluster: 'prod-us', namespace: '', resource: 'pods' });
  const clients = await connectAll(`${url.replace(/^http/, 'ws')}/api/v1/ws/watch?token=${ADMIN}`, subscribe);
  const gatewayFigures = await measure(clients, sent, () => startChurn(sim.cluster('prod-us'), { eventsPerSecond: RATE, seed }));
  for (const ws of clients) ws.terminate();
  await gateway.close();

  // The baseline: the same events, serialised once and broadcast by a bare ws server.
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((r) => wss.once('listening', r));
  const address = wss.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const rawClients = await connectAll(`ws://127.0.0.1:${port}`, null);
  const offRaw = store.subscribe((e) => {
    if (e.resource.plural !== 'pods') return;
    const text = JSON.stringify({ type: e.type, cluster: 'prod-us', resource: 'pods', object: e.object });
    for (const ws of wss.clients) ws.send(text);
  });
  const rawFigures = await measure(rawClients, sent, () => startChurn(sim.cluster('prod-us'), { eventsPerSecond: RATE, seed }));
  offRaw();
  for (const ws of rawClients) ws.terminate();
  await new Promise((r) => wss.close(r));
  off();
  await sim.stop();
  return { gateway: gatewayFigures, raw: rawFigures };
}

const results: { gateway: Figures; raw: Figures }[] = [];
for (let i = 0; i < RUNS; i++) results.push(await run(i + 1));
const row = (pick: (f: Figures) => number, side: 'gateway' | 'raw'): number => Number(median(results.map((r) => pick(r[side]))).toFixed(1));
console.log(`watch fan-out: ${CLIENTS} clients, churn at ${RATE} events/s for ${SECONDS} s, median of ${RUNS} runs`);
console.table({
  gateway: { 'delivered events/s': row((f) => f.eventsPerSecond, 'gateway'), 'p50 ms': row((f) => f.p50, 'gateway'), 'p99 ms': row((f) => f.p99, 'gateway'), 'RSS MB': row((f) => f.rssMb, 'gateway') },
  'raw ws broadcast': { 'delivered events/s': row((f) => f.eventsPerSecond, 'raw'), 'p50 ms': row((f) => f.p50, 'raw'), 'p99 ms': row((f) => f.p99, 'raw'), 'RSS MB': row((f) => f.rssMb, 'raw') },
});
console.log(`gateway / raw delivered events: ${(row((f) => f.eventsPerSecond, 'gateway') / row((f) => f.eventsPerSecond, 'raw')).toFixed(2)}`);
process.exit(0);
