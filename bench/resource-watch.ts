/**
 * Resource watch to screen: PODS pods in the emulator, rewritten at a fixed event rate with the wall
 * clock of each change in an annotation, through the real gateway into a virtualized pod table in
 * headless Chromium, fed either by the kit's `useResourceWatch` (one cache write per frame) or by a
 * baseline that writes the react-query cache once per event with a copy of the list, as Headlamp
 * does. Each side steps through RATES on a fresh page; the page times each change from its stamp to
 * the first task after the frame that painted it, and counts cache writes per frame and long tasks.
 * Prints the figures at HEADLINE events/s and the highest rate each side keeps up with (p99 within
 * P99_LIMIT_MS, 99 % of changes painted), medians of RUNS runs, with the ratio ours / baseline.
 * Asserts nothing.
 * Run: npm run bench:watch   (RUNS, PODS, RATES, HEADLINE, WARMUP_SECONDS, STEP_SECONDS, DRAIN_SECONDS, P99_LIMIT_MS override)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { buildGateway } from '../server/app.ts';
import { defaultConfig } from '../server/config.ts';
import { startEmulatedClusters } from '../server/kube/emulated-clusters.ts';
import { chromiumLaunchArgs, chromiumPath } from '../test/support/chromium.ts';
import { median } from './fanout/stats.ts';
import { buildPage, serveStatic } from './log-viewer/serve.ts';
import { latencyPercentile } from './watch/percentile.ts';
import type { Side } from './watch/protocol.ts';
import { runSide, type StepPlan, type StepResult } from './watch/steps.ts';

const RUNS = Number(process.env.RUNS ?? 3);
const PODS = Number(process.env.PODS ?? 10_000);
const PLAN: StepPlan = {
  rates: (process.env.RATES ?? '1000,2000,3000,5000,10000,20000').split(',').map(Number),
  headline: Number(process.env.HEADLINE ?? 1000),
  warmupMs: Number(process.env.WARMUP_SECONDS ?? 1) * 1000,
  stepMs: Number(process.env.STEP_SECONDS ?? 4) * 1000,
  drainMs: Number(process.env.DRAIN_SECONDS ?? 1) * 1000,
  p99LimitMs: Number(process.env.P99_LIMIT_MS ?? 500),
};
const CLUSTER = 'bench';
const NAMESPACE = 'load';
const ADMIN = 'bench-admin-token';
const SIDES: readonly Side[] = ['ours', 'baseline'];
const LABEL: Record<Side, string> = { ours: 'ours (useResourceWatch)', baseline: 'baseline (setQueryData per event)' };

// Latencies depend on what else the machine runs, so the output says how busy it was.
const loadAtStart = loadavg()[0] ?? 0;
const { sim, clusters } = await startEmulatedClusters({ clusters: [CLUSTER], extraPods: PODS, seed: 1 });
const store = sim.cluster(CLUSTER).store;
const config = defaultConfig();
config.recording.enabled = false;
// The snapshot of 10,000 pods is more than the default 8 MB send buffer: a page still parsing it would be
// closed (4408) and resync over and over, which is a limit of the default, not of either feed.
config.limits.sendBufferBytes = 256 * 1024 * 1024;
const gateway = await buildGateway({ config, clusters, production: false, adminToken: ADMIN, logStream: false });
const gatewayUrl = await gateway.listen(0, '127.0.0.1');
const outDir = await mkdtemp(join(tmpdir(), 'kv-watch-bench-'));
await buildPage(outDir, fileURLToPath(new URL('./watch/', import.meta.url)));
const server = await serveStatic(outDir);
const browser = await chromium.launch({
  executablePath: chromiumPath(),
  // A headless page counts as visible, but background throttling must never pace the frames measured.
  args: [...chromiumLaunchArgs, '--disable-renderer-backgrounding', '--disable-background-timer-throttling'],
});
const setup = { browser, pageUrl: server.url, target: { baseUrl: gatewayUrl, token: ADMIN, cluster: CLUSTER, namespace: NAMESPACE }, store };

// The sides alternate run by run, so a change in the machine's load falls on both.
const runs: Record<Side, StepResult[][]> = { ours: [], baseline: [] };
for (let run = 0; run < RUNS; run++) for (const side of SIDES) runs[side].push(await runSide(setup, side, PLAN));

const chromiumVersion = browser.version();
await browser.close();
await server.close();
await gateway.close();
await sim.stop();
await rm(outDir, { recursive: true, force: true });

/** The median over runs of `pick` at the headline rate, NaN where a run has no such step. */
function atHeadline(side: Side, pick: (step: StepResult) => number): number {
  return median(runs[side].map((steps) => steps.find((s) => s.rate === PLAN.headline)).map((step) => (step ? pick(step) : Number.NaN)));
}

