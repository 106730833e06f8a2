/**
 * Custom resources through the real gateway and emulator, with real WebSocket clients and kubectl:
 * a CRD created with kubectl becomes subscribable as `plural.group`, an open "*" subscription starts
 * receiving its objects, REST reads it and lists it among the cluster's resources, bad names are 400
 * and unknown ones 404, and deleting the CRD sends DELETED to "*" and ERROR 404 to a subscription of it.
 * On an impersonate cluster the user's Role bindings decide which widgets it receives, as for pods.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeConfig } from '@kubernetes/client-node';
import { WebSocket } from 'ws';
import { ClusterRegistry } from '../../server/kube/clusters.ts';
import { startSimulator } from '../../server/sim/simulator.ts';
import { parseWatchServerMessage, type WatchServerMessage } from '../../src/core/protocol.ts';
import { startHarness, type Harness } from '../support/gateway-harness.ts';
import { kubectlFor, type Kubectl } from '../support/kubectl.ts';
import { until } from '../support/until.ts';
import { WIDGET_CRD as CRD, widgetJson } from '../support/widget-crd.ts';

let h: Harness;
let kubectl: Kubectl;


/** A watch socket that keeps every server message. */
interface Watcher {
  messages: WatchServerMessage[];
  send(message: Record<string, unknown>): void;
  close(): void;
}

async function watcher(token: string, gateway: Harness = h): Promise<Watcher> {
  const ws = new WebSocket(`${gateway.wsUrl}/api/v1/ws/watch?token=${token}`);
  const messages: WatchServerMessage[] = [];
  ws.on('message', (data: Buffer) => {
    const parsed = parseWatchServerMessage(data.toString());
    if (parsed.ok) messages.push(parsed.value);
  });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return { messages, send: (m) => ws.send(JSON.stringify(m)), close: () => ws.close() };
}

/** "TYPE resource name" of each event, "SYNCED resource" and "ERROR resource code" of the others. */
function summary(messages: readonly WatchServerMessage[]): string[] {
  return messages.map((m) => {
    if (m.type === 'SYNCED') return `SYNCED ${m.resource}`;
    if (m.type === 'ERROR') return `ERROR ${m.resource ?? ''} ${m.code}`;
    return `${m.type} ${m.resource} ${m.object.metadata?.name ?? ''}`;
  });
}

async function rest(path: string, token = h.adminToken): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${h.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, json: await res.json() };
}


beforeAll(async () => {
  h = await startHarness();
  kubectl = kubectlFor(h.sim.kubeconfig('prod-us'));
});

afterAll(async () => {
  await h.stop();
  rmSync(kubectl.dir, { recursive: true, force: true });
});

