/**
 * CustomResourceDefinitions in the emulator, proven with real kubectl: a CRD applied from a file is
 * established and served in discovery, objects of it are created, listed, watched and deleted, and
 * deleting the CRD deletes its objects and ends their watches. RBAC governs them like any type.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../server/sim/simulator.ts';
import { kubectlFor, type Kubectl } from '../support/kubectl.ts';
import { until } from '../support/ws-server.ts';

let sim: Simulator;
let kubectl: Kubectl;

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: { plural: widgets, singular: widget, kind: Widget, shortNames: [wd] }
  versions:
    - name: v1
      served: true
      storage: true
      schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
      subresources: { status: {} }
    - name: v1beta1
      served: true
      storage: false
      schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
`;

const widget = (name: string, size: number): string => `apiVersion: example.com/v1
kind: Widget
metadata: { name: ${name}, namespace: default, labels: { app: demo } }
spec: { size: ${size} }
`;

/** `--raw` paths replace the kubeconfig server's path, so they name the cluster themselves. */
const CLUSTER = '/clusters/prod-us';

/** `kubectl get --raw PATH` parsed (the emulator's TLS and token, as kubectl sends them). */
async function raw(path: string): Promise<Record<string, unknown>> {
  const r = await kubectl.run(['get', '--raw', CLUSTER + path]);
  if (r.code !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

const names = (list: Record<string, unknown>): string[] => ((list.items ?? list.resources ?? list.groups) as { name?: string; metadata?: { name: string } }[]).map((i) => i.metadata?.name ?? i.name ?? '');

beforeAll(async () => {
  sim = await startSimulator({ seed: 42, logLinesPerSecond: 1 });
  kubectl = kubectlFor(sim.kubeconfig('prod-us'));
});

afterAll(async () => {
  await sim.stop();
  rmSync(kubectl.dir, { recursive: true, force: true });
});

describe('CustomResourceDefinitions in the emulator', () => {
  it('serves the apiextensions group in discovery', async () => {
    expect(names((await raw('/apis')))).toContain('apiextensions.k8s.io');
    expect(names((await raw('/apis/apiextensions.k8s.io/v1')))).toContain('customresourcedefinitions');
    expect(names((await raw('/apis')))).not.toContain('example.com');
  });

  it('kubectl applies a CRD, waits for it to be established and uses it', async () => {
    const applied = await kubectl.run(['apply', '-f', kubectl.file('crd.yaml', CRD)]);
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toMatch(/widgets\.example\.com created/);
    const waited = await kubectl.run(['wait', '--for', 'condition=established', '--timeout=20s', 'crd/widgets.example.com']);
    expect(waited.stderr).toBe('');
    expect(waited.code).toBe(0);

    const crd = (await raw('/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com'));
    const conditions = (crd.status as { conditions: { type: string; status: string }[] }).conditions;
    expect(conditions.map((c) => `${c.type}=${c.status}`)).toEqual(['NamesAccepted=True', 'Established=True']);
    const groups = (await raw('/apis')).groups as { name: string; preferredVersion: { version: string }; versions: { version: string }[] }[];
    const example = groups.find((g) => g.name === 'example.com');
    expect(example?.preferredVersion.version).toBe('v1');
    expect(example?.versions.map((v) => v.version)).toEqual(['v1', 'v1beta1']);
    const resources = (await raw('/apis/example.com/v1')).resources as { name: string; namespaced: boolean; kind: string; shortNames?: string[] }[];
    expect(resources).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'widgets', namespaced: true, kind: 'Widget', shortNames: ['wd'] }), expect.objectContaining({ name: 'widgets/status' })]));

    const apiResources = await kubectl.run(['api-resources', '--api-group=example.com']);
    expect(apiResources.stdout).toMatch(/widgets\s+wd\s+example\.com\/v1\s+true\s+Widget/);
    const created = await kubectl.run(['create', '-f', kubectl.file('w1.yaml', widget('first', 1))]);
    expect(created.stderr).toBe('');
    expect(created.stdout).toMatch(/widget\.example\.com\/first created/);
    const got = await kubectl.run(['get', 'widgets']);
    expect(got.stderr).toBe('');
    expect(got.stdout).toMatch(/^NAME\s+AGE\nfirst\s+\d+s\n$/);
    const short = await kubectl.run(['get', 'wd', '-o', 'jsonpath={.items[*].spec.size}']);
    expect(short.stdout).toBe('1');
    // Every served version reads the same objects, each with its own apiVersion.
    const beta = (await raw('/apis/example.com/v1beta1/namespaces/default/widgets/first'));
    expect(beta.apiVersion).toBe('example.com/v1beta1');
    const patched = await kubectl.run(['patch', 'widget', 'first', '--type=merge', '-p', '{"spec":{"size":2}}']);
    expect(patched.stderr).toBe('');
    expect((await raw('/apis/example.com/v1/namespaces/default/widgets/first')).spec).toEqual({ size: 2 });
    // apply on an existing custom object patches it (a JSON merge patch: CRs have no strategic merge).
    const reapplied = await kubectl.run(['apply', '-f', kubectl.file('w1b.yaml', widget('first', 4))]);
    expect(reapplied.stderr).toContain('Warning: resource widgets/first is missing the kubectl.kubernetes.io/last-applied-configuration annotation');
    expect(reapplied.stdout).toMatch(/widget\.example\.com\/first configured/);
    expect((await raw('/apis/example.com/v1/namespaces/default/widgets/first')).spec).toEqual({ size: 4 });
    const described = await kubectl.run(['describe', 'widget', 'first']);
    expect(described.stderr).toBe('');
    expect(described.stdout).toMatch(/^Name:\s+first$/m);
    expect(described.stdout).toMatch(/^Kind:\s+Widget$/m);
  });

  it('kubectl get widgets.example.com -w sees a widget created meanwhile', async () => {
    const child = kubectl.spawn(['get', 'widgets.example.com', '-w']);
    let out = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await until(() => out.includes('first'), 'the initial list', 15_000);
      const created = await kubectl.run(['create', '-f', kubectl.file('w2.yaml', widget('second', 3))]);
      expect(created.stderr).toBe('');
      await until(() => /second\s+/.test(out), 'the new widget in the watch output', 15_000);
    } finally {
      child.kill();
    }
  });

  it('refuses a CRD whose name is not plural.group, and a widget of the wrong kind', async () => {
    const gadgets = { plural: 'gadgets', kind: 'Gadget' };
    const bad = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'gadgets' }, spec: { group: 'example.com', scope: 'Namespaced', names: gadgets, versions: [{ name: 'v1', served: true, storage: true }] } };
    const refused = await kubectl.run(['create', '-f', '-'], JSON.stringify(bad));
    expect(refused.stderr).toContain('metadata.name: Invalid value: "gadgets": must be spec.names.plural+"."+spec.group');
    const gizmo = { apiVersion: 'example.com/v1', kind: 'Gizmo', metadata: { name: 'x' } };
    const wrongKind = await kubectl.run(['create', '--raw', CLUSTER + '/apis/example.com/v1/namespaces/default/widgets', '-f', '-'], JSON.stringify(gizmo));
    expect(wrongKind.stderr).toContain('does not match the kind of the request (Widget)');
  });

  it('authorizes custom resources by RBAC like any type', async () => {
    const token = sim.addUser({ name: 'widget-reader' });
    const reader = kubectlFor(sim.kubeconfig('prod-us', token));
    try {
      expect((await reader.run(['get', 'widgets'])).stderr).toContain('widgets.example.com is forbidden: User "widget-reader" cannot list resource "widgets" in API group "example.com" in the namespace "default"');
      await kubectl.run(['create', 'role', 'widgets', '--verb=get,list,watch', '--resource=widgets.example.com']);
      await kubectl.run(['create', 'rolebinding', 'widgets', '--role=widgets', '--user=widget-reader']);
      const allowed = await reader.run(['get', 'widgets', '-o', 'name']);
      expect(allowed.stderr).toBe('');
      expect(allowed.stdout).toBe('widget.example.com/first\nwidget.example.com/second\n');
      expect((await reader.run(['delete', 'widget', 'first'])).stderr).toContain('cannot delete resource "widgets" in API group "example.com"');
    } finally {
      rmSync(reader.dir, { recursive: true, force: true });
    }
  });

  it('serves a cluster-scoped CRD, and deleting a namespace deletes the custom objects in it', async () => {
    const gizmos = CRD.replaceAll('widgets', 'gizmos').replace('singular: widget, kind: Widget, shortNames: [wd]', 'singular: gizmo, kind: Gizmo').replace('Namespaced', 'Cluster');
    expect((await kubectl.run(['apply', '-f', kubectl.file('gizmos.yaml', gizmos)])).stderr).toBe('');
    await kubectl.run(['wait', '--for', 'condition=established', '--timeout=20s', 'crd/gizmos.example.com']);
    const gizmo = JSON.stringify({ apiVersion: 'example.com/v1', kind: 'Gizmo', metadata: { name: 'g1' } });
    expect((await kubectl.run(['create', '-f', '-'], gizmo)).stderr).toBe('');
    expect((await raw('/apis/example.com/v1/gizmos/g1')).metadata).not.toHaveProperty('namespace');
    expect((await kubectl.run(['get', 'gizmos', '-o', 'name'])).stdout).toBe('gizmo.example.com/g1\n');
    expect((await kubectl.run(['delete', 'crd', 'gizmos.example.com'])).stderr).toBe('');

    expect((await kubectl.run(['create', 'namespace', 'scratch'])).stderr).toBe('');
    expect((await kubectl.run(['create', '-f', '-'], JSON.stringify({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'doomed', namespace: 'scratch' } }))).stderr).toBe('');
    expect((await kubectl.run(['delete', 'namespace', 'scratch'])).stderr).toBe('');
    expect((await raw('/apis/example.com/v1/widgets')).items).not.toContainEqual(expect.objectContaining({ metadata: expect.objectContaining({ name: 'doomed' }) }));
  });

  it('deleting the CRD deletes its objects, ends their watches and leaves discovery', async () => {
    const watch = kubectl.spawn(['get', '--raw', CLUSTER + '/apis/example.com/v1/widgets?watch=true']);
    let out = '';
    watch.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    const ended = new Promise<unknown>((resolve) => watch.on('close', resolve));
    await until(() => out.split('\n').length > 2, 'the two widgets in the watch', 15_000);
    const deleted = await kubectl.run(['delete', '-f', kubectl.file('crd.yaml', CRD)]);
    expect(deleted.stderr).toBe('');
    // The server ends the watch: kubectl exits by itself.
    await ended;
    const seen = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; object: { metadata: { name: string } } })
      .map((e) => `${e.type} ${e.object.metadata.name}`);
    expect(seen).toEqual(['ADDED first', 'ADDED second', 'DELETED first', 'DELETED second']);
    expect(names(await raw('/apis'))).not.toContain('example.com');
    expect((await kubectl.run(['get', '--raw', CLUSTER + '/apis/example.com/v1/widgets'])).stderr).toContain('NotFound');
    const again = await kubectl.run(['get', 'widgets']);
    // kubectl's discovery cache still knows the type, so it asks and gets the 404 of a real apiserver.
    expect(again.stderr).toContain('the server could not find the requested resource');
  });

  it('a CRD applied again starts empty', async () => {
    await kubectl.run(['apply', '-f', kubectl.file('crd.yaml', CRD)]);
    await kubectl.run(['wait', '--for', 'condition=established', '--timeout=20s', 'crd/widgets.example.com']);
    expect((await raw('/apis/example.com/v1/widgets')).items).toEqual([]);
  });
});
