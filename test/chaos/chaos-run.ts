/**
 * A chaos run: while the emulator churns and a REST writer changes pods through the gateway, N
 * faults chosen by a seeded PRNG hit the network and the processes at random moments; after every
 * one the run pauses the churn and the writer and waits for full recovery (see recovery.ts). Shared
 * by `npm run chaos` (main.ts) and the bounded vitest test (chaos.test.ts).
 */
import { startChurn, type Churn } from '../../server/sim/churn.ts';
import { seededRandom, type Random } from '../../server/sim/world/random.ts';
import { startChaosEnv } from './chaos-env.ts';
import { FAULT_KINDS, injectFault, type FaultKind } from './faults.ts';
import { LogCheck, type LogTarget } from './log-check.ts';
import { awaitRecovery, type Checks, type Recovery } from './recovery.ts';
import { RestWriter } from './rest-writer.ts';
import { TerminalCheck } from './terminal-check.ts';
import { chaosWatchKeys, converged, WatchCheck } from './watch-check.ts';
import type { SimCluster } from '../../server/sim/cluster.ts';

/** Settings of {@link runChaos}. */
export interface ChaosOptions {
  faults: number;
  seed: number;
  /** Longest wait for one recovery; default 20 s. */
  recoveryTimeoutMs?: number;
  /** Churn rate in store events per second; default 8. */
  churnPerSecond?: number;
  /** Progress lines (one per fault); default none. */
  log?: (line: string) => void;
  /** Stop injecting after this many failed recoveries (a bounded test must report, not time out); default never. */
  stopAfterFailures?: number;
}

/** What a run found. */
export interface ChaosReport {
  readonly seed: number;
  readonly faults: number;
  readonly recoveries: number;
  readonly failedRecoveries: number;
  /** Store comparisons (one per subscription and recovery) that did not converge. */
  readonly divergentStores: number;
  readonly lostLines: number;
  readonly duplicatedLines: number;
  /** Received lines the emulator never wrote. */
  readonly foreignLines: number;
  /** Terminal probes that found no new-shell notice after a lost socket, or no echo. */
  readonly silentTerminals: number;
  readonly recoveryMs: readonly number[];
  readonly byKind: Readonly<Record<FaultKind, number>>;
  /** REST writes through the gateway: done, refused by the cluster (name taken or gone), failed during faults. */
  readonly writes: { readonly ok: number; readonly refused: number; readonly failed: number };
  /** One line per failed recovery, saying what was wrong. */
  readonly failures: readonly string[];
}

const CLUSTER = 'prod-us';
const WRITER_LABEL = 'chaos-writer';

/** Containers whose logs the run follows: the seed's pod and pods that churn never touches. */
function logTargets(cluster: SimCluster): LogTarget[] {
  const pods = cluster.store.typeOf('Pod');
  const targets: LogTarget[] = [{ cluster: CLUSTER, namespace: 'default', pod: 'my-pod', container: 'app' }];
  for (const ns of ['monitoring', 'kube-system']) {
    const pod = cluster.store.list(pods, ns).find((p) => (p.status as { phase?: string } | undefined)?.phase === 'Running');
    const containers = (pod?.spec as { containers?: { name: string }[] } | undefined)?.containers ?? [];
    for (const c of containers.slice(0, 2)) targets.push({ cluster: CLUSTER, namespace: ns, pod: pod?.metadata.name ?? '', container: c.name });
  }
  return targets;
}

function shuffled<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** What went wrong in a failed recovery, in one line. */
function describeFailure(after: string, r: Recovery): string {
  const stores = r.stores.filter((d) => !converged(d)).map((d) => `${d.key}: synced=${d.synced} missing=${d.missing} stale=${d.stale} outdated=${d.outdated}`);
  const logs = r.logs.filter((l) => !l.caughtUp).map((l) => `${l.target}: not caught up`);
  const t = r.terminal;
  const terminal = t && !t.echoed ? [`terminal ${t.state}: lost=${t.lost} announced=${t.announced} echoed=false, output ends ${JSON.stringify(t.tail)}`] : [];
  return `${after}: ${[...stores, ...logs, ...terminal].join('; ') || 'unknown'}`;
}