describe('custom resources through the gateway', () => {
  it('follows a CRD from kubectl apply to kubectl delete on sockets and REST', async () => {
    const all = await watcher(h.adminToken);
    const single = await watcher(h.adminToken);
    try {
      single.send({ action: 'subscribe', cluster: 'prod-us', namespace: 'default', resource: 'widgets.example.com' });
      await until(() => summary(single.messages).includes('ERROR widgets.example.com 404'), 'the 404 of a type not served yet');
      all.send({ action: 'subscribe', cluster: 'prod-us', namespace: 'default', resource: '*' });
      await until(() => summary(all.messages).includes('SYNCED *'), 'the "*" snapshot');
      all.messages.length = 0;

      expect((await kubectl.run(['apply', '-f', kubectl.file('crd.yaml', CRD)])).stderr).toBe('');
      expect((await kubectl.run(['wait', '--for', 'condition=established', '--timeout=20s', 'crd/widgets.example.com'])).code).toBe(0);
      expect((await kubectl.run(['create', '-f', '-'], widgetJson('first'))).stderr).toBe('');
      // The open "*" subscription reads the new type without subscribing again.
      await until(() => summary(all.messages).includes('ADDED widgets.example.com first'), 'the widget on the open "*" subscription');

      single.messages.length = 0;
      single.send({ action: 'subscribe', cluster: 'prod-us', namespace: 'default', resource: 'widgets.example.com' });
      await until(() => summary(single.messages).includes('SYNCED widgets.example.com'), 'the widgets snapshot');
      expect(summary(single.messages)).toEqual(['ADDED widgets.example.com first', 'SYNCED widgets.example.com']);
      expect((await kubectl.run(['patch', 'widget', 'first', '--type=merge', '-p', '{"spec":{"size":5}}'])).stderr).toBe('');
      await until(() => summary(single.messages).includes('MODIFIED widgets.example.com first'), 'the live change');

      const listed = await rest('/api/v1/clusters/prod-us/widgets.example.com?namespace=default');
      expect(listed.status).toBe(200);
      expect((listed.json as { items: { metadata: { name: string } }[] }).items.map((i) => i.metadata.name)).toEqual(['first']);
      const types = (await rest('/api/v1/clusters/prod-us/resources')).json as { name: string; group: string; kind: string; namespaced: boolean }[];
      expect(types).toContainEqual(expect.objectContaining({ name: 'widgets', group: 'example.com', kind: 'Widget', namespaced: true }));

      single.messages.length = 0;
      all.messages.length = 0;
      expect((await kubectl.run(['delete', 'crd', 'widgets.example.com'])).stderr).toBe('');
      await until(() => summary(single.messages).includes('ERROR widgets.example.com 404'), 'the end of the widgets subscription');
      await until(() => summary(all.messages).includes('DELETED widgets.example.com first'), 'DELETED on "*"');
      expect(summary(all.messages).filter((m) => m.includes('widgets.example.com'))).toEqual(['DELETED widgets.example.com first']);
      await until(async () => (await rest('/api/v1/clusters/prod-us/widgets.example.com?namespace=default')).status === 404, 'REST to forget the type');
      const after = (await rest('/api/v1/clusters/prod-us/resources')).json as { name: string }[];
      expect(after.map((t) => t.name)).not.toContain('widgets');
    } finally {
      all.close();
      single.close();
    }
  });

  it('refuses bad resource names with 400 and unknown custom types with 404', async () => {
    const w = await watcher(h.adminToken);
    try {
      for (const resource of ['Widgets.example.com', 'widgets..com', 'widgets.example.com/status']) w.send({ action: 'subscribe', cluster: 'prod-us', namespace: 'default', resource });
      w.send({ action: 'subscribe', cluster: 'prod-us', namespace: 'default', resource: 'gizmos.example.com' });
      await until(() => w.messages.length === 4, 'four answers');
      expect(w.messages.map((m) => (m.type === 'ERROR' ? m.code : m.type)).sort()).toEqual([400, 400, 400, 404]);
    } finally {
      w.close();
    }
    expect((await rest('/api/v1/clusters/prod-us/widgets..com')).status).toBe(400);
    expect((await rest('/api/v1/clusters/prod-us/gizmos.example.com')).status).toBe(404);
  });

  it('keeps the gateway roles: a viewer of one namespace cannot watch custom resources of another', async () => {
    await kubectl.run(['apply', '-f', kubectl.file('crd.yaml', CRD)]);
    await kubectl.run(['wait', '--for', 'condition=established', '--timeout=20s', 'crd/widgets.example.com']);
    const nina = await watcher(await h.login('nina'));
    try {
      nina.send({ action: 'subscribe', cluster: 'prod-us', namespace: 'default', resource: 'widgets.example.com' });
      await until(() => nina.messages.length > 0, 'an answer');
      expect(summary(nina.messages)).toEqual(['ERROR widgets.example.com 403']);
    } finally {
      nina.close();
    }
  });
});

describe('custom resources after the CRDs were watched', () => {
  it('serves a CRD its informer saw before anything asked for custom types', async () => {
    const fresh = await startHarness();
    const admin = kubectlFor(fresh.sim.kubeconfig('prod-us'));
    const ws = await watcher(fresh.adminToken, fresh);
    try {
      // The picker's watch: it starts the CRD informer before any custom type is asked for.
      ws.send({ action: 'subscribe', cluster: 'prod-us', namespace: '', resource: 'customresourcedefinitions' });
      await until(() => summary(ws.messages).includes('SYNCED customresourcedefinitions'), 'the CRD snapshot');
      expect((await admin.run(['apply', '-f', admin.file('crd.yaml', CRD)])).stderr).toBe('');
      await admin.run(['wait', '--for', 'condition=established', '--timeout=20s', 'crd/widgets.example.com']);
      ws.send({ action: 'subscribe', cluster: 'prod-us', namespace: 'default', resource: 'widgets.example.com' });
      await until(() => summary(ws.messages).some((m) => m.startsWith('SYNCED widgets') || m.startsWith('ERROR widgets')), 'the widgets answer');
      expect(summary(ws.messages)).toContain('SYNCED widgets.example.com');
    } finally {
      ws.close();
      await fresh.stop();
      rmSync(admin.dir, { recursive: true, force: true });
    }
  });
});

describe('a cluster that does not let the gateway list CRDs', () => {
  it('serves no custom resource and stays ready', async () => {
    // The gateway's own identity may view everything but CRDs.
    const sim = await startSimulator({ seed: 2 });
    const admin = kubectlFor(sim.kubeconfig('prod-us'));
    const token = sim.addUser({ name: 'gateway-sa' });
    expect((await admin.run(['create', 'clusterrolebinding', 'gateway-view', '--clusterrole=view', '--user=gateway-sa'])).code).toBe(0);
    const kc = new KubeConfig();
    kc.loadFromString(sim.kubeconfig('prod-us', token));
    const limited = await startHarness(() => undefined, { clusters: ClusterRegistry.fromKubeConfig(kc) });
    const ws = await watcher(limited.adminToken, limited);
    try {
      ws.send({ action: 'subscribe', cluster: 'prod-us', namespace: 'default', resource: 'widgets.example.com' });
      await until(() => ws.messages.length > 0, 'the answer');
      expect(summary(ws.messages)).toEqual(['ERROR widgets.example.com 404']);
      // The refused CRD informer is not kept failing: nothing left to sync, so the gateway is ready.
      const ready = await fetch(`${limited.url}/readyz`);
      expect(ready.status).toBe(200);
    } finally {
      ws.close();
      await limited.stop();
      await sim.stop();
      rmSync(admin.dir, { recursive: true, force: true });
    }
  });
});

