/**
 * `npm run sim -- [--port N] [--kubeconfig-out PATH] [--seed N] [--pods N] [--churn EVENTS_PER_S]`:
 * the emulator alone, for kubectl or any Kubernetes client.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startChurn } from './churn.js';
import { startSimulator } from './simulator.js';

function integer(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a non-negative integer`);
  return Number(value);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'kubeconfig-out': { type: 'string' },
      seed: { type: 'string' },
      pods: { type: 'string' },
      churn: { type: 'string' },
      token: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log('usage: npm run sim -- [--port N] [--kubeconfig-out PATH] [--seed N] [--pods N] [--churn EVENTS_PER_S] [--token T]');
    return;
  }
  const sim = await startSimulator({
    port: integer(values.port, 'port', 0),
    seed: integer(values.seed, 'seed', 1),
    extraPods: integer(values.pods, 'pods', 0),
    ...(values.token ? { token: values.token } : {}),
  });
  const rate = integer(values.churn, 'churn', 0);
  const churns = rate > 0 ? [...sim.clusters.values()].map((c) => startChurn(c, { eventsPerSecond: rate, seed: 7 })) : [];
  const out = values['kubeconfig-out'];
  if (out) writeFileSync(out, sim.kubeconfig(), { mode: 0o600 });
  console.log(`KubeVision emulator listening on ${sim.url} (clusters: ${[...sim.clusters.keys()].join(', ')})`);
  console.log(out ? `kubeconfig written to ${out}; try: kubectl --kubeconfig ${out} get pods -A` : 'pass --kubeconfig-out PATH to write a kubeconfig');
  const stop = (): void => {
    for (const c of churns) c.stop();
    void sim.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
