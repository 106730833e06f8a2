import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildGateway, type Gateway } from '../../server/app.ts';
import { defaultConfig } from '../../server/config.ts';
import { startEmulatedClusters } from '../../server/kube/emulated-clusters.ts';
import { startChurn, type Churn } from '../../server/sim/churn.ts';
import type { Simulator } from '../../server/sim/simulator.ts';

/** The admin token browser tests use against the real gateway. */
export const BROWSER_ADMIN_TOKEN = 'browser-tests-admin-token';

/** The real gateway on the emulator, for end-to-end browser tests. */
export interface RealGateway {
  sim: Simulator;
  /** The gateway now serving (a restart replaces it). */
  readonly gateway: Gateway;
  url: string;
  /** Stops the gateway (clients hear 1001) and starts a new one on the same port, as a rolling restart does. */
  restartGateway(): Promise<void>;
  /** Churns cluster `cluster` at `eventsPerSecond` store events (0 stops it). */
  churn(cluster: string, eventsPerSecond: number): void;
  stop(): Promise<void>;
}

/** Starts the emulator and a gateway in front of it, recordings in a temporary directory. */
export async function startRealGateway(): Promise<RealGateway> {
  const { sim, clusters } = await startEmulatedClusters({ seed: 1, logLinesPerSecond: 10 });
  const config = defaultConfig();
  config.recording.dir = mkdtempSync(join(tmpdir(), 'kv-browser-rec-'));
  const build = () => buildGateway({ config, clusters, production: false, adminToken: BROWSER_ADMIN_TOKEN, logStream: false });
  let gateway = await build();
  const url = await gateway.listen(0, '127.0.0.1');
  const port = Number(new URL(url).port);
  const churns = new Map<string, Churn>();
  let churnSeed = 1;
  return {
    sim,
    get gateway() {
      return gateway;
    },
    url,
    async restartGateway() {
      await gateway.close();
      gateway = await build();
      await gateway.listen(port, '127.0.0.1');
    },
    churn(cluster, eventsPerSecond) {
      churns.get(cluster)?.stop();
      churns.delete(cluster);
      if (eventsPerSecond > 0) churns.set(cluster, startChurn(sim.cluster(cluster), { eventsPerSecond, seed: churnSeed++ }));
    },
    async stop() {
      for (const churn of churns.values()) churn.stop();
      await gateway.close();
      await sim.stop();
    },
  };
}
