/**
 * The emulator proven with @kubernetes/client-node 1.4.0, the client the gateway uses.
 */
import { PassThrough } from 'node:stream';
import { CoreV1Api, Exec, KubeConfig, Log, makeInformer, type V1Pod, type V1Status } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../server/sim/simulator.ts';
import { until } from '../support/ws-server.ts';

let sim: Simulator;
let kc: KubeConfig;

beforeAll(async () => {
  sim = await startSimulator({ seed: 3, logLinesPerSecond: 20 });
  kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig('prod-us'));
});

afterAll(async () => {
  await sim.stop();
});

function pod(name: string): V1Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] } };
}

describe('@kubernetes/client-node against the emulator', () => {
  it('an informer sees add, update and delete, and relists after a forced 410', async () => {
    const api = kc.makeApiClient(CoreV1Api);
    let lists = 0;
    const informer = makeInformer<V1Pod>(kc, '/api/v1/namespaces/default/pods', () => {
      lists++;
      return api.listNamespacedPod({ namespace: 'default' });
    });
    const seen: string[] = [];
    informer.on('add', (p) => seen.push(`add ${p.metadata?.name}`));
    informer.on('update', (p) => seen.push(`update ${p.metadata?.name}`));
    informer.on('delete', (p) => seen.push(`delete ${p.metadata?.name}`));
    await informer.start();
    try {
      expect(informer.list('default').some((p) => p.metadata?.name === 'my-pod')).toBe(true);
      await api.createNamespacedPod({ namespace: 'default', body: pod('informed') });
      await until(() => seen.includes('add informed'), 'add');
      await api.patchNamespacedPod({ namespace: 'default', name: 'informed', body: [{ op: 'add', path: '/metadata/labels', value: { touched: 'yes' } }] });
      await until(() => seen.includes('update informed'), 'update');
      await api.deleteNamespacedPod({ namespace: 'default', name: 'informed' });
      await until(() => seen.includes('delete informed'), 'delete');

      const listsBefore = lists;
      sim.restartHistory();
      await api.createNamespacedPod({ namespace: 'default', body: pod('after-restart') });
      await until(() => lists > listsBefore, 'a relist after 410', 15_000);
      await until(() => informer.list('default').some((p) => p.metadata?.name === 'after-restart'), 'the pod after relist', 15_000);
    } finally {
      await informer.stop();
    }
  });

  it('Log follows a container', async () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const abort = await new Log(kc).log('default', 'my-pod', 'app', out, { follow: true, tailLines: 2, timestamps: true });
    try {
      await until(() => text.split('\n').length > 5, 'followed lines', 10_000);
      expect(text.split('\n')[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z /);
    } finally {
      abort.abort();
    }
  });

  it('Exec with a tty gets output and the exit status', async () => {
    const stdout = new PassThrough();
    let text = '';
    stdout.on('data', (d: Buffer) => (text += d.toString()));
    const status = await new Promise<V1Status>((resolve) => {
      void new Exec(kc).exec('default', 'my-pod', 'app', ['sh', '-c', 'printf "tty:"; test -t 0 && echo yes; exit 4'], stdout, null, null, true, resolve);
    });
    await until(() => text.includes('tty:yes'), 'tty output');
    expect(status.status).toBe('Failure');
    expect(status.details?.causes?.find((c) => c.reason === 'ExitCode')?.message).toBe('4');
  });
});
