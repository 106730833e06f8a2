/** What every WebSocket endpoint is given by the gateway: config, clusters, auth and admission. */
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { Identity } from '../auth/roles.js';
import type { GatewayConfig } from '../config.js';
import type { ResourceCatalog } from '../kube/catalog.js';
import type { ClusterAccess } from '../kube/cluster-access.js';
import type { ClusterRegistry } from '../kube/clusters.js';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';

/** Shared services of the endpoints. */
export interface GatewayContext {
  readonly config: GatewayConfig;
  readonly clusters: ClusterRegistry;
  readonly log: FastifyBaseLogger;
  /** This gateway's Prometheus metrics: the endpoints record through it. */
  readonly metrics: GatewayMetrics;
  /** Aborted when the gateway shuts down; endpoints finish their work (recordings) on it. */
  readonly shutdown: AbortSignal;
  /** What the clusters let each user do (impersonate and passthrough modes), and who requests go as. */
  readonly access: ClusterAccess;
  /** The resource types each cluster serves, shared by every route that resolves one. */
  readonly catalog: ResourceCatalog;
  /**
   * Authenticates a just-upgraded socket and admits it (liveness pings, per-user cap, 1001 on
   * shutdown). Returns null after closing it with 4401 (no valid credential) or 4429 (cap reached).
   */
  admit(socket: WebSocket, request: FastifyRequest): Promise<Identity | null>;
  /** The identity of a REST request (Bearer header), or null; the caller answers 401. */
  identify(request: FastifyRequest): Promise<Identity | null>;
}
