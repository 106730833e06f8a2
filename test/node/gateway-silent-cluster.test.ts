/**
 * Sockets whose cluster never answers. A terminal whose exec upgrade gets no answer: the client gets
 * an error frame and 1011 once `limits.clusterAnswerSeconds` has passed, the upgrade request is
 * abandoned, and no audit row stays open. A terminal or log socket whose pod lookup gets no answer
 * closes with 1011 too. Cluster `prod-us` is the emulator behind a front that passes plain requests through (so the
 * pod lookup works) and swallows every upgrade; cluster `staging-eu` is a TCP listener that accepts
 * connections and never says a word, so even the pod lookup gets no answer.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../../server/config.ts';
import { ClusterRegistry } from '../../server/kube/clusters.ts';
import { startSimulator, type Simulator } from '../../server/sim/simulator.ts';
import type { TerminalSessionPage } from '../../src/core/protocol.ts';
import { startHarness, WebSocket, type Harness } from '../support/gateway-harness.ts';
import { until } from '../support/until.ts';

/** The emulator's HTTP API, with every upgrade request accepted at the TCP level and never answered. */
interface StallingFront {
  url: string;
  /** Upgrade connections held so far; `gone` once the gateway hung up. */
  held: { gone: boolean }[];
  close(): Promise<void>;
}

async function stallingFront(upstream: string): Promise<StallingFront> {
  const target = new URL(upstream);
  const held: { gone: boolean }[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    const forwarded = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forwarded.on('error', () => res.destroy());
    req.pipe(forwarded);
  });
  server.on('connection', (s) => sockets.add(s));
  server.on('upgrade', (_req, socket: Duplex) => {
    const entry = { gone: false };
    held.push(entry);
    const gone = (): void => {
      entry.gone = true;
      socket.destroy();
    };
    socket.on('end', gone).on('close', gone).on('error', gone).resume();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    held,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

let sim: Simulator;
let front: StallingFront;
let silent: TcpServer;
const silentSockets = new Set<Socket>();
let silentAccepted = 0;
let h: Harness;
let config: GatewayConfig;

beforeAll(async () => {
  sim = await startSimulator({ seed: 1, tls: false });
  front = await stallingFront(sim.url);
  // Reads (so that the gateway hanging up is seen) and never answers.
  silent = createTcpServer((s) => {
    silentAccepted++;
    silentSockets.add(s.on('close', () => silentSockets.delete(s)).resume());
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  const kc = new KubeConfig();
  kc.loadFromString(
    sim
      .kubeconfig()
      .replaceAll(`${sim.url}/clusters/staging-eu`, `${silentUrl}/clusters/staging-eu`)
      .replaceAll(sim.url, front.url),
  );
  // client-node refuses plain http unless TLS verification is off (there is no TLS to verify).
  kc.clusters = kc.clusters.map((c) => ({ ...c, skipTLSVerify: true }));
  h = await startHarness(
    (c) => {
      config = c;
    },
    { clusters: ClusterRegistry.fromKubeConfig(kc) },
  );
});

afterAll(async () => {
  await h.stop();
  await front.close();
  for (const s of silentSockets) s.destroy();
  await new Promise((resolve) => silent.close(resolve));
  await sim.stop();
});

async function openTerminal(cluster = 'prod-us'): Promise<{ ws: WebSocket; texts: unknown[]; closed: Promise<{ code: number; reason: string }> }> {
  const token = await h.login('alice');
  const ws = new WebSocket(`${h.wsUrl}/api/v1/ws/terminal/${cluster}/default/my-pod?token=${token}`);
  const texts: unknown[] = [];
  ws.on('message', (data, isBinary) => {
    if (!isBinary) texts.push(JSON.parse(data.toString()));
  });
  return { ws, texts, closed: h.closed(ws) };
}

async function openAuditRows(): Promise<number> {
  const res = await fetch(`${h.url}/api/v1/audit/terminal-sessions`, { headers: { Authorization: `Bearer ${h.adminToken}` } });
  const page = (await res.json()) as TerminalSessionPage;
  return page.items.filter((i) => i.endedAt === null).length;
}

const allAbandoned = (held: { gone: boolean }[]): boolean => held.length > 0 && held.every((s) => s.gone);

describe('terminal on a cluster that never answers the exec upgrade', () => {
  it('sends an error frame, closes with 1011 and abandons the upgrade request', async () => {
    config.limits.clusterAnswerSeconds = 1;
    const held = front.held.length;
    const { texts, closed } = await openTerminal();
    const close = await closed;
    expect(close.code).toBe(1011);
    expect(close.reason).toMatch(/cluster did not answer the exec/);
    expect(texts).toEqual([{ type: 'error', message: 'the cluster did not answer the exec within 1 s' }]);
    await until(() => allAbandoned(front.held.slice(held)), 'the stalled upgrade to be abandoned');
    expect(await openAuditRows()).toBe(0);
  });

  it('closes with 1011 when the cluster does not even answer the pod lookup', async () => {
    config.limits.clusterAnswerSeconds = 1;
    const { closed } = await openTerminal('staging-eu');
    const close = await closed;
    expect(close.code).toBe(1011);
    expect(close.reason).toBe('cannot read pod "my-pod" from cluster "staging-eu" (no answer)');
    expect(silentAccepted).toBeGreaterThan(0);
    await until(() => silentSockets.size === 0, 'the unanswered lookup to be abandoned');
  });

  it('closes a log socket with 1011 when the cluster does not answer its pod lookup', async () => {
    config.limits.clusterAnswerSeconds = 1;
    const token = await h.login('victor');
    const ws = new WebSocket(`${h.wsUrl}/api/v1/ws/logs/staging-eu/default/my-pod?token=${token}`);
    const close = await h.closed(ws);
    expect(close.code).toBe(1011);
    expect(close.reason).toBe('cannot read pod "my-pod" (no answer)');
    await until(() => silentSockets.size === 0, 'the unanswered lookup to be abandoned');
  });

  it('abandons the pending upgrade as soon as the client leaves', async () => {
    config.limits.clusterAnswerSeconds = 600;
    const held = front.held.length;
    const { ws, closed } = await openTerminal();
    await until(() => front.held.length > held, 'the exec upgrade to reach the cluster');
    ws.close();
    await closed;
    await until(() => allAbandoned(front.held.slice(held)), 'the stalled upgrade to be abandoned');
    expect(await openAuditRows()).toBe(0);
  });
});
