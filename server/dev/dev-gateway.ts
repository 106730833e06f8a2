/**
 * The gateway of `npm run dev` (and of the e2e test, which starts the same vite config): what
 * server/main.ts does without --kubeconfig, the emulator in-process with clusters prod-us and
 * staging-eu, plus a random dev admin token, recordings and the access log in a temporary directory.
 * `KUBEVISION_DEV_CONFIG=FILE` starts it with that config file (users, OIDC issuers) instead of the defaults.
 * The emulator's admin kubeconfig is written to `kubeconfig` in the data directory (or to
 * `KUBEVISION_DEV_KUBECONFIG=FILE`), so that kubectl can change the emulated clusters under the demo.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildGateway, type Gateway } from '../app.js';
import { defaultConfig, loadConfig } from '../config.js';
import { startEmulatedClusters } from '../kube/emulated-clusters.js';

/** A running dev gateway. */
export interface DevGateway {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** A valid admin credential for this process only; never printed. */
  readonly adminToken: string;
  /** The emulated clusters. */
  readonly clusters: readonly string[];
  /** Where recordings, the audit index and `gateway.log` (the access log) live. */
  readonly dataDir: string;
  /** The emulator's admin kubeconfig file, for kubectl. */
  readonly kubeconfig: string;
  /** Stops the gateway and the emulator and removes the data directory. */
  stop(): Promise<void>;
}

/** Starts the emulator and a dev-mode gateway (loopback origins allowed) on a free loopback port. */
export async function startDevGateway(): Promise<DevGateway> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kubevision-dev-'));
  const { sim, clusters } = await startEmulatedClusters({ seed: 1 });
  const configFile = process.env.KUBEVISION_DEV_CONFIG;
  const config = configFile ? loadConfig(configFile) : defaultConfig();
  config.recording.dir = join(dataDir, 'recordings');
  const kubeconfig = process.env.KUBEVISION_DEV_KUBECONFIG ?? join(dataDir, 'kubeconfig');
  await writeFile(kubeconfig, sim.kubeconfig(), { mode: 0o600 });
  const adminToken = `kvdev_${randomBytes(24).toString('base64url')}`;
  // The access log goes to a file: interleaved with vite's output it would bury the URL.
  const logStream = createWriteStream(join(dataDir, 'gateway.log'));
  // What the gateway leaves behind it: the emulator, the log file and the data directory.
  const release = async (): Promise<void> => {
    await sim.stop();
    await new Promise<void>((resolve) => logStream.end(resolve));
    await rm(dataDir, { recursive: true, force: true });
  };
  let gateway: Gateway | null = null;
  let url: string;
  try {
    gateway = await buildGateway({ config, clusters, production: false, adminToken, logStream });
    url = await gateway.listen(0, '127.0.0.1');
  } catch (error) {
    // Nothing of a failed start may outlive it: vite exits with the error instead of hanging.
    await gateway?.close();
    await release();
    throw error;
  }
  const running = gateway;
  let stopped: Promise<void> | null = null;
  return {
    url,
    adminToken,
    clusters: [...sim.clusters.keys()],
    dataDir,
    kubeconfig,
    stop() {
      stopped ??= (async () => {
        await running.close();
        await release();
      })();
      return stopped;
    },
  };
}
