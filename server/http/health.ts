/**
 * `/healthz` (the process answers) and `/readyz` (it can serve: clusters configured, not shutting
 * down, and every running watch cache complete and current). The answer names clusters, resource
 * types and HTTP statuses only: upstream error text may carry addresses or credentials.
 */
import type { FastifyInstance } from 'fastify';
import type { ClusterCacheReadiness } from '../ws/watch/informer-cache.js';
import type { GatewayContext } from '../ws/context.js';

/** Where `/readyz` learns how each cluster's watch caches are doing. */
export interface CacheReadinessSource {
  readiness(cluster: string): ClusterCacheReadiness;
}

/** One cluster in the `/readyz` answer. */
interface ClusterReadiness {
  name: string;
  ready: boolean;
  /** Running cached resource types that are not synced. */
  notSynced: string[];
  /** Which of them fail to list or watch, e.g. `cannot list/watch pods (HTTP 401)`. */
  error?: string;
}

function describeFailures(failing: ClusterCacheReadiness['failing']): string | undefined {
  if (failing.length === 0) return undefined;
  const parts = failing.map((f) => (f.status === undefined ? f.resource : `${f.resource} (HTTP ${f.status})`));
  return `cannot list/watch ${parts.join(', ')}`;
}

function clusterReadiness(name: string, caches: CacheReadinessSource): ClusterReadiness {
  const { notSynced, failing } = caches.readiness(name);
  const error = describeFailures(failing);
  return { name, ready: notSynced.length === 0, notSynced, ...(error === undefined ? {} : { error }) };
}

/** Registers the health routes; they need no token. */
export function registerHealthRoutes(app: FastifyInstance, ctx: GatewayContext, caches: CacheReadinessSource): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const clusters = ctx.clusters.list().map((c) => clusterReadiness(c.name, caches));
    const ready = clusters.length > 0 && !ctx.shutdown.aborted && clusters.every((c) => c.ready);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', clusters });
  });
}
