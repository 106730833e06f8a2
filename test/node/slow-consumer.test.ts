/**
 * Slow consumers on a real gateway: a watch client and a log client that stop reading (their TCP
 * sockets paused, so the kernel buffers fill and then the gateway's own) while the emulator churns.
 * Each is closed with 4408, the gateway's send buffer for it never holds more than the limit plus
 * one message (its memory stays bounded), and the figures are printed.
 */
import type { Socket } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket as ServerSocket } from 'ws';
import { ClusterRegistry } from '../../server/kube/clusters.ts';
import { typeByPlural } from '../../server/sim/resources.ts';
import { startSimulator, type Simulator } from '../../server/sim/simulator.ts';
import { startHarness, WebSocket, type Harness } from '../support/gateway-harness.ts';
import { until } from '../support/until.ts';

const MIB = 1024 * 1024;
let sim: Simulator;
let h: Harness;
let limit: number;
let gc: () => void;

beforeAll(async () => {
  v8.setFlagsFromString('--expose-gc');
  gc = vm.runInNewContext('gc') as () => void;
  // A container that logs fast enough to outrun any paused reader.
  sim = await startSimulator({ seed: 5, logLinesPerSecond: 20_000, logCapacity: 20_000 });
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig());
  h = await startHarness(
    (c) => {
      limit = c.limits.sendBufferBytes;
    },
    { clusters: ClusterRegistry.fromKubeConfig(kc) },
  );
});

afterAll(async () => {
  await h.stop();
  await sim.stop();
});

/** The largest backlog seen right after each send, and the largest message, on one gateway socket. */
interface BufferWatch {
  peakBuffered: number;
  largestMessage: number;
}

/** Wraps the send of the gateway's socket for the newest client, to see its backlog after every message. */
function watchGatewaySocket(known: ReadonlySet<ServerSocket>): BufferWatch {
  const socket = [...h.gateway.app.websocketServer.clients].find((s) => !known.has(s));
  if (!socket) throw new Error('no new gateway socket');
  const seen: BufferWatch = { peakBuffered: 0, largestMessage: 0 };
  const send = socket.send.bind(socket) as (data: string | Buffer) => void;
  socket.send = ((data: string | Buffer) => {
    send(data);
    seen.largestMessage = Math.max(seen.largestMessage, Buffer.byteLength(data));
    seen.peakBuffered = Math.max(seen.peakBuffered, socket.bufferedAmount);
  }) as ServerSocket['send'];
  return seen;
}

function gatewaySockets(): Set<ServerSocket> {
  return new Set(h.gateway.app.websocketServer.clients);
}

/** Stops reading: the TCP socket under the client is paused, as a frozen browser tab would be. */
function stopReading(ws: WebSocket): Socket {
  const tcp = (ws as unknown as { _socket: Socket })._socket;
  tcp.pause();
  return tcp;
}

/** Heap plus buffers (socket write queues live outside the JS heap), after a full collection. */
function retainedBytes(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

function report(kind: string, seen: BufferWatch, retainedBefore: number): void {
  const growth = retainedBytes() - retainedBefore;
  console.log(
    `slow consumer (${kind}): peak gateway send buffer ${(seen.peakBuffered / MIB).toFixed(2)} MiB (limit ${(limit / MIB).toFixed(0)} MiB, ` +
      `largest message ${(seen.largestMessage / 1024).toFixed(0)} KiB); process heap + buffers grew ${(growth / MIB).toFixed(1)} MiB while the client was stalled`,
  );
}

describe('slow consumers', () => {
  it('a watch client that stops reading is closed with 4408 and its backlog stays under the limit', async () => {
    const configmaps = typeByPlural('configmaps');
    if (!configmaps) throw new Error('no configmaps type');
    const store = sim.cluster('prod-us').store;
    // One shared string: the emulator's watch history stays small, the gateway's frames are 128 KiB each.
    const blob = 'x'.repeat(128 * 1024);
    expect(store.create(configmaps, 'default', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'flood' }, data: { seq: '0', blob } }).ok).toBe(true);

    const known = gatewaySockets();
    const ws = new WebSocket(`${h.wsUrl}/api/v1/ws/watch?token=${await h.login('alice')}`);
    const closed = h.closed(ws);
    let synced = false;
    ws.on('message', (data) => {
      if ((JSON.parse(data.toString()) as { type: string }).type === 'SYNCED') synced = true;
    });
    await new Promise((resolve) => ws.once('open', resolve));
    const seen = watchGatewaySocket(known);
    ws.send(JSON.stringify({ action: 'subscribe', cluster: 'prod-us', namespace: 'default', resource: 'configmaps' }));
    await until(() => synced, 'the configmaps snapshot');
    const before = retainedBytes();
    const tcp = stopReading(ws);

    // Churn until the gateway gives up on the client; every update is a 128 KiB MODIFIED event.
    const server = [...h.gateway.app.websocketServer.clients].find((s) => !known.has(s));
    // 600 events are 75 MiB of frames: far past the limit plus what the kernel buffers hold.
    for (let i = 1; i <= 600 && server?.readyState === server?.OPEN; i++) {
      store.update(configmaps, 'default', 'flood', (o) => ({ ...o, data: { seq: String(i), blob } }));
      await nextTurn();
    }
    report('watch', seen, before);
    expect(server?.readyState).not.toBe(server?.OPEN);
    tcp.resume();
    expect((await closed).code).toBe(4408);
    expect(seen.peakBuffered).toBeGreaterThan(0);
    expect(seen.peakBuffered).toBeLessThanOrEqual(limit + seen.largestMessage);
    store.delete(configmaps, 'default', 'flood');
  });

  it('a log client that stops reading is closed with 4408 and its backlog stays under the limit', async () => {
    const known = gatewaySockets();
    const ws = new WebSocket(`${h.wsUrl}/api/v1/ws/logs/prod-us/default/my-pod?container=app&tail=0&token=${await h.login('alice')}`);
    const closed = h.closed(ws);
    let lines = 0;
    ws.on('message', () => lines++);
    await new Promise((resolve) => ws.once('open', resolve));
    const seen = watchGatewaySocket(known);
    await until(() => lines > 0, 'the first log lines');
    const before = retainedBytes();
    const tcp = stopReading(ws);
    const server = [...h.gateway.app.websocketServer.clients].find((s) => !known.has(s));
    // The gateway pauses the cluster stream at its watermark, then gives up once nothing drains.
    await until(() => server?.readyState !== server?.OPEN, 'the gateway to give up on the stalled log client', 90_000, 100);
    report('logs', seen, before);
    tcp.resume();
    expect((await closed).code).toBe(4408);
    expect(seen.peakBuffered).toBeGreaterThan(0);
    expect(seen.peakBuffered).toBeLessThanOrEqual(limit + seen.largestMessage);
  }, 120_000);
});
