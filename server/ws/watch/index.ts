/**
 * `/api/v1/ws/watch` (DESIGN §5): one socket per page carrying every subscription, served from an
 * informer cache per cluster and resource type.
 */
import type { FastifyInstance } from 'fastify';
import type {} from '@fastify/websocket';
import { Paths } from '../../../src/core/protocol.js';
import type { Identity } from '../../auth/roles.js';
import type { GatewayContext } from '../context.js';
import { WatchConnection } from './connection.js';
import { holdEarlyMessages, type ReceivedFrame } from './early-messages.js';
import { CRD_RESOURCE, CustomTypes } from './custom-types.js';
import { InformerCache } from './informer-cache.js';
import { isCacheableResource } from './resource-types.js';

export { InformerCache, type InformerCacheOptions } from './informer-cache.js';

/** Options of {@link registerWatchEndpoint}. */
export interface WatchEndpointOptions {
  /** The informer cache to serve from; default a new one with the 5-minute idle stop. */
  cache?: InformerCache;
}

/** The configured types the cache can hold; the others are reported once and answered 404. */
function servedResources(ctx: GatewayContext): string[] {
  const unknown = ctx.config.cachedResources.filter((r) => !isCacheableResource(r));
  if (unknown.length > 0) ctx.log.warn({ resources: unknown }, 'watch: these cachedResources are not known to the gateway and are not served');
  return [...new Set(ctx.config.cachedResources.filter(isCacheableResource))];
}

/** Registers the watch endpoint; its informers stop when `ctx.shutdown` aborts or the app closes. */
export function registerWatchEndpoint(app: FastifyInstance, ctx: GatewayContext, options: WatchEndpointOptions = {}): void {
  const cache = options.cache ?? new InformerCache({ log: ctx.log });
  const resources = servedResources(ctx);
  // Custom resources are followed through the CRD informer: without customresourcedefinitions cached, none are served.
  const customTypes = resources.includes(CRD_RESOURCE) ? new CustomTypes(cache, ctx.catalog, ctx.log) : undefined;
  const services = { ctx, cache, resources, ...(customTypes ? { customTypes } : {}) };
  const stop = (): void => cache.stopAll();
  if (ctx.shutdown.aborted) stop();
  else ctx.shutdown.addEventListener('abort', stop, { once: true });
  app.addHook('onClose', async () => stop());

  app.get(Paths.watch, { websocket: true }, async (socket, request) => {
    const release = holdEarlyMessages(socket);
    let early: ReceivedFrame[];
    let identity: Identity | null;
    try {
      identity = await ctx.admit(socket, request);
    } finally {
      early = release();
    }
    // A client that left during admission never gets a connection (its close event is already past).
    if (!identity || socket.readyState !== socket.OPEN) return;
    const connection = new WatchConnection(socket, identity, services);
    socket.on('message', (data, isBinary) => connection.receive(data, isBinary));
    for (const frame of early) connection.receive(frame.data, frame.isBinary);
  });
}