describe('custom resources on a cluster whose RBAC decides', () => {
  let rbac: Harness;
  let admin: Kubectl;
  let victor: string;

  beforeAll(async () => {
    rbac = await startHarness((c) => {
      c.clusterAuth = { 'prod-us': 'impersonate' };
      c.limits.accessReviewSeconds = 1;
    });
    admin = kubectlFor(rbac.sim.kubeconfig('prod-us'));
    const run = async (args: string[], input?: string) => expect((await admin.run(args, input)).stderr).toBe('');
    await run(['apply', '-f', admin.file('crd.yaml', CRD)]);
    await run(['wait', '--for', 'condition=established', '--timeout=20s', 'crd/widgets.example.com']);
    for (const ns of ['default', 'shop']) await run(['create', '-n', ns, '-f', '-'], widgetJson(`in-${ns}`).replace('"namespace":"default"', `"namespace":"${ns}"`));
    // victor (gateway viewer) may read widgets in shop only, by the cluster's RBAC.
    await run(['create', 'role', 'widget-reader', '-n', 'shop', '--verb=get,list,watch', '--resource=widgets.example.com']);
    await run(['create', 'rolebinding', 'victor-widgets', '-n', 'shop', '--role=widget-reader', '--user=victor']);
    victor = await rbac.login('victor');
  }, 60_000);

  afterAll(async () => {
    await rbac.stop();
    rmSync(admin.dir, { recursive: true, force: true });
  });

  it('serves the widgets the user may list and refuses the others in the cluster\'s words', async () => {
    const ws = await watcher(victor, rbac);
    const { messages } = ws;
    try {
      ws.send({ action: 'subscribe', cluster: 'prod-us', namespace: 'shop', resource: 'widgets.example.com' });
      await until(() => summary(messages).includes('SYNCED widgets.example.com'), 'the shop widgets');
      expect(summary(messages)).toEqual(['ADDED widgets.example.com in-shop', 'SYNCED widgets.example.com']);
      messages.length = 0;
      ws.send({ action: 'subscribe', cluster: 'prod-us', namespace: 'default', resource: 'widgets.example.com' });
      await until(() => messages.length > 0, 'the answer for default');
      expect(summary(messages)).toEqual(['ERROR widgets.example.com 403']);
      expect(messages[0]?.type === 'ERROR' && messages[0].message).toContain('cannot list resource "widgets" in API group "example.com"');
    } finally {
      ws.close();
    }
    const rest = async (ns: string) => (await fetch(`${rbac.url}/api/v1/clusters/prod-us/widgets.example.com?namespace=${ns}`, { headers: { Authorization: `Bearer ${victor}` } })).status;
    expect(await rest('shop')).toBe(200);
    expect(await rest('default')).toBe(403);
  });

  it('adds a CRD created later to an open "*" subscription as far as the user may read it', async () => {
    const ws = await watcher(victor, rbac);
    try {
      ws.send({ action: 'subscribe', cluster: 'prod-us', namespace: 'shop', resource: '*' });
      await until(() => summary(ws.messages).includes('SYNCED *'), 'the "*" snapshot');
      expect(summary(ws.messages)).toContain('ADDED widgets.example.com in-shop');
      ws.messages.length = 0;
      const gadgets = CRD.replaceAll('widgets', 'gadgets').replace('singular: widget, kind: Widget', 'singular: gadget, kind: Gadget');
      const run = async (args: string[], input?: string) => expect((await admin.run(args, input)).stderr).toBe('');
      await run(['apply', '-f', admin.file('gadgets.yaml', gadgets)]);
      await run(['wait', '--for', 'condition=established', '--timeout=20s', 'crd/gadgets.example.com']);
      // Granted after the type joined the subscription: the gateway's next access review lets it through.
      await run(['create', 'role', 'gadget-reader', '-n', 'shop', '--verb=get,list,watch', '--resource=gadgets.example.com']);
      await run(['create', 'rolebinding', 'victor-gadgets', '-n', 'shop', '--role=gadget-reader', '--user=victor']);
      const gadget = (ns: string) => JSON.stringify({ apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: `gadget-${ns}`, namespace: ns } });
      await run(['create', '-f', '-'], gadget('shop'));
      await until(() => summary(ws.messages).includes('ADDED gadgets.example.com gadget-shop'), 'the new type on the open "*" subscription');
      expect(summary(ws.messages).filter((m) => m.includes('gadgets'))).toEqual(['ADDED gadgets.example.com gadget-shop']);
    } finally {
      ws.close();
    }
  });
});
