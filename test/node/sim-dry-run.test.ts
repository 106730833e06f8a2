/**
 * The emulator's `?dryRun=All` and server-side validation, as kube-apiserver does them: a dry-run
 * write is validated and answered with the object that would be stored, but stores nothing and emits
 * no watch event; an unknown dryRun value and a broken object are refused in the apiserver's words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOURCE_TYPES } from '../../server/sim/resources.ts';
import { startSimulator, type Simulator } from '../../server/sim/simulator.ts';
import type { StoreEvent } from '../../server/sim/store.ts';
import { validateObject } from '../../server/sim/validation/index.ts';
import { simCaller } from '../support/sim-http.ts';

let sim: Simulator;
let call: ReturnType<typeof simCaller>;
const events: StoreEvent[] = [];

beforeAll(async () => {
  sim = await startSimulator({ seed: 9, tls: false });
  call = simCaller(sim, 'prod-us');
  sim.cluster('prod-us').store.subscribe((e) => {
    if (e.object.metadata.name.startsWith('kept-') || e.object.metadata.name.startsWith('dry-')) events.push(e);
  });
});

afterAll(async () => {
  await sim.stop();
});

const CM = '/api/v1/namespaces/default/configmaps';
const configMap = (name: string, greeting: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { greeting } });

describe('dryRun=All', () => {
  it('answers a create with the object that would be stored and stores nothing', async () => {
    const created = await call('POST', `${CM}?dryRun=All`, configMap('dry-create', 'hi'));
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'dry-create', namespace: 'default', uid: expect.any(String) }, data: { greeting: 'hi' } });
    expect((await call('GET', `${CM}/dry-create`)).status).toBe(404);
    expect(events).toEqual([]);
  });

  it('answers update, patch and delete of a stored object without changing it', async () => {
    expect((await call('POST', CM, configMap('kept-stored', 'before'))).status).toBe(201);
    const stored = (await call('GET', `${CM}/kept-stored`)).json;
    events.length = 0;
    const put = await call('PUT', `${CM}/kept-stored?dryRun=All`, { ...stored, data: { greeting: 'put' } });
    expect(put.status).toBe(200);
    expect(put.json.data).toEqual({ greeting: 'put' });
    const patch = await call('PATCH', `${CM}/kept-stored?dryRun=All`, { data: { greeting: 'patched' } }, 'application/merge-patch+json');
    expect(patch.status).toBe(200);
    expect(patch.json.data).toEqual({ greeting: 'patched' });
    expect((await call('DELETE', `${CM}/kept-stored?dryRun=All`)).status).toBe(200);
    expect((await call('GET', `${CM}/kept-stored`)).json).toEqual(stored);
    expect(events).toEqual([]);
  });

  it('still refuses what a real write would refuse', async () => {
    const taken = await call('POST', `${CM}?dryRun=All`, configMap('kept-stored', 'x'));
    expect(taken.status).toBe(409);
    expect(taken.json.message).toBe('configmaps "kept-stored" already exists');
    const missingNs = await call('POST', '/api/v1/namespaces/dry-nowhere/configmaps?dryRun=All', configMap('dry-ns', 'x'));
    expect(missingNs.status).toBe(404);
    expect(missingNs.json.message).toBe('namespaces "dry-nowhere" not found');
  });

  it('refuses an unknown dryRun value with 422 on the options kind, storing nothing', async () => {
    const r = await call('POST', `${CM}?dryRun=Yes`, configMap('dry-unknown', 'x'));
    expect(r.status).toBe(422);
    expect(r.json).toMatchObject({ reason: 'Invalid', message: 'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Yes"}: supported values: "All"' });
    expect((await call('GET', `${CM}/dry-unknown`)).status).toBe(404);
    expect((await call('PATCH', `${CM}/kept-stored?dryRun=1`, {}, 'application/merge-patch+json')).json.message).toMatch(/^PatchOptions\.meta\.k8s\.io "" is invalid: dryRun/);
  });
});

describe('server-side validation', () => {
  const RBAC = '/apis/rbac.authorization.k8s.io/v1';

  it('stores and lists the RBAC kinds and PodDisruptionBudgets', async () => {
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'dry-reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] };
    expect((await call('POST', `${RBAC}/clusterroles`, role)).status).toBe(201);
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'dry-binding' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'dry-reader' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' }],
    };
    expect((await call('POST', `${RBAC}/namespaces/default/rolebindings`, binding)).status).toBe(201);
    const changed = await call('PATCH', `${RBAC}/namespaces/default/rolebindings/dry-binding`, { roleRef: { name: 'other' } }, 'application/merge-patch+json');
    expect(changed.status).toBe(422);
    expect(changed.json.message).toBe('RoleBinding "dry-binding" is invalid: roleRef: Invalid value: "ClusterRole/other": cannot change roleRef');
    const system = await call('POST', `${RBAC}/clusterroles?dryRun=All`, { ...role, metadata: { name: 'system:dry-reader' } });
    expect(system.status).toBe(201);
    const slash = await call('POST', `${RBAC}/clusterroles?dryRun=All`, { ...role, metadata: { name: 'dry/reader' } });
    expect(slash.json.message).toBe('ClusterRole "dry/reader" is invalid: metadata.name: Invalid value: "dry/reader": may not contain \'/\'');
    const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'dry-pdb' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } };
    expect((await call('POST', '/apis/policy/v1/namespaces/default/poddisruptionbudgets', pdb)).status).toBe(201);
    expect(((await call('GET', `${RBAC}/clusterroles`)).json.items as unknown[]).length).toBeGreaterThan(0);
  });

  it('refuses broken objects with the apiserver message, on a dry run too', async () => {
    const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'dry-crb' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'x' }, subjects: [{ kind: 'ServiceAccount', name: 'gw' }] };
    const crb = await call('POST', `${RBAC}/clusterrolebindings?dryRun=All`, binding);
    expect(crb.status).toBe(422);
    expect(crb.json.message).toBe('ClusterRoleBinding "dry-crb" is invalid: roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole", subjects[0].namespace: Required value');
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'dry-deploy' },
      spec: { selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'b' } }, spec: { containers: [{ name: 'c' }] } } },
    };
    const d = await call('POST', '/apis/apps/v1/namespaces/default/deployments?dryRun=All', deployment);
    expect(d.status).toBe(422);
    expect(d.json.message).toBe(
      'Deployment "dry-deploy" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"b"}: `selector` does not match template `labels`, spec.template.spec.containers[0].image: Required value',
    );
    const secret = await call('POST', '/api/v1/namespaces/default/secrets?dryRun=All', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'dry-secret' }, data: { token: 'not base64!' } });
    expect(secret.status).toBe(400);
    expect(secret.json.message).toMatch(/^Secret in version "v1" cannot be handled as a Secret: illegal base64 data/);
    const ingress = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'dry-ingress' },
      spec: { rules: [{ http: { paths: [{ path: 'api', pathType: 'Prefix', backend: { service: { name: 'web' } } }] } }] },
    };
    expect((await call('POST', '/apis/networking.k8s.io/v1/namespaces/default/ingresses?dryRun=All', ingress)).json.message).toBe(
      'Ingress "dry-ingress" is invalid: spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path, spec.rules[0].http.paths[0].backend.service.port: Required value: port name or number is required',
    );
    const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'dry-both' }, spec: { minAvailable: 1, maxUnavailable: 1 } };
    expect((await call('POST', '/apis/policy/v1/namespaces/default/poddisruptionbudgets', pdb)).json.message).toMatch(/minAvailable and maxUnavailable cannot be both set/);
  });

  it('finds every object of the default world valid', () => {
    const stores = [...sim.clusters.values()].map((c) => c.store);
    const refused = stores.flatMap((store) => RESOURCE_TYPES.flatMap((t) => store.list(t).map((o) => validateObject(t, o)?.message))).filter(Boolean);
    expect(refused).toEqual([]);
  });
});
