/**
 * A watch connection to the cluster that goes silent without a reset (a black-holed network, a
 * stalled proxy): client-node alone would wait on it for ever and the cache would go stale. The
 * gateway asks each watch to end after `timeoutSeconds` and gives a connection up once it has been
 * silent past that, so a change made while the old connection hangs still reaches the subscriber.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterRegistry } from '../../server/kube/clusters.ts';
import { startSimulator, type Simulator } from '../../server/sim/simulator.ts';
import { startFaultProxy, type FaultProxy } from '../chaos/fault-proxy.ts';
import { startHarness, WebSocket, type Harness } from '../support/gateway-harness.ts';
import { until } from '../support/until.ts';

let sim: Simulator;
let proxy: FaultProxy;
let h: Harness;

beforeAll(async () => {
  sim = await startSimulator({ seed: 5, tls: false });
  proxy = await startFaultProxy(Number(new URL(sim.url).port));
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig().replaceAll(sim.url, proxy.url));
  // client-node refuses plain http unless TLS verification is off (there is no TLS to verify).
  kc.clusters = kc.clusters.map((c) => ({ ...c, skipTLSVerify: true }));
  h = await startHarness(() => undefined, { clusters: ClusterRegistry.fromKubeConfig(kc), watchDeadline: { timeoutSeconds: () => 2, graceMs: 1000 } });
});

afterAll(async () => {
  await h.stop();
  await proxy.close();
  await sim.stop();
});

describe('a watch connection to the cluster that goes silent', () => {
  it('is given up, and a change made meanwhile still reaches the subscriber', async () => {
    const ws = new WebSocket(`${h.wsUrl}/api/v1/ws/watch?token=${await h.login('alice')}`);
    const added: string[] = [];
    let synced = false;
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; object?: { metadata?: { name?: string } } };
      if (message.type === 'SYNCED') synced = true;
      if (message.type === 'ADDED') added.push(message.object?.metadata?.name ?? '');
    });
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ action: 'subscribe', cluster: 'prod-us', namespace: 'default', resource: 'configmaps' }));
    await until(() => synced, 'the snapshot');

    expect(proxy.stallWhere((path) => path.startsWith('/clusters/prod-us/'))).toBeGreaterThan(0);
    const store = sim.cluster('prod-us').store;
    const created = store.create(store.typeOf('ConfigMap'), 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'made-during-the-stall', namespace: 'default' }, data: {} });
    expect(created.ok).toBe(true);
    await until(() => added.includes('made-during-the-stall'), 'the change made while the watch connection hung', 20_000);
    ws.close();
  });
});