/** Runs the chaos and reports; never throws for a defect it finds (the report says). */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => undefined);
  const random = seededRandom(options.seed);
  const env = await startChaosEnv();
  const cluster = env.sim.cluster(CLUSTER);
  const checks: Checks = {
    watch: new WatchCheck(env.client, cluster, chaosWatchKeys(CLUSTER, WRITER_LABEL), WRITER_LABEL),
    logs: new LogCheck(env.client, env.sim, logTargets(cluster)),
    terminal: new TerminalCheck(env.client, { cluster: CLUSTER, namespace: 'default', pod: 'my-pod', container: 'app' }),
  };
  const writer = new RestWriter({
    gatewayUrl: () => env.gateway.url,
    token: env.adminToken,
    cluster: CLUSTER,
    namespace: 'shop',
    label: WRITER_LABEL,
    random: seededRandom(options.seed ^ 0x9e3779b9),
    intervalMs: 150,
  });
  const timeout = options.recoveryTimeoutMs ?? 20_000;
  const byKind = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  const recoveryMs: number[] = [];
  const failures: string[] = [];
  let divergentStores = 0;
  let silentTerminals = 0;
  let churn: Churn | null = null;
  const activity = {
    resume(): void {
      churn = startChurn(cluster, { eventsPerSecond: options.churnPerSecond ?? 8, seed: random.int(1, 2 ** 30) });
      writer.resume();
    },
    async pause(): Promise<void> {
      churn?.stop();
      churn = null;
      await writer.pause();
    },
  };

  try {
    const baseline = await awaitRecovery(checks, 30_000);
    if (!baseline.recovered) failures.push(describeFailure('initial sync', baseline));
    let deck: FaultKind[] = [];
    let injected = 0;
    for (let i = 0; i < options.faults && failures.length < (options.stopAfterFailures ?? Infinity); i++) {
      injected++;
      activity.resume();
      await new Promise((r) => setTimeout(r, random.int(200, 1500)));
      // Shuffled decks of every kind: any eight faults in a row cover them all, in a seeded order.
      if (deck.length === 0) deck = shuffled(FAULT_KINDS, random);
      const kind = deck.pop() as FaultKind;
      byKind[kind]++;
      const what = await injectFault(kind, { proxy: env.proxy, gateway: env.gateway, sim: env.sim, random });
      const healed = performance.now();
      await activity.pause();
      const r = await awaitRecovery(checks, timeout);
      const ms = performance.now() - healed;
      divergentStores += r.stores.filter((d) => !converged(d)).length;
      if (r.terminal && !r.terminal.echoed) silentTerminals++;
      if (r.recovered) recoveryMs.push(ms);
      else failures.push(describeFailure(kind, r));
      const damaged = r.logs.filter((l) => l.lost + l.duplicated + l.foreign > 0).map((l) => `${l.target} lost ${l.lost} dup ${l.duplicated} foreign ${l.foreign}`);
      log(
        `fault ${i + 1}/${options.faults} ${kind}: ${what}; ${r.recovered ? `recovered in ${Math.round(ms)} ms` : `NOT RECOVERED: ${failures.at(-1) ?? ''}`}` +
          (damaged.length > 0 ? ` [logs so far: ${damaged.join(', ')}]` : ''),
      );
    }
    await activity.pause();
    const final = await checks.logs.diff();
    return {
      seed: options.seed,
      faults: injected,
      recoveries: recoveryMs.length,
      failedRecoveries: injected - recoveryMs.length,
      divergentStores,
      lostLines: final.reduce((n, l) => n + l.lost, 0),
      duplicatedLines: final.reduce((n, l) => n + l.duplicated, 0),
      foreignLines: final.reduce((n, l) => n + l.foreign, 0),
      silentTerminals,
      recoveryMs,
      byKind,
      writes: { ok: writer.written, refused: writer.refused, failed: writer.failed },
      failures,
    };
  } finally {
    await activity.pause();
    checks.watch.close();
    checks.logs.dispose();
    checks.terminal.dispose();
    await env.close();
  }
}

/** True when the run found nothing wrong. */
export function passed(r: ChaosReport): boolean {
  return (
    r.failedRecoveries === 0 &&
    r.failures.length === 0 &&
    r.divergentStores === 0 &&
    r.lostLines === 0 &&
    r.duplicatedLines === 0 &&
    r.foreignLines === 0 &&
    r.silentTerminals === 0
  );
}

/** The run's one-line summary, then the faults by kind. */
export function formatReport(r: ChaosReport): string {
  const kinds = FAULT_KINDS.map((k) => `${k} ${r.byKind[k]}`).join(', ');
  return (
    `faults ${r.faults}, recoveries ${r.recoveries}, divergent stores ${r.divergentStores}, lost lines ${r.lostLines}, ` +
    `duplicated lines ${r.duplicatedLines}, recovery p50 ${Math.round(percentile(r.recoveryMs, 50))} ms, p99 ${Math.round(percentile(r.recoveryMs, 99))} ms` +
    ` (seed ${r.seed}; ${kinds}; foreign lines ${r.foreignLines}, silent terminals ${r.silentTerminals}, failed recoveries ${r.failedRecoveries};` +
    ` REST writes ${r.writes.ok} ok, ${r.writes.refused} refused, ${r.writes.failed} failed)`
  );
}