/** The highest rate of a run whose step and every step below it were kept up with; 0 when none. */
function sustained(steps: readonly StepResult[]): number {
  let best = 0;
  for (const step of steps) {
    if (!step.keptUp) break;
    best = step.rate;
  }
  return best;
}

/** The side's sustained rate as shown: '≥' when it kept up with the highest rate tried, '<' below the lowest. */
function sustainedText(side: Side): { value: number; text: string } {
  const value = median(runs[side].map(sustained));
  const top = PLAN.rates[PLAN.rates.length - 1] ?? 0;
  const text = value === 0 ? `< ${PLAN.rates[0] ?? 0}` : value >= top ? `≥ ${value}` : String(value);
  return { value: value === 0 ? (PLAN.rates[0] ?? 0) : value, text };
}

/** The events/s the source reached in its fastest step, to show where the source itself is the limit. */
function sourceRate(side: Side): number {
  return median(runs[side].map((steps) => Math.max(...steps.map((s) => s.written))));
}

const fixed = (value: number, digits = 1): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const perSecond = (step: StepResult, count: number): number => count / (step.counters.ms / 1000);
const figures = (side: Side) => ({
  [`p50 ms at ${PLAN.headline} ev/s`]: fixed(atHeadline(side, (s) => latencyPercentile(s.latencies, 0.5))),
  [`p99 ms at ${PLAN.headline} ev/s`]: fixed(atHeadline(side, (s) => latencyPercentile(s.latencies, 0.99))),
  'painted %': fixed(atHeadline(side, (s) => s.painted * 100)),
  'cache writes/frame': fixed(atHeadline(side, (s) => s.counters.writes / Math.max(1, s.counters.frames)), 2),
  'frames/s': fixed(atHeadline(side, (s) => perSecond(s, s.counters.frames))),
  'long tasks/s': fixed(atHeadline(side, (s) => perSecond(s, s.counters.longTasks)), 2),
  'long task ms/s': fixed(atHeadline(side, (s) => perSecond(s, s.counters.longTaskMs)), 0),
  'sustained ev/s': sustainedText(side).text,
  'source max ev/s': Math.round(sourceRate(side)),
});

console.log(`resource watch to screen in headless Chromium ${chromiumVersion}: ${PODS} pods in one namespace, emulator -> gateway -> virtualized table, median of ${RUNS} runs`);
console.log(`${cpus().length} cores (emulator, gateway and source share this process; Chromium its own), 1-minute load average at start ${loadAtStart.toFixed(1)}, at end ${(loadavg()[0] ?? 0).toFixed(1)}`);
console.log(
  `steps ${PLAN.rates.join(', ')} events/s, ${PLAN.warmupMs / 1000} s warm-up + ${PLAN.stepMs / 1000} s timed + ${PLAN.drainMs / 1000} s drain each; ` +
    `kept up = p99 ≤ ${PLAN.p99LimitMs} ms and ≥ 99 % of changes painted, at that step and every one below`,
);
console.table(Object.fromEntries(SIDES.map((side) => [LABEL[side], figures(side)])));
const ours = sustainedText('ours');
const baseline = sustainedText('baseline');
const ratio = ours.value / baseline.value;
const bound = ours.text.startsWith('≥') || baseline.text.startsWith('<') ? '≥ ' : '';
console.log(
  `ours / baseline: sustained rate ${bound}${fixed(ratio)}×, p99 at ${PLAN.headline} ev/s ` +
    `${fixed(atHeadline('ours', (s) => latencyPercentile(s.latencies, 0.99)) / atHeadline('baseline', (s) => latencyPercentile(s.latencies, 0.99)), 2)}`,
);
process.exit(0);
