/**
 * Emulator at benchmark size: time to build a 10,000-pod world, and time to list all pods over HTTP
 * against the raw baseline of serialising the same objects in-process. Prints medians of 3 runs.
 * Run: npm run bench:sim
 */
import { startSimulator } from '../server/sim/simulator.ts';

const PODS = Number(process.env.PODS ?? 10_000);
const RUNS = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const build: number[] = [];
const list: number[] = [];
const raw: number[] = [];
let bytes = 0;
let items = 0;
let rss = 0;
for (let run = 0; run < RUNS; run++) {
  const t0 = performance.now();
  const sim = await startSimulator({ extraPods: PODS, tls: false, clusters: ['bench'], seed: run + 1 });
  build.push(performance.now() - t0);
  const store = sim.cluster('bench').store;
  const t1 = performance.now();
  const res = await fetch(`${sim.url}/clusters/bench/api/v1/pods`, { headers: { Authorization: `Bearer ${sim.token}` } });
  const body = await res.text();
  list.push(performance.now() - t1);
  const t2 = performance.now();
  const baselineBytes = JSON.stringify({ items: store.list(store.typeOf('Pod')) }).length;
  raw.push(performance.now() - t2);
  if (baselineBytes === 0) throw new Error('empty baseline');
  bytes = body.length;
  items = (JSON.parse(body) as { items: unknown[] }).items.length;
  rss = Math.max(rss, process.memoryUsage().rss);
  await sim.stop();
}

console.log(`emulator scale: ${items} pods in one list, ${(bytes / 1e6).toFixed(1)} MB, ${RUNS} runs (median)`);
console.table({
  'build world (ms)': Math.round(median(build)),
  'GET /api/v1/pods over HTTP (ms)': Math.round(median(list)),
  'raw JSON.stringify of the same pods (ms)': Math.round(median(raw)),
  'HTTP list / raw serialisation': Number((median(list) / median(raw)).toFixed(2)),
  'peak RSS (MB)': Math.round(rss / 1e6),
});
