import { KubeConfig } from '@kubernetes/client-node';
import { buildGateway, type Gateway } from '../../server/app.ts';
import { defaultConfig } from '../../server/config.ts';
import { ClusterRegistry } from '../../server/kube/clusters.ts';
import { startSimulator, type Simulator } from '../../server/sim/simulator.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The admin token browser tests use against the real gateway. */
export const BROWSER_ADMIN_TOKEN = 'browser-tests-admin-token';

/** The real gateway on the emulator, for end-to-end browser tests. */
export interface RealGateway {
  sim: Simulator;
  gateway: Gateway;
  url: string;
  stop(): Promise<void>;
}

/** Starts the emulator and a gateway in front of it, recordings in a temporary directory. */
export async function startRealGateway(): Promise<RealGateway> {
  const sim = await startSimulator({ seed: 1, logLinesPerSecond: 10 });
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig());
  const config = defaultConfig();
  config.recording.dir = mkdtempSync(join(tmpdir(), 'kv-browser-rec-'));
  const gateway = await buildGateway({ config, clusters: ClusterRegistry.fromKubeConfig(kc), production: false, adminToken: BROWSER_ADMIN_TOKEN, logStream: false });
  const url = await gateway.listen(0, '127.0.0.1');
  return {
    sim,
    gateway,
    url,
    async stop() {
      await gateway.close();
      await sim.stop();
    },
  };
}
