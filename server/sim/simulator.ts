/**
 * The emulator as a library: start it on 127.0.0.1, get its kubeconfig, reach its clusters, reload
 * the world, forget the watch history, restart it (connections cut, history lost, same port, same
 * world), cut its watch streams, and stop it leaving nothing behind.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiHandlers } from './api-server.js';
import { SimCluster, type SimClusterOptions } from './cluster.js';
import { renderKubeconfig } from './kubeconfig.js';
import { Authenticator, type SimUser } from './rbac/authenticate.js';
import { selfSignedCertificate } from './tls.js';

/** Options of {@link startSimulator}; every field has a default. */
export interface SimulatorOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Cluster names; default `prod-us` and `staging-eu`. */
  clusters?: string[];
  /** World seed; the same seed builds the same world. Default 1. */
  seed?: number;
  /** The admin's bearer token (user `kubernetes-admin`, group `system:masters`); default a random one. */
  token?: string;
  /**
   * Users who authenticate with their own static token (a random one when absent); RBAC objects
   * decide what they may do. Every one is also in `system:authenticated`.
   */
  users?: SimUser[];
  /** Extra pods per cluster in namespace `load` (benchmarks). Default 0. */
  extraPods?: number;
  /** Worker nodes per cluster. Default 3. */
  nodes?: number;
  logLinesPerSecond?: number;
  logCapacity?: number;
  /** Watch history window in events. Default 5000. */
  historySize?: number;
  /** Bookmark interval for watches that allow them. Default 10 s. */
  bookmarkMs?: number;
  /**
   * Serve https with a self-signed certificate (default true). kubectl only sends tokens over TLS;
   * plain http suits tests that talk to the API directly with fetch.
   */
  tls?: boolean;
}

/** A running emulator. */
export interface Simulator {
  /** `https://127.0.0.1:PORT` (or http when started with `tls: false`). */
  readonly url: string;
  /** The serving certificate (PEM) when serving https. */
  readonly caPem: string | null;
  /** The admin's bearer token. */
  readonly token: string;
  /** The clusters by name. */
  readonly clusters: ReadonlyMap<string, SimCluster>;
  /** A kubeconfig with one context per cluster (JSON, which is YAML), with `token` (default the admin's). */
  kubeconfig(current?: string, token?: string): string;
  /** Adds a user with a new random token, valid at once on every cluster; returns the token. */
  addUser(user: { name: string; groups?: string[] }): string;
  /** The cluster named `name`; throws when there is none. */
  cluster(name: string): SimCluster;
  /** Rebuilds every cluster's world from `seed` (old watches see nothing of it: they must relist). */
  loadWorld(seed?: number): void;
  /** Forgets every cluster's watch history, as an apiserver restart does; old resourceVersions get 410. */
  restartHistory(): void;
  /**
   * An apiserver restart: every connection is destroyed (watches, log follows, exec sessions), the
   * port stops listening, the watch history is forgotten (old resourceVersions get 410), and the
   * same port listens again, after `downMs` (default 0) of being unreachable. The world is kept.
   */
  restart(downMs?: number): Promise<void>;
  /** Cuts every open watch response mid-stream (its connection destroyed, no final chunk); returns how many. */
  dropWatches(): number;
  stop(): Promise<void>;
}

const REGIONS = ['us-west-2', 'eu-central-1', 'ap-southeast-1', 'us-east-1'];

/** Starts the emulator. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const names = options.clusters ?? ['prod-us', 'staging-eu'];
  const token = options.token ?? randomBytes(24).toString('base64url');
  const scratchRoot = mkdtempSync(join(tmpdir(), 'kubevision-sim-'));
  const clusters = new Map<string, SimCluster>();
  const build = (seed: number): void => {
    for (const c of clusters.values()) c.dispose();
    clusters.clear();
    names.forEach((name, i) => {
      const clusterOptions: SimClusterOptions = {
        name,
        seed: seed + i * 7919,
        world: { nodes: options.nodes ?? 3, region: REGIONS[i % REGIONS.length] ?? 'us-west-2', extraPods: options.extraPods ?? 0 },
        logLinesPerSecond: options.logLinesPerSecond ?? 2,
        logCapacity: options.logCapacity ?? 5000,
        historySize: options.historySize ?? 5000,
        scratchRoot,
        watch: { bookmarkMs: options.bookmarkMs ?? 10_000, defaultTimeoutSeconds: 1800, maxBufferedBytes: 16 * 1024 * 1024 },
      };
      clusters.set(name, new SimCluster(clusterOptions));
    });
  };
  build(options.seed ?? 1);

  const authenticator = new Authenticator(token, options.users);
  const handlers = createApiHandlers({ authenticator, clusters });
  const certificate = options.tls === false ? null : await selfSignedCertificate();
  const server: Server = certificate ? createHttpsServer(certificate, handlers.request) : createServer(handlers.request);
  server.on('upgrade', handlers.upgrade);
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // The connections that carry a watch response right now, so that a fault can cut exactly those.
  const watchSockets = new Set<Socket>();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!/[?&]watch=(true|1)(&|$)/.test(req.url ?? '')) return;
    const socket = req.socket;
    watchSockets.add(socket);
    res.on('close', () => watchSockets.delete(socket));
  });
  const listen = (wanted: number): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(wanted, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const closeServer = (): Promise<void> =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  await listen(options.port ?? 0);
  const { port } = server.address() as AddressInfo;
  const url = `${certificate ? 'https' : 'http'}://127.0.0.1:${port}`;
  const caPem = certificate?.cert ?? null;

  return {
    url,
    token,
    caPem,
    clusters,
    kubeconfig: (current, userToken) => renderKubeconfig(url, names, userToken ?? token, caPem, current),
    addUser: (user) => authenticator.addUser({ name: user.name, ...(user.groups ? { groups: user.groups } : {}) }),
    cluster(name) {
      const c = clusters.get(name);
      if (!c) throw new Error(`no emulated cluster "${name}"`);
      return c;
    },
    loadWorld: (seed) => build(seed ?? options.seed ?? 1),
    restartHistory() {
      for (const c of clusters.values()) c.store.restartHistory();
    },
    async restart(downMs = 0) {
      await closeServer();
      for (const c of clusters.values()) c.store.restartHistory();
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      await listen(port);
    },
    dropWatches() {
      const cut = [...watchSockets];
      for (const s of cut) s.destroy();
      return cut.length;
    },
    async stop() {
      for (const c of clusters.values()) c.dispose();
      await closeServer();
      rmSync(scratchRoot, { recursive: true, force: true });
    },
  };
}
