/**
 * One fuzz campaign: a gateway child, the canary watch client, then `runs` generated cases one
 * after another. After every case the process must be alive and /healthz 200 with no new
 * error-level log line; at every checkpoint the canary must hear a REST change and the gateway's
 * counts (sockets, their listeners, TCP connections, informer listeners) must be back at baseline.
 */
import fc from 'fast-check';
import { anyCase, FUZZ_NAMESPACE, massSubscribeCase } from './arbitraries.ts';
import type { FuzzCase } from './cases.ts';
import { spawnGateway, type GatewayStats, type GatewayUnderTest } from './gateway-child.ts';
import { call } from './http-probe.ts';
import { OK, outcome, Tally, worst, type Outcome } from './outcome.ts';
import { runHttp } from './run-http.ts';
import { runLogs, runTerminal } from './run-pod.ts';
import { runWatch } from './run-watch.ts';
import { startCanary } from './watch-canary.ts';

/** What to run. */
export interface CampaignOptions {
  runs: number;
  seed: number;
  /** How many of the runs are the 10,000-subscription socket (spread over the campaign). */
  massSubscribes: number;
  /** Cases between two checkpoints. */
  checkEvery: number;
  /** Called after each case with the number done (progress output). */
  progress?: (done: number, tally: Tally) => void;
}

/** What a campaign found. */
export interface CampaignReport {
  readonly tally: Tally;
  readonly seed: number;
  readonly durationMs: number;
  readonly baseline: GatewayStats;
  readonly final: GatewayStats | null;
}

const HEALTH_BOUND_MS = 5000;
const SETTLE_BOUND_MS = 10_000;
/** The counts that must return to baseline; heap and log counts only grow. */
const BALANCED = ['wsClients', 'serverSocketListeners', 'httpConnections', 'informerListeners'] as const;

function runCase(gateway: GatewayUnderTest, c: FuzzCase): Promise<Outcome> {
  switch (c.target) {
    case 'watch':
      return runWatch(gateway, c);
    case 'terminal':
      return runTerminal(gateway, c);
    case 'logs':
      return runLogs(gateway, c);
    default:
      return runHttp(gateway, c);
  }
}

async function health(gateway: GatewayUnderTest): Promise<Outcome> {
  const answer = await call(gateway.url, { method: 'GET', path: '/healthz', headers: {}, timeoutMs: HEALTH_BOUND_MS });
  if (answer.kind === 'answer' && answer.status === 200) return OK;
  return outcome('crash', `/healthz answered ${answer.kind === 'answer' ? answer.status : answer.kind}`);
}

/** New error-level log lines since the last look: the gateway caught an internal error. */
async function errorLogs(gateway: GatewayUnderTest, seenSoFar: { count: number }): Promise<Outcome> {
  let stats: GatewayStats;
  try {
    stats = await gateway.stats();
  } catch (error) {
    return outcome('crash', gateway.death() ?? (error instanceof Error ? error.message : String(error)));
  }
  const fresh = stats.errorLogCount - seenSoFar.count;
  seenSoFar.count = stats.errorLogCount;
  return fresh > 0 ? outcome('unclear', `the gateway logged ${fresh} error(s): ${stats.errorLogs.join(' | ')}`) : OK;
}

/** Waits for the balanced counts to return to `baseline`; the difference otherwise. */
async function settled(gateway: GatewayUnderTest, baseline: GatewayStats): Promise<Outcome> {
  let last = baseline;
  try {
    const start = Date.now();
    for (;;) {
      last = await gateway.stats();
      if (BALANCED.every((k) => last[k] === baseline[k])) return OK;
      if (Date.now() - start > SETTLE_BOUND_MS) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  } catch (error) {
    return outcome('crash', error instanceof Error ? error.message : String(error));
  }
  const diff = BALANCED.filter((k) => last[k] !== baseline[k]).map((k) => `${k} ${baseline[k]} -> ${last[k]}`);
  return outcome('unclear', `not back to baseline ${SETTLE_BOUND_MS / 1000} s after the sockets closed: ${diff.join(', ')}`);
}

/** Runs a campaign against a fresh gateway child and stops it afterwards. */
export async function runCampaign(options: CampaignOptions): Promise<CampaignReport> {
  const started = Date.now();
  const tally = new Tally();
  const cases: FuzzCase[] = fc.sample(anyCase, { numRuns: options.runs - options.massSubscribes, seed: options.seed });
  for (let i = 1; i <= options.massSubscribes; i++) cases.splice(Math.floor((cases.length * i) / (options.massSubscribes + 1)), 0, massSubscribeCase);
  const gateway = await spawnGateway();
  try {
    const canary = await startCanary(gateway, FUZZ_NAMESPACE);
    // The setup's REST connections close just after their answers: the baseline is the canary's socket alone.
    const start = Date.now();
    let baseline = await gateway.stats();
    while (baseline.httpConnections !== baseline.wsClients && Date.now() - start < SETTLE_BOUND_MS) {
      await new Promise((r) => setTimeout(r, 50));
      baseline = await gateway.stats();
    }
    const baselineLogs = { count: baseline.errorLogCount };
    let final: GatewayStats | null = null;
    for (const [index, c] of cases.entries()) {
      const result = await runCase(gateway, c).catch((error: unknown) => outcome('unclear', `the runner threw: ${String(error)}`));
      const death = gateway.death();
      if (death) {
        tally.record(c.target, outcome('crash', death), c);
        break;
      }
      tally.record(c.target, worst(result, await health(gateway), await errorLogs(gateway, baselineLogs)), c);
      if ((index + 1) % options.checkEvery === 0 || index === cases.length - 1) {
        tally.check(worst(await canary.check(), await settled(gateway, baseline)), index + 1);
      }
      options.progress?.(index + 1, tally);
    }
    canary.close();
    if (!gateway.death()) final = await gateway.stats();
    return { tally, seed: options.seed, durationMs: Date.now() - started, baseline, final };
  } finally {
    await gateway.stop();
  }
}
