/**
 * The emulator's REST and watch semantics over real HTTP: what kube-apiserver does, the emulator does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../server/sim/simulator.ts';
import { simCaller } from '../support/sim-http.ts';

let sim: Simulator;
let base: string;
let call: ReturnType<typeof simCaller>;

beforeAll(async () => {
  sim = await startSimulator({ seed: 5, historySize: 50, bookmarkMs: 200, tls: false });
  base = `${sim.url}/clusters/prod-us`;
  call = simCaller(sim, 'prod-us');
});

afterAll(async () => {
  await sim.stop();
});

function meta(o: Record<string, unknown>): Record<string, unknown> {
  return o.metadata as Record<string, unknown>;
}

/** Reads a watch stream until `stop` says enough or the server ends it; returns the parsed events. */
async function watch(path: string, stop: (events: Record<string, unknown>[]) => boolean, signal?: AbortSignal): Promise<Record<string, unknown>[]> {
  const res = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${sim.token}` }, ...(signal ? { signal } : {}) });
  expect(res.status).toBe(200);
  const events: Record<string, unknown>[] = [];
  const reader = res.body?.getReader();
  if (!reader) throw new Error('no body');
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return events;
    buffer += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      events.push(JSON.parse(buffer.slice(0, nl)) as Record<string, unknown>);
      buffer = buffer.slice(nl + 1);
    }
    if (stop(events)) {
      await reader.cancel();
      return events;
    }
  }
}

describe('emulator REST semantics', () => {
  it('refuses requests without the bearer token', async () => {
    const res = await fetch(`${base}/api/v1/pods`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
  });

  it('creates with 201, generateName, uid, creationTimestamp and resourceVersion', async () => {
    const r = await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { generateName: 'gen-' }, data: { a: '1' } });
    expect(r.status).toBe(201);
    const m = meta(r.json);
    expect(m.name).toMatch(/^gen-[a-z0-9]{5}$/);
    expect(m.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(m.creationTimestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(Number(m.resourceVersion)).toBeGreaterThan(0);
    expect(r.json).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1' });
  });

  it('answers errors with Kubernetes Status objects', async () => {
    const missing = await call('GET', '/apis/apps/v1/namespaces/shop/deployments/nope');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'deployments.apps "nope" not found',
      reason: 'NotFound',
      details: { name: 'nope', group: 'apps', kind: 'deployments' },
      code: 404,
    });
    const bad = await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'Bad_Name' } });
    expect(bad.status).toBe(422);
    expect(bad.json.reason).toBe('Invalid');
    expect(bad.json.message).toMatch(/^ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value/);
    const noNs = await call('POST', '/api/v1/namespaces/nowhere/configmaps', { metadata: { name: 'x' } });
    expect(noNs.json).toMatchObject({ code: 404, message: 'namespaces "nowhere" not found' });
    const dup = await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'kube-root-ca.crt' } });
    expect(dup.json).toMatchObject({ code: 409, reason: 'AlreadyExists', message: 'configmaps "kube-root-ca.crt" already exists' });
  });

  it('replaces with optimistic concurrency: 409 Conflict on a stale resourceVersion', async () => {
    const created = await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'occ' }, data: { v: '1' } });
    const rv = meta(created.json).resourceVersion;
    const ok = await call('PUT', '/api/v1/namespaces/default/configmaps/occ', { metadata: { name: 'occ', resourceVersion: rv }, data: { v: '2' } });
    expect(ok.status).toBe(200);
    expect(Number(meta(ok.json).resourceVersion)).toBeGreaterThan(Number(rv));
    const stale = await call('PUT', '/api/v1/namespaces/default/configmaps/occ', { metadata: { name: 'occ', resourceVersion: rv }, data: { v: '3' } });
    expect(stale.status).toBe(409);
    expect(stale.json.reason).toBe('Conflict');
    expect(stale.json.message).toMatch(/the object has been modified; please apply your changes to the latest version and try again/);
  });

  it('patches by merge, JSON and strategic merge, and refuses other media types with 415', async () => {
    await call('PATCH', '/apis/apps/v1/namespaces/default/deployments/web', { spec: { replicas: 4 } }, 'application/merge-patch+json');
    const json = await call('PATCH', '/apis/apps/v1/namespaces/default/deployments/web', [{ op: 'test', path: '/spec/replicas', value: 4 }, { op: 'replace', path: '/spec/replicas', value: 5 }], 'application/json-patch+json');
    expect((json.json.spec as Record<string, unknown>).replicas).toBe(5);
    const smp = await call(
      'PATCH',
      '/apis/apps/v1/namespaces/default/deployments/web',
      { spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx:1.28' }] } } } },
      'application/strategic-merge-patch+json',
    );
    const containers = ((smp.json.spec as Record<string, Record<string, Record<string, unknown>>>).template?.spec?.containers ?? []) as Record<string, unknown>[];
    expect(containers.map((c) => `${String(c.name)}=${String(c.image)}`)).toEqual(['app=nginx:1.28', 'sidecar=envoyproxy/envoy:v1.31']);
    const other = await call('PATCH', '/apis/apps/v1/namespaces/default/deployments/web', 'x: 1', 'application/yaml');
    expect(other.status).toBe(415);
    expect(other.json.reason).toBe('UnsupportedMediaType');
  });

  it('lists with label and field selectors', async () => {
    const byLabel = await call('GET', '/api/v1/pods?labelSelector=app%3Dfrontend');
    const items = byLabel.json.items as Record<string, unknown>[];
    expect(items).toHaveLength(3);
    expect(byLabel.json).toMatchObject({ kind: 'PodList', apiVersion: 'v1' });
    const byField = await call('GET', '/api/v1/namespaces/default/pods?fieldSelector=metadata.name%3Dmy-pod');
    expect((byField.json.items as unknown[]).length).toBe(1);
    const pending = await call('GET', '/api/v1/pods?fieldSelector=status.phase%3DPending');
    expect((pending.json.items as unknown[]).length).toBeGreaterThanOrEqual(1);
    const unknownField = await call('GET', '/api/v1/pods?fieldSelector=spec.bogus%3Dx');
    expect(unknownField.json).toMatchObject({ code: 400, message: 'field label not supported: spec.bogus' });
  });

  it('deleting a namespace removes its objects; deleting an owner removes what it owns', async () => {
    await call('POST', '/api/v1/namespaces', { metadata: { name: 'scratch' } });
    await call('POST', '/api/v1/namespaces/scratch/configmaps', { metadata: { name: 'c1' } });
    expect((await call('DELETE', '/api/v1/namespaces/scratch')).status).toBe(200);
    expect((await call('GET', '/api/v1/namespaces/scratch/configmaps/c1')).status).toBe(404);
    const rs = (await call('GET', '/apis/apps/v1/namespaces/shop/replicasets?labelSelector=app%3Dcart')).json.items as Record<string, unknown>[];
    expect(rs).toHaveLength(1);
    await call('DELETE', '/apis/apps/v1/namespaces/shop/deployments/cart');
    expect(((await call('GET', '/apis/apps/v1/namespaces/shop/replicasets?labelSelector=app%3Dcart')).json.items as unknown[]).length).toBe(0);
    expect(((await call('GET', '/api/v1/namespaces/shop/pods?labelSelector=app%3Dcart')).json.items as unknown[]).length).toBe(0);
  });

  it('serves discovery kubectl accepts', async () => {
    expect((await call('GET', '/version')).json.gitVersion).toMatch(/^v1\.33/);
    expect((await call('GET', '/api')).json.versions).toEqual(['v1']);
    const groups = ((await call('GET', '/apis')).json.groups as { name: string }[]).map((g) => g.name);
    expect(groups).toEqual(['apiextensions.k8s.io', 'apps', 'authentication.k8s.io', 'authorization.k8s.io', 'batch', 'networking.k8s.io', 'policy', 'rbac.authorization.k8s.io']);
    const core = (await call('GET', '/api/v1')).json.resources as { name: string }[];
    expect(core.map((r) => r.name)).toEqual(expect.arrayContaining(['pods', 'pods/log', 'pods/exec', 'services', 'configmaps']));
    const apps = (await call('GET', '/apis/apps/v1')).json.resources as { name: string }[];
    expect(apps.map((r) => r.name)).toEqual(expect.arrayContaining(['deployments', 'deployments/scale', 'replicasets']));
  });
});

describe('emulator watch semantics', () => {
  it('from resourceVersion 0 sends the current objects as ADDED, then live events, each with kind and apiVersion', async () => {
    const events = watch('/api/v1/namespaces/monitoring/configmaps?watch=true', (e) => e.some((x) => x.type === 'ADDED' && meta(x.object as Record<string, unknown>).name === 'live-one'));
    await new Promise((r) => setTimeout(r, 100));
    await call('POST', '/api/v1/namespaces/monitoring/configmaps', { metadata: { name: 'live-one' } });
    const got = await events;
    const names = got.map((e) => meta(e.object as Record<string, unknown>).name);
    expect(names).toEqual(['kube-root-ca.crt', 'prometheus-config', 'live-one']);
    for (const e of got) expect(e.object).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1' });
  });

  it('from a resourceVersion sends only what came after it', async () => {
    const a = await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'rv-a' } });
    await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'rv-b' } });
    await call('DELETE', '/api/v1/namespaces/default/configmaps/rv-a');
    const events = await watch(`/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${String(meta(a.json).resourceVersion)}`, (e) => e.length >= 2);
    expect(events.map((e) => `${String(e.type)} ${String(meta(e.object as Record<string, unknown>).name)}`)).toEqual(['ADDED rv-b', 'DELETED rv-a']);
  });

  it('answers a too-old resourceVersion with 200 and one ERROR 410 Expired event, then ends', async () => {
    const first = await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'old-1' } });
    for (let i = 0; i < 60; i++) await call('PATCH', '/api/v1/namespaces/default/configmaps/old-1', { data: { i: String(i) } }, 'application/merge-patch+json');
    const events = await watch(`/api/v1/configmaps?watch=true&resourceVersion=${String(meta(first.json).resourceVersion)}`, () => false);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
  });

  it('sends BOOKMARK only with allowWatchBookmarks and honours timeoutSeconds', async () => {
    const start = Date.now();
    const plain = await watch('/api/v1/namespaces/kube-public/configmaps?watch=true&timeoutSeconds=1', () => false);
    expect(Date.now() - start).toBeGreaterThanOrEqual(900);
    expect(plain.some((e) => e.type === 'BOOKMARK')).toBe(false);
    const marked = await watch('/api/v1/namespaces/kube-public/configmaps?watch=true&timeoutSeconds=1&allowWatchBookmarks=true', () => false);
    const bookmark = marked.find((e) => e.type === 'BOOKMARK');
    expect(bookmark?.object).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: expect.stringMatching(/^\d+$/) } });
  });

  it('turns a label change out of the selector into DELETED for a selecting watch', async () => {
    await call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'sel', labels: { tier: 'x' } } });
    const events = watch('/api/v1/namespaces/default/configmaps?watch=true&labelSelector=tier%3Dx', (e) => e.some((x) => x.type === 'DELETED'));
    await new Promise((r) => setTimeout(r, 100));
    await call('PATCH', '/api/v1/namespaces/default/configmaps/sel', { metadata: { labels: { tier: 'y' } } }, 'application/merge-patch+json');
    const got = await events;
    expect(got.map((e) => e.type)).toEqual(['ADDED', 'DELETED']);
  });
});

describe('emulator knobs', () => {
  it('scales the world with extraPods and rebuilds it with loadWorld, ending open watches', async () => {
    const big = await startSimulator({ seed: 9, extraPods: 1200, tls: false, clusters: ['bench'] });
    try {
      const headers = { Authorization: `Bearer ${big.token}` };
      const list = (await (await fetch(`${big.url}/clusters/bench/api/v1/namespaces/load/pods`, { headers })).json()) as { items: unknown[] };
      expect(list.items).toHaveLength(1200);
      await fetch(`${big.url}/clusters/bench/api/v1/namespaces/default/configmaps`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify({ metadata: { name: 'before-reload' } }),
      });
      const watchResponse = await fetch(`${big.url}/clusters/bench/api/v1/namespaces/default/configmaps?watch=true`, { headers });
      const ended = watchResponse.text();
      big.loadWorld(9);
      await ended;
      const after = await fetch(`${big.url}/clusters/bench/api/v1/namespaces/default/configmaps/before-reload`, { headers });
      expect(after.status).toBe(404);
    } finally {
      await big.stop();
    }
  });
});
