import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { WebSocket } from 'ws';
import { buildGateway, type Gateway, type GatewayOptions } from '../../server/app.ts';
import { hashPassword } from '../../server/auth/passwords.ts';
import { defaultConfig, type GatewayConfig } from '../../server/config.ts';
import { startEmulatedClusters } from '../../server/kube/emulated-clusters.ts';
import type { Simulator } from '../../server/sim/simulator.ts';

/** Test users: name, password and role. */
export const USERS = {
  alice: { password: 'alice-secret-pw', role: 'operator' },
  victor: { password: 'victor-secret-pw', role: 'viewer' },
  adam: { password: 'adam-secret-pw', role: 'admin' },
  nina: { password: 'nina-secret-pw', role: 'viewer', namespaces: ['shop'] },
} as const;

/** A real gateway on the emulator, with its captured access log. */
export interface Harness {
  sim: Simulator;
  gateway: Gateway;
  url: string;
  wsUrl: string;
  logs: string[];
  adminToken: string;
  login(user: keyof typeof USERS): Promise<string>;
  /** Resolves when the socket closes, with code and reason. */
  closed(ws: WebSocket): Promise<{ code: number; reason: string }>;
  stop(): Promise<void>;
}

/** Starts the emulator and a gateway on it; `configure` adjusts the config. */
export async function startHarness(configure: (c: GatewayConfig) => void = () => undefined, extra: Partial<GatewayOptions> = {}): Promise<Harness> {
  const { sim, clusters } = await startEmulatedClusters({ seed: 1, logLinesPerSecond: 20 });
  const config = defaultConfig();
  config.users = await Promise.all(
    Object.entries(USERS).map(async ([name, u]) => ({
      name,
      passwordHash: await hashPassword(u.password),
      role: u.role,
      ...('namespaces' in u ? { namespaces: [...u.namespaces] } : {}),
    })),
  );
  config.recording.dir = mkdtempSync(join(tmpdir(), 'kv-rec-'));
  configure(config);
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const adminToken = 'test-admin-token-0123456789';
  const gateway = await buildGateway({ config, clusters, production: false, adminToken, logStream, ...extra });
  const url = await gateway.listen(0, '127.0.0.1');
  return {
    sim,
    gateway,
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    logs,
    adminToken,
    async login(user) {
      const res = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: user, password: USERS[user].password }),
      });
      const body = (await res.json()) as { accessToken: string };
      return body.accessToken;
    },
    closed(ws) {
      return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    },
    async stop() {
      await gateway.close();
      await sim.stop();
    },
  };
}

export { WebSocket };
