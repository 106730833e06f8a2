/**
 * A cluster whose credentials start failing while an informer watches it: the process survives
 * (client-node 1.4.0's re-watch would otherwise reject a promise nobody awaits), `/readyz` answers
 * 503 naming the cluster and the resource, without the credential plugin's words, and 200 again
 * once the credentials work. The credentials come from an exec plugin that fails while a flag file
 * exists and otherwise prints an already expired token (so client-node runs it for every request).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterRegistry } from '../../server/kube/clusters.ts';
import { startSimulator, type Simulator } from '../../server/sim/simulator.ts';
import { startHarness, WebSocket, type Harness } from '../support/gateway-harness.ts';
import { until } from '../support/until.ts';

/** What the failing plugin prints: it must never reach the /readyz answer. */
const PLUGIN_SECRET = 'plugin-stderr-secret-4f2a';

const dir = mkdtempSync(join(tmpdir(), 'kv-readiness-'));
const flag = join(dir, 'credentials-broken');
const rejections: unknown[] = [];
const tripwire = (reason: unknown): void => {
  rejections.push(reason);
};
let sim: Simulator;
let h: Harness;
let watcher: WebSocket;

/** The emulator's kubeconfig with its token handed out by an exec credential plugin. */
function kubeConfigWithExecPlugin(): KubeConfig {
  const script = join(dir, 'credential.sh');
  const credential = JSON.stringify({
    apiVersion: 'client.authentication.k8s.io/v1',
    kind: 'ExecCredential',
    status: { token: sim.token, expirationTimestamp: '2000-01-01T00:00:00Z' },
  });
  writeFileSync(script, `#!/bin/sh\nif [ -e '${flag}' ]; then echo '${PLUGIN_SECRET}' >&2; exit 1; fi\nprintf '%s' '${credential}'\n`, { mode: 0o700 });
  const config = JSON.parse(sim.kubeconfig()) as { users: { name: string; user: unknown }[] };
  for (const u of config.users) u.user = { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: script, interactiveMode: 'Never' } };
  const kc = new KubeConfig();
  kc.loadFromString(JSON.stringify(config));
  return kc;
}

interface Readiness {
  code: number;
  body: { status: string; clusters: { name: string; ready: boolean; notSynced: string[]; error?: string }[] };
  text: string;
}

async function readyz(): Promise<Readiness> {
  const res = await fetch(`${h.url}/readyz`);
  const text = await res.text();
  return { code: res.status, body: JSON.parse(text) as Readiness['body'], text };
}

/** Polls /readyz until it answers `code`. */
function readyzAnswers(code: number, what: string, timeoutMs: number): Promise<Readiness> {
  return until(async () => {
    const now = await readyz();
    return now.code === code ? now : null;
  }, what, timeoutMs);
}

beforeAll(async () => {
  process.on('unhandledRejection', tripwire);
  sim = await startSimulator({ seed: 3 });
  // Watches that end every second make client-node re-watch (and ask the plugin) all the time.
  h = await startHarness(() => undefined, { clusters: ClusterRegistry.fromKubeConfig(kubeConfigWithExecPlugin()), watchDeadline: { timeoutSeconds: () => 1, graceMs: 5000 } });
  watcher = new WebSocket(`${h.wsUrl}/api/v1/ws/watch?token=${await h.login('alice')}`);
  const synced = new Promise<void>((resolve) =>
    watcher.on('message', (data) => {
      if ((JSON.parse(data.toString()) as { type: string }).type === 'SYNCED') resolve();
    }),
  );
  await new Promise((resolve) => watcher.once('open', resolve));
  watcher.send(JSON.stringify({ action: 'subscribe', cluster: 'prod-us', namespace: '', resource: 'pods' }));
  await synced;
});

afterAll(async () => {
  watcher.close();
  await h.stop();
  await sim.stop();
  process.off('unhandledRejection', tripwire);
  rmSync(dir, { recursive: true, force: true });
});

describe('/readyz and a failing informer', () => {
  it('is 200 while every running informer is synced', async () => {
    const r = await readyz();
    expect(r.code).toBe(200);
    expect(r.body.status).toBe('ready');
    expect(r.body.clusters).toContainEqual({ name: 'prod-us', ready: true, notSynced: [] });
  });

  it('is 503 naming the cluster and resource when the credentials fail, and the process lives on', async () => {
    writeFileSync(flag, '');
    const r = await readyzAnswers(503, 'readyz to report the failing informer', 30_000);
    expect(r.body.status).toBe('not ready');
    const prod = r.body.clusters.find((c) => c.name === 'prod-us');
    expect(prod).toMatchObject({ ready: false, notSynced: ['pods'], error: expect.stringContaining('pods') });
    expect(r.body.clusters.find((c) => c.name === 'staging-eu')).toMatchObject({ ready: true });
    expect(r.text).not.toContain(PLUGIN_SECRET);
    expect(r.text).not.toContain(sim.token);
    // Let the retries fail a few more times: none may escape as an unhandled rejection.
    const failures = (): number => h.logs.filter((l) => l.includes('list/watch failed')).length;
    const seen = failures();
    await until(() => failures() >= seen + 2, 'two more failed restarts', 30_000);
    expect(rejections).toEqual([]);
    expect((await fetch(`${h.url}/healthz`)).status).toBe(200);
  });

  it('is 200 again once the credentials work', async () => {
    rmSync(flag);
    expect(existsSync(flag)).toBe(false);
    const r = await readyzAnswers(200, 'readyz to recover', 60_000);
    expect(r.body.clusters).toContainEqual({ name: 'prod-us', ready: true, notSynced: [] });
    expect(rejections).toEqual([]);
  });
});
