/**
 * One side on one fresh page: mounted on the gateway, then stepped through the event rates, each step
 * a warm-up, a timed window and a drain, until a step above the headline rate is not kept up with.
 */
import type { Browser } from 'playwright-core';
import type { ClusterStore } from '../../server/sim/store.ts';
import { epochNow } from '../fanout/ipc.ts';
import { latencyPercentile } from './percentile.ts';
import type { Counters, FeedTarget, Side, WatchBenchApi } from './protocol.ts';
import { startStamping } from './stamper.ts';

/** How a side is stepped. */
export interface StepPlan {
  readonly rates: readonly number[];
  /** Steps up to this rate always run, so both sides have a figure there. */
  readonly headline: number;
  readonly warmupMs: number;
  readonly stepMs: number;
  /** Time after a window for its last changes to reach the screen. */
  readonly drainMs: number;
  /** A step is kept up with when its p99 stays within this and (nearly) every change was painted. */
  readonly p99LimitMs: number;
}

/** What one step measured. */
export interface StepResult {
  readonly rate: number;
  /** Events/s the source actually wrote during the window. */
  readonly written: number;
  /** Event-to-screen latencies (ms) of the window's changes that were painted. */
  readonly latencies: number[];
  /** The share of the window's changes that were painted by the end of the drain. */
  readonly painted: number;
  readonly counters: Counters;
  /** The feed's socket closed (the gateway gave up on a slow client). */
  readonly closed: boolean;
  readonly keptUp: boolean;
}

/** Where the pages connect and what the source writes to. */
export interface StepSetup {
  readonly browser: Browser;
  readonly pageUrl: string;
  readonly target: FeedTarget;
  readonly store: ClusterStore;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Painted share below which changes were lost or still queued: the side fell behind. */
const MIN_PAINTED = 0.99;

/** p99 of a step; no painted change at all counts as never. */
function p99(values: readonly number[]): number {
  return values.length === 0 ? Number.POSITIVE_INFINITY : latencyPercentile(values, 0.99);
}

/** Mounts `side` on a fresh page and runs its steps; returns them in rate order. */
export async function runSide(setup: StepSetup, side: Side, plan: StepPlan): Promise<StepResult[]> {
  const context = await setup.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const results: StepResult[] = [];
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`${side} page: ${error.message}`));
    page.on('crash', () => console.error(`${side} page crashed`));
    await page.goto(setup.pageUrl);
    await page.waitForFunction(() => window.watchBench !== undefined);
    await page.evaluate(([s, t]) => (window.watchBench as WatchBenchApi).mount(s, t), [side, setup.target] as const);
    for (const rate of plan.rates) {
      const source = startStamping(setup.store, setup.target.namespace, rate);
      await sleep(plan.warmupMs);
      await page.evaluate(() => (window.watchBench as WatchBenchApi).begin());
      source.mark();
      const from = epochNow();
      await sleep(plan.stepMs);
      const to = epochNow();
      const sent = source.stop();
      const counters = await page.evaluate(() => (window.watchBench as WatchBenchApi).counters());
      await sleep(plan.drainMs);
      const seen = await page.evaluate(([f, t]) => (window.watchBench as WatchBenchApi).latencies(f, t), [from, to] as const);
      const painted = sent === 0 ? 0 : seen.ms.length / sent;
      const keptUp = !seen.closed && painted >= MIN_PAINTED && p99(seen.ms) <= plan.p99LimitMs;
      results.push({ rate, written: sent / ((to - from) / 1000), latencies: seen.ms, painted, counters, closed: seen.closed, keptUp });
      console.error(`${side} at ${rate} events/s: written ${Math.round(sent / ((to - from) / 1000))}/s, painted ${(painted * 100).toFixed(1)} %, p99 ${p99(seen.ms).toFixed(1)} ms${seen.closed ? ', socket closed' : ''}`);
      if ((!keptUp && rate >= plan.headline) || seen.closed) break;
      // Whatever a failed step left queued is painted before the next one starts.
      if (!keptUp) await sleep(plan.drainMs * 3);
    }
  } finally {
    await context.close();
  }
  return results;
}
