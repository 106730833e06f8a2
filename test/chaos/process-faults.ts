/**
 * The gateway's process fault: a gateway that can be restarted in place (closed, then built again
 * on the same port with the same token secret and recordings directory, so clients reconnect to
 * "the same" gateway). The emulator's own faults are methods of the simulator: `restart()` (an
 * apiserver restart that loses the watch history) and `dropWatches()`.
 */
import { randomBytes } from 'node:crypto';
import { buildGateway, type Gateway } from '../../server/app.ts';
import { defaultConfig } from '../../server/config.ts';
import { ClusterRegistry } from '../../server/kube/clusters.ts';
import type { Simulator } from '../../server/sim/simulator.ts';

/** Settings of a {@link RestartableGateway}. */
export interface GatewayProcessOptions {
  sim: Simulator;
  /** A valid admin credential for every client of the run. */
  adminToken: string;
  recordingsDir: string;
  /** Liveness ping interval; short, so that a black-holed peer is noticed within the run. */
  pingIntervalMs: number;
}

/** A gateway on a fixed port that survives restarts of itself. */
export class RestartableGateway {
  private current: Gateway | null = null;
  private port = 0;
  private readonly tokenSecret = randomBytes(32);

  constructor(private readonly options: GatewayProcessOptions) {}

  /** `http://127.0.0.1:PORT` once started. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The running gateway; throws while it is down. */
  get gateway(): Gateway {
    if (!this.current) throw new Error('the gateway is down');
    return this.current;
  }

  /** Builds the gateway and listens (a free port the first time, the same one afterwards). */
  async start(): Promise<void> {
    const { sim, adminToken, recordingsDir, pingIntervalMs } = this.options;
    const config = defaultConfig();
    config.recording.dir = recordingsDir;
    const gateway = await buildGateway({
      config,
      clusters: ClusterRegistry.fromKubeconfigText(sim.kubeconfig()),
      production: false,
      adminToken,
      tokenSecret: this.tokenSecret,
      logStream: false,
      pingIntervalMs,
    });
    const url = await gateway.listen(this.port, '127.0.0.1');
    this.port = Number(new URL(url).port);
    this.current = gateway;
  }

  /** Closes the gateway (clients hear 1001) and builds a new one on the same port. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Closes the gateway for good. */
  async stop(): Promise<void> {
    const gateway = this.current;
    this.current = null;
    await gateway?.close();
  }
}
