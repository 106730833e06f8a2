/**
 * The emulator proven with a real client: kubectl 1.33 against the generated kubeconfig.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../server/sim/simulator.ts';
import { kubectlFor, type Kubectl } from '../support/kubectl.ts';
import { until } from '../support/ws-server.ts';

let sim: Simulator;
let kubectl: Kubectl;

beforeAll(async () => {
  sim = await startSimulator({ seed: 42, logLinesPerSecond: 20 });
  kubectl = kubectlFor(sim.kubeconfig('prod-us'));
});

afterAll(async () => {
  await sim.stop();
  rmSync(kubectl.dir, { recursive: true, force: true });
});

describe('kubectl against the emulator', () => {
  it('gets pods in all namespaces with server-side columns', async () => {
    const r = await kubectl.run(['get', 'pods', '-A']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
    expect(r.stdout).toMatch(/default\s+my-pod\s+1\/1\s+Running/);
    expect(r.stdout).toMatch(/CrashLoopBackOff/);
    expect(r.stdout).toMatch(/kube-system\s+coredns-/);
  });

  it('switches clusters by context', async () => {
    const r = await kubectl.run(['--context', 'staging-eu', 'get', 'nodes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/eu-central-1-worker-1\s+Ready/);
  });

  it('get pods -w sees a pod created meanwhile', async () => {
    const child = kubectl.spawn(['get', 'pods', '-w', '-n', 'default']);
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await until(() => out.includes('my-pod'), 'the initial list', 15_000);
      const created = await kubectl.run(['run', 'watch-me', '--image=busybox:1.36', '--restart=Never']);
      expect(created.stderr).toBe('');
      await until(() => /watch-me\s+/.test(out), 'the new pod in the watch output', 15_000);
    } finally {
      child.kill();
    }
  });

  it('logs --tail=5 prints five lines', async () => {
    const r = await kubectl.run(['logs', 'my-pod', '-c', 'app', '--tail=5']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(5);
  });

  it('logs -f streams new lines', async () => {
    const child = kubectl.spawn(['logs', '-f', 'my-pod', '--tail=1']);
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await until(() => out.split('\n').length > 4, 'streamed lines', 15_000);
    } finally {
      child.kill();
    }
  });

  it('exec prints hi and exits 3', async () => {
    const r = await kubectl.run(['exec', 'my-pod', '-c', 'app', '--', 'sh', '-c', 'echo hi; exit 3']);
    expect(r.stdout).toBe('hi\n');
    expect(r.code).toBe(3);
  });

  it('creates and deletes a configmap from a file', async () => {
    const file = kubectl.file(
      'cm.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-file\n  namespace: shop\ndata:\n  greeting: hello\n',
    );
    const created = await kubectl.run(['create', '-f', file]);
    expect(created.stderr).toBe('');
    expect(created.stdout.trim()).toBe('configmap/from-file created');
    const got = await kubectl.run(['get', 'configmap', 'from-file', '-n', 'shop', '-o', 'jsonpath={.data.greeting}']);
    expect(got.stdout).toBe('hello');
    const again = await kubectl.run(['create', '-f', file]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/AlreadyExists|already exists/);
    const deleted = await kubectl.run(['delete', '-f', file]);
    expect(deleted.stdout.trim()).toBe('configmap "from-file" deleted');
    const gone = await kubectl.run(['get', 'configmap', 'from-file', '-n', 'shop']);
    expect(gone.stderr).toMatch(/NotFound|not found/);
  });

  it('patches a deployment', async () => {
    const r = await kubectl.run(['patch', 'deployment', 'web', '-p', '{"spec":{"replicas":3}}']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('deployment.apps/web patched');
    const got = await kubectl.run(['get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}']);
    expect(got.stdout).toBe('3');
    const json = await kubectl.run(['patch', 'deployment', 'web', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":2}]']);
    expect(json.stdout.trim()).toBe('deployment.apps/web patched');
  });

  it('get --raw /version answers what kubectl version shows', async () => {
    const raw = await kubectl.run(['get', '--raw', '/version']);
    expect(raw.stderr).toBe('');
    expect(raw.code).toBe(0);
    const version = await kubectl.run(['version', '-o', 'json']);
    const server = (JSON.parse(version.stdout) as { serverVersion: unknown }).serverVersion;
    expect(JSON.parse(raw.stdout)).toEqual(server);
    expect(server).toMatchObject({ major: '1', minor: expect.any(String), gitVersion: expect.stringMatching(/^v1\./) });
  });

  it('get --raw of a resource path outside /clusters/NAME says where clusters live', async () => {
    const root = await kubectl.run(['get', '--raw', '/api/v1/namespaces/default/pods']);
    expect(root.code).not.toBe(0);
    expect(root.stderr).toMatch(/\/clusters\/NAME\//);
    const prefixed = await kubectl.run(['get', '--raw', '/clusters/prod-us/api/v1/namespaces/default/pods/my-pod']);
    expect(prefixed.code).toBe(0);
    expect(JSON.parse(prefixed.stdout)).toMatchObject({ metadata: { name: 'my-pod' } });
  });

  it('refuses a wrong token with 401', async () => {
    const bad = kubectlFor(sim.kubeconfig('prod-us').replace(sim.token, 'wrong-token'));
    const r = await bad.run(['get', 'pods']);
    rmSync(bad.dir, { recursive: true, force: true });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Unauthorized|must be logged in/);
  });
});
