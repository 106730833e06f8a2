/**
 * The deploy/ kustomizations (issue 12 item 5): each renders with `kubectl kustomize`, holds the
 * hardening and probes the README promises, carries no real secret, and passes
 * `kubectl apply --dry-run=server` against the emulator without storing anything; a broken
 * manifest fails that dry run with kube-apiserver's message.
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { promisify } from 'node:util';
import type { ClusterRole, ClusterRoleBinding } from 'kubernetes-types/rbac/v1';
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { PersistentVolumeClaim, Secret } from 'kubernetes-types/core/v1';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenSecretFromEnv } from '../../server/auth/tokens.ts';
import { parseConfig } from '../../server/config.ts';
import { typeByPlural, findKind } from '../../server/sim/resources.ts';
import { startSimulator, type Simulator } from '../../server/sim/simulator.ts';
import type { StoreEvent } from '../../server/sim/store.ts';
import { kubectlFor, type Kubectl } from '../support/kubectl.ts';
import { KUSTOMIZATIONS, asStream, containerOf, find, ofKind, podSpecOf, render, type Manifest } from '../support/manifests.ts';

const REPLICAS: Record<(typeof KUSTOMIZATIONS)[number], number> = { 'deploy/base': 1, 'deploy/overlays/single': 1, 'deploy/overlays/replicated': 3 };
const GATEWAY = 'kubevision-gateway';

let sim: Simulator;
let kubectl: Kubectl;
const rendered = new Map<string, Manifest[]>();
const events: StoreEvent[] = [];

beforeAll(async () => {
  sim = await startSimulator({ seed: 3 });
  kubectl = kubectlFor(sim.kubeconfig('prod-us'));
  for (const dir of KUSTOMIZATIONS) rendered.set(dir, await render(kubectl, dir));
  const store = sim.cluster('prod-us').store;
  const created = store.create(store.typeOf('Namespace'), undefined, { metadata: { name: 'kubevision' } });
  if (!created.ok) throw new Error(created.status.message);
  store.subscribe((e) => events.push(e));
}, 60_000);

afterAll(async () => {
  await sim.stop();
  rmSync(kubectl.dir, { recursive: true, force: true });
});

function objects(dir: string): Manifest[] {
  const o = rendered.get(dir);
  if (!o) throw new Error(`${dir} was not rendered`);
  return o;
}

const run = promisify(execFile);

describe.each(KUSTOMIZATIONS)('%s renders', (dir) => {
  it('a hardened gateway Deployment with probes, resources and the replica count', () => {
    const deployment = find(objects(dir), 'Deployment', GATEWAY) as unknown as Deployment;
    expect(deployment.spec?.replicas).toBe(REPLICAS[dir]);
    const pod = podSpecOf(find(objects(dir), 'Deployment', GATEWAY));
    expect(pod.serviceAccountName).toBe(GATEWAY);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.securityContext?.runAsUser).toBeGreaterThan(0);
    const gateway = containerOf(pod, 'gateway');
    expect(gateway.readinessProbe?.httpGet?.path).toBe('/readyz');
    expect(gateway.livenessProbe?.httpGet?.path).toBe('/healthz');
    // Without --kubeconfig the gateway would serve its emulator instead of the cluster.
    expect(gateway.args).toEqual(expect.arrayContaining(['--kubeconfig=default', '--production', '--host=0.0.0.0']));
    const tmp = pod.volumes?.find((v) => v.name === gateway.volumeMounts?.find((m) => m.mountPath === '/tmp')?.name);
    expect(tmp?.emptyDir).toBeDefined();
  });

  it('every container non-root, read-only, without privileges, with requests and limits', () => {
    for (const workload of [...ofKind(objects(dir), 'Deployment'), ...ofKind(objects(dir), 'StatefulSet')]) {
      const pod = podSpecOf(workload);
      expect(pod.securityContext?.seccompProfile?.type, workload.metadata.name).toBe('RuntimeDefault');
      for (const c of pod.containers) {
        expect(c.securityContext, `${workload.metadata.name}/${c.name}`).toMatchObject({
          runAsNonRoot: true,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(c.resources?.requests?.cpu && c.resources.requests.memory && c.resources.limits?.memory, `${workload.metadata.name}/${c.name}`).toBeTruthy();
        expect(c.image, `${workload.metadata.name}/${c.name}`).toMatch(/:[\w.-]+$/);
      }
    }
  });

  it('a config the gateway accepts, recording into the mounted volume', () => {
    const configMap = find(objects(dir), 'ConfigMap', `${GATEWAY}-config`, true) as Manifest & { data: Record<string, string> };
    const config = parseConfig(JSON.parse(configMap.data['config.json'] ?? 'null'));
    const gateway = containerOf(podSpecOf(find(objects(dir), 'Deployment', GATEWAY)), 'gateway');
    const mount = gateway.volumeMounts?.find((m) => m.name === 'recordings')?.mountPath;
    // --recordings overrides recording.dir; the replicated overlay gives each pod its own directory.
    const recordings = (gateway.args ?? []).filter((a) => a.startsWith('--recordings=')).at(-1)?.slice('--recordings='.length) ?? config.recording.dir;
    expect(mount).toBe(config.recording.dir);
    expect(recordings === mount || recordings.startsWith(`${mount}/`)).toBe(true);
    expect(gateway.args).toContain('--config=/etc/kubevision/config.json');
  });

  it('only placeholder secrets, and a token secret placeholder the gateway refuses to start with', () => {
    for (const secret of ofKind(objects(dir), 'Secret') as unknown as Secret[]) {
      for (const [key, value] of Object.entries(secret.data ?? {})) {
        const text = Buffer.from(value, 'base64').toString('utf8');
        expect(text, key).toBe('REPLACE_ME');
      }
      expect(() => tokenSecretFromEnv(Buffer.from(secret.data?.KUBEVISION_TOKEN_SECRET ?? '', 'base64').toString('utf8'))).toThrowError(/at least 32 characters/);
    }
  });

  it('metrics on their own port, outside the Service the Ingress routes to, open to the scraper only', () => {
    const deployment = find(objects(dir), 'Deployment', GATEWAY);
    const gateway = containerOf(podSpecOf(deployment), 'gateway');
    expect(gateway.args).toEqual(expect.arrayContaining(['--metrics-port=9464', '--metrics-host=0.0.0.0']));
    expect(gateway.ports).toContainEqual({ name: 'metrics', containerPort: 9464 });
    const service = find(objects(dir), 'Service', GATEWAY) as Manifest & { spec: { ports: { port: number; targetPort: string | number }[] } };
    expect(service.spec.ports.map((p) => p.targetPort)).toEqual(['http']);
    const policy = find(objects(dir), 'NetworkPolicy', GATEWAY) as Manifest & { spec: { ingress: { ports: { port: number }[] }[] } };
    const metricsRules = policy.spec.ingress.filter((r) => r.ports.some((p) => p.port === 9464));
    expect(metricsRules).toHaveLength(1);
    // Read as text: client-node's loader renames the rule's `from` field.
    expect(JSON.stringify(metricsRules[0])).toContain('"app.kubernetes.io/name":"prometheus"');
  });

  it('an Ingress that keeps WebSockets open and unbuffered', () => {
    const annotations = find(objects(dir), 'Ingress', GATEWAY).metadata.annotations ?? {};
    expect(annotations).toMatchObject({
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600',
      'nginx.ingress.kubernetes.io/proxy-send-timeout': '3600',
      'nginx.ingress.kubernetes.io/proxy-buffering': 'off',
    });
  });

  it('a least-privilege ClusterRole bound to the gateway ServiceAccount', () => {
    const role = find(objects(dir), 'ClusterRole', GATEWAY) as unknown as ClusterRole;
    const grants = (role.rules ?? []).flatMap((r) => (r.resources ?? []).flatMap((res) => r.verbs.map((v) => `${v} ${res}`)));
    expect(grants.filter((g) => !/^(get|list|watch) /.test(g)).sort()).toEqual(['create pods/exec', 'impersonate groups', 'impersonate serviceaccounts', 'impersonate users']);
    expect(JSON.stringify(role.rules)).not.toContain('*');
    const binding = find(objects(dir), 'ClusterRoleBinding', GATEWAY) as unknown as ClusterRoleBinding;
    const account = find(objects(dir), 'ServiceAccount', GATEWAY);
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: GATEWAY, namespace: account.metadata.namespace }]);
  });

  it('gateway arguments that the gateway parses', async () => {
    const gateway = containerOf(podSpecOf(find(objects(dir), 'Deployment', GATEWAY)), 'gateway');
    // --help is read after every option is parsed, so an unknown flag fails instead of printing usage.
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'server/main.ts', ...(gateway.args ?? []), '--help']);
    expect(stdout).toMatch(/^usage: npm run gateway/);
  });

  it('only kinds the emulator serves', () => {
    expect(objects(dir).filter((o) => !findKind(o.apiVersion, o.kind)).map((o) => o.kind)).toEqual([]);
  });
});

describe('the replicated overlay', () => {
  const dir = 'deploy/overlays/replicated';

  it('ships Redis and PostgreSQL and hands their URLs to the gateway after the passwords they embed', () => {
    for (const name of ['kubevision-redis', 'kubevision-postgres']) {
      expect(find(objects(dir), 'StatefulSet', name)).toBeDefined();
      expect(find(objects(dir), 'Service', name)).toBeDefined();
      expect(find(objects(dir), 'NetworkPolicy', name)).toBeDefined();
    }
    const env = (containerOf(podSpecOf(find(objects(dir), 'Deployment', GATEWAY)), 'gateway').env ?? []).map((e) => e.name);
    expect(env.indexOf('KUBEVISION_REDIS_URL')).toBeGreaterThan(env.indexOf('REDIS_PASSWORD'));
    expect(env.indexOf('KUBEVISION_DATABASE_URL')).toBeGreaterThan(env.indexOf('POSTGRES_PASSWORD'));
  });

  it('routes any request to any replica: no session affinity, since tickets and login limits are in Redis', () => {
    const annotations = find(objects(dir), 'Ingress', GATEWAY).metadata.annotations ?? {};
    expect(Object.keys(annotations).filter((k) => /affinity|session-cookie/.test(k))).toEqual([]);
  });

  it('keeps recordings on one ReadWriteMany claim', () => {
    const claim = find(objects(dir), 'PersistentVolumeClaim', 'kubevision-recordings') as unknown as PersistentVolumeClaim;
    expect(claim.spec?.accessModes).toEqual(['ReadWriteMany']);
    const volume = podSpecOf(find(objects(dir), 'Deployment', GATEWAY)).volumes?.find((v) => v.name === 'recordings');
    expect(volume).toEqual({ name: 'recordings', persistentVolumeClaim: { claimName: 'kubevision-recordings' } });
  });
});

function storedNothing(list: readonly Manifest[]): string[] {
  const store = sim.cluster('prod-us').store;
  return list.filter((o) => {
    const t = findKind(o.apiVersion, o.kind);
    return !t || store.get(t, o.metadata.namespace, o.metadata.name) !== undefined;
  }).map((o) => `${o.kind}/${o.metadata.name}`);
}

describe('kubectl apply --dry-run=server against the emulator', () => {
  it.each(KUSTOMIZATIONS)('%s passes and stores nothing', async (dir) => {
    events.length = 0;
    const r = await kubectl.run(['apply', '--dry-run=server', '-k', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(objects(dir).length);
    expect(lines.every((l) => l.endsWith(' created (server dry run)'))).toBe(true);
    expect(storedNothing(objects(dir))).toEqual([]);
    expect(events).toEqual([]);
    const get = await kubectl.run(['get', 'deployment', GATEWAY, '-n', 'kubevision']);
    expect(get.stderr).toMatch(/NotFound|not found/);
  });

  it('patches an applied gateway only in the answer when the replicated overlay is dry-run over it', async () => {
    const applied = await kubectl.run(['apply', '-k', 'deploy/base']);
    expect(applied.stderr).toBe('');
    const store = sim.cluster('prod-us').store;
    const deployments = typeByPlural('deployments');
    if (!deployments) throw new Error('deployments not served');
    const before = store.get(deployments, 'kubevision', GATEWAY);
    const r = await kubectl.run(['apply', '--dry-run=server', '-k', 'deploy/overlays/replicated', '-o', 'json']);
    expect(r.code).toBe(0);
    const answered = (JSON.parse(r.stdout) as { items: Deployment[] }).items.find((o) => o.kind === 'Deployment' && o.metadata?.name === GATEWAY);
    expect(answered?.spec?.replicas).toBe(3);
    expect(store.get(deployments, 'kubevision', GATEWAY)).toBe(before);
  });

  it('fails a broken manifest with the apiserver message and stores nothing', async () => {
    const broken = objects('deploy/base').map((o) => {
      if (o.kind !== 'Deployment') return o;
      const d = structuredClone(o) as unknown as Deployment;
      if (d.spec) d.spec.selector = { matchLabels: { 'app.kubernetes.io/name': 'something-else' } };
      return { ...(d as unknown as Manifest), metadata: { ...o.metadata, name: 'broken-gateway' } };
    });
    const r = await kubectl.run(['apply', '--dry-run=server', '-f', kubectl.file('broken.yaml', asStream(broken))]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('The Deployment "broken-gateway" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{');
    expect(r.stderr).toContain('`selector` does not match template `labels`');
    const deployments = typeByPlural('deployments');
    expect(deployments && sim.cluster('prod-us').store.get(deployments, 'kubevision', 'broken-gateway')).toBeUndefined();
  });
});
