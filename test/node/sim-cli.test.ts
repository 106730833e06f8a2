/**
 * `npm run sim`: the emulator as a process, used by kubectl through the kubeconfig it writes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kubectlFor } from '../support/kubectl.ts';
import { until } from '../support/ws-server.ts';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'kv-sim-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run sim', () => {
  it('prints its URL, writes a kubeconfig kubectl can use, churns, and exits cleanly on SIGTERM', async () => {
    const out = join(dir, 'kubeconfig');
    const child = spawn(join(root, 'node_modules/.bin/tsx'), ['server/sim/main.ts', '--port', '0', '--kubeconfig-out', out, '--churn', '20'], { cwd: root });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      await until(() => /listening on https:\/\/127\.0\.0\.1:\d+/.test(stdout), 'the listening line', 30_000);
      expect(stdout).toMatch(/clusters: prod-us, staging-eu/);
      const kubectl = kubectlFor(readFileSync(out, 'utf8'));
      const namespaces = await kubectl.run(['get', 'namespaces', '-o', 'name']);
      rmSync(kubectl.dir, { recursive: true, force: true });
      expect(namespaces.stdout.split('\n')).toEqual(expect.arrayContaining(['namespace/default', 'namespace/kube-system', 'namespace/shop', 'namespace/monitoring']));
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 60_000);
});
