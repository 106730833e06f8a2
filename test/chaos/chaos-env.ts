/**
 * Everything a chaos run stands on: the emulator, a restartable gateway on it, the fault proxy in
 * front of the gateway, and one kit client that reaches the gateway only through the proxy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { startSimulator, type Simulator } from '../../server/sim/simulator.ts';
import type { KubeVisionClient } from '../../src/core/client.ts';
import type { WebSocketConstructor } from '../../src/core/reconnecting-socket.ts';
import { testClient } from '../support/test-client.ts';
import { startFaultProxy, type FaultProxy } from './fault-proxy.ts';
import { RestartableGateway } from './process-faults.ts';

/** The gateway pings every half of this and drops a peer that missed two pongs. */
export const PING_INTERVAL_MS = 2000;
/** The client gives up on a socket that heard nothing, not even a ping, for this long. */
export const LIVENESS_TIMEOUT_MS = 3000;

/** A running chaos environment. */
export interface ChaosEnv {
  readonly sim: Simulator;
  readonly gateway: RestartableGateway;
  readonly proxy: FaultProxy;
  readonly client: KubeVisionClient;
  readonly adminToken: string;
  close(): Promise<void>;
}

/** Starts the emulator, the gateway, the proxy and the client. */
export async function startChaosEnv(): Promise<ChaosEnv> {
  // Enough lines are kept per container (over half an hour's) that every line received stays in the emulator's log.
  const sim = await startSimulator({ seed: 1, logLinesPerSecond: 10, logCapacity: 20_000 });
  const recordingsDir = mkdtempSync(join(tmpdir(), 'kv-chaos-rec-'));
  const adminToken = 'chaos-admin-token-0123456789';
  const gateway = new RestartableGateway({ sim, adminToken, recordingsDir, pingIntervalMs: PING_INTERVAL_MS });
  await gateway.start();
  const proxy = await startFaultProxy(Number(new URL(gateway.url).port));
  const client = testClient(proxy.url, {
    getToken: () => adminToken,
    // `ws` reports the gateway's pings, which is what the client's liveness check listens for.
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    livenessTimeoutMs: LIVENESS_TIMEOUT_MS,
    connectTimeoutMs: 5000,
  });
  return {
    sim,
    gateway,
    proxy,
    client,
    adminToken,
    async close() {
      client.dispose();
      await proxy.close();
      await gateway.stop();
      await sim.stop();
      rmSync(recordingsDir, { recursive: true, force: true });
    },
  };
}
