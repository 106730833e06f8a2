/**
 * The gateway as a library: builds the fastify app with origin checks, auth, the REST and audit
 * APIs, the three WebSocket endpoints, liveness pings, per-user caps and graceful shutdown.
 */
import { randomBytes } from 'node:crypto';
import type { Writable } from 'node:stream';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { CloseCode, SUBPROTOCOL } from '../src/core/protocol.js';
import { Authenticator, bearerOf, credentialOf } from './auth/authenticator.js';
import type { Identity } from './auth/roles.js';
import { TokenService } from './auth/tokens.js';
import type { GatewayConfig } from './config.js';
import { registerAuditRoutes } from './http/audit-routes.js';
import { registerAuthRoutes } from './http/auth-routes.js';
import { clientError, errorBody, frameworkError, frameworkErrorMessage, sendError } from './http/errors.js';
import { registerHealthRoutes } from './http/health.js';
import { registerLogoutRoute } from './http/logout-route.js';
import { lingerOnClose } from './http/lingering-close.js';
import { registerOidcRoutes } from './http/oidc-routes.js';
import { originAllowed } from './http/origin.js';
import { registerResourceRoutes } from './http/resource-routes.js';
import { ResourceCatalog } from './kube/catalog.js';
import { ClusterAccess } from './kube/cluster-access.js';
import type { ClusterRegistry } from './kube/clusters.js';
import { registerAccessRoutes } from './http/access-routes.js';
import { REDACTED_PATHS, requestLogFields } from './log-redaction.js';
import { endpointOf } from './metrics/endpoint.js';
import { GatewayMetrics } from './metrics/gateway-metrics.js';
import { startMetricsServer, type MetricsServer } from './metrics/metrics-server.js';
import { registerMetricsRoute } from './metrics/metrics-route.js';
import { timeRequests } from './metrics/request-metrics.js';
import { AuditIndexUnavailableError, SessionRecorder, type AuditIndex } from './recording/index.js';
import { memoryAuthStores, type AuthStores } from './store/auth-stores.js';
import { StoreUnavailableError } from './store/store-unavailable.js';
import type { GatewayContext } from './ws/context.js';
import { registerLogsEndpoint } from './ws/logs/index.js';
import { isEndpointUpgrade, refuseMalformedUpgrade } from './ws/malformed-upgrade.js';
import { socketError, createGatewaySockets } from './ws/protocol-errors.js';
import { startHeartbeat } from './ws/heartbeat.js';
import { closeSocket } from './ws/socket-util.js';
import { registerTerminalEndpoint } from './ws/terminal/index.js';
import type { WatchDeadline } from './ws/watch/guarded-watch.js';
import { InformerCache, registerWatchEndpoint } from './ws/watch/index.js';

/** Everything the gateway needs. */
export interface GatewayOptions {
  config: GatewayConfig;
  clusters: ClusterRegistry;
  /** Production mode: same-origin only by default (DESIGN §3). */
  production: boolean;
  /** `KUBEVISION_ADMIN_TOKEN`: a valid admin credential for scripts and tests. */
  adminToken?: string | null;
  /** Key signing access tokens; default random (tokens end with the process). */
  tokenSecret?: Uint8Array;
  /** Tickets, login limits and revocations; default in this process's memory (`--redis` puts them in Redis). The gateway closes them. */
  authStores?: AuthStores;
  /** The audit index; default SQLite in the recordings directory (`--database` puts it in PostgreSQL). The gateway closes it. */
  auditIndex?: AuditIndex;
  /** Serve https/wss directly. */
  https?: { key: Buffer; cert: Buffer };
  /** Where access logs go (default stdout); `false` turns them off. */
  logStream?: Writable | false;
  /** Interval of liveness pings; default 30 s. */
  pingIntervalMs?: number;
  /** The watch endpoint's informer cache; default a new one (tests pass their own to observe it). */
  watchCache?: InformerCache;
  /** When the default cache gives up a silent watch connection; default client-go's (5-10 minutes and 30 s). */
  watchDeadline?: WatchDeadline;
}

/** A built gateway. */
export interface Gateway {
  readonly app: FastifyInstance;
  readonly context: GatewayContext;
  /** Listens (and starts the separate metrics listener when `metrics.port` is set) and resolves with the base URL. */
  listen(port: number, host: string): Promise<string>;
  /** The separate metrics listener's URL once listening, or null when metrics are on the main port or off. */
  readonly metricsUrl: string | null;
  /** Closes every socket with 1001, finishes recordings and stops. */
  close(): Promise<void>;
}

/** How long shutdown waits for in-flight HTTP requests before cutting their connections. */
const SHUTDOWN_GRACE_MS = 5000;

interface Tracked {
  identity: Identity;
  alive: boolean;
}

/** Builds the gateway. */
export async function buildGateway(options: GatewayOptions): Promise<Gateway> {
  const { config } = options;
  const tokens = new TokenService(options.tokenSecret ?? randomBytes(32), config.tokenTtlSeconds);
  const stores = options.authStores ?? memoryAuthStores();
  const authenticator = new Authenticator(tokens, stores.tickets, options.adminToken ?? null, stores.revocations);
  const shutdown = new AbortController();
  const sockets = new Map<WebSocket, Tracked>();
  const perUser = new Map<string, number>();
  const metrics = new GatewayMetrics();

  const app = Fastify({
    ...(options.https ? { https: options.https } : {}),
    logger:
      options.logStream === false
        ? false
        : {
            level: 'info',
            redact: { paths: REDACTED_PATHS, censor: '[REDACTED]' },
            serializers: { req: requestLogFields },
            ...(options.logStream ? { stream: options.logStream } : {}),
          },
    bodyLimit: 3 * 1024 * 1024,
    // Pod names may be 253 characters; fastify's default of 100 would answer a valid name with 404.
    routerOptions: { maxParamLength: 512 },
    // A WebSocket upgrade to a path fastify cannot route is refused like any bad name: upgrade, then 4400.
    frameworkErrors: (error, request, reply) => (isEndpointUpgrade(request) ? refuseMalformedUpgrade(context, request, frameworkErrorMessage(error)) : frameworkError(error, request, reply)),
    clientErrorHandler: clientError,
    trustProxy: false,
  });

  // An answer sent before the request body was read must reach the client (see lingering-close.ts).
  lingerOnClose(app.server);
  timeRequests(app, metrics);

  const context: GatewayContext = {
    config,
    clusters: options.clusters,
    log: app.log,
    metrics,
    shutdown: shutdown.signal,
    catalog: new ResourceCatalog(),
    access: ClusterAccess.forConfig(config, stores.clusterTokens),
    async identify(request: FastifyRequest) {
      const bearer = bearerOf(request.headers);
      // Tickets are single-use credentials for WebSocket upgrades only.
      if (!bearer || bearer.startsWith('kvt_')) return null;
      return authenticator.identify(bearer);
    },
    async admit(socket, request) {
      let identity: Identity | null;
      try {
        identity = await authenticator.identify(credentialOf(request.headers, request.url));
      } catch (error) {
        if (!(error instanceof StoreUnavailableError)) throw error;
        // Not 4401: the credential may be fine, and 4401 would make the kit give up after one retry.
        closeSocket(socket, CloseCode.TryAgainLater, 'session store unavailable');
        return null;
      }
      if (!identity) {
        closeSocket(socket, CloseCode.Unauthorized, 'missing, invalid or expired token');
        return null;
      }
      const open = perUser.get(identity.user) ?? 0;
      if (open >= config.limits.connectionsPerUser) {
        closeSocket(socket, CloseCode.TooManyConnections, 'too many connections for this user');
        return null;
      }
      if (shutdown.signal.aborted) {
        closeSocket(socket, CloseCode.GoingAway, 'gateway shutting down');
        return null;
      }
      // A client that left while its credential was checked had its close event already: nothing
      // would ever undo the bookkeeping below (its per-user count, its place in the open-socket gauge).
      if (socket.readyState === socket.CLOSED) return null;
      perUser.set(identity.user, open + 1);
      const tracked: Tracked = { identity, alive: true };
      sockets.set(socket, tracked);
      socket.on('pong', () => (tracked.alive = true));
      const counted = metrics.socketOpened(endpointOf(request.url));
      socket.on('close', () => {
        counted();
        sockets.delete(socket);
        const left = (perUser.get(identity.user) ?? 1) - 1;
        if (left > 0) perUser.set(identity.user, left);
        else perUser.delete(identity.user);
      });
      if (!startHeartbeat(socket, request.url)) return null;
      return identity;
    },
  };

  // Two missed pongs and the socket is gone: a half-open connection frees its resources.
  const pinger = setInterval(() => {
    for (const [socket, tracked] of sockets) {
      if (!tracked.alive) {
        socket.terminate();
        continue;
      }
      tracked.alive = false;
      socket.ping();
    }
  }, (options.pingIntervalMs ?? 30_000) / 2);

  const recorder = config.recording.enabled
    ? await SessionRecorder.open({
        dir: config.recording.dir,
        recordInput: config.recording.recordInput,
        ...(options.auditIndex ? { index: options.auditIndex } : {}),
        // Sessions go on while the index is away: their files are written and the rows follow later.
        onIndexError: (error) => app.log.warn({ err: error }, 'audit index write deferred or failed'),
      })
    : null;

  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (originAllowed(origin, request.headers.host, config.allowedOrigins, options.production)) {
      // A dashboard served from another allowed origin calls the REST API with a Bearer header.
      if (origin !== undefined) {
        reply.header('Access-Control-Allow-Origin', origin).header('Vary', 'Origin');
        if (request.method === 'OPTIONS') {
          return reply
            .code(204)
            .header('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE')
            .header('Access-Control-Allow-Headers', 'Authorization, Content-Type')
            .header('Access-Control-Max-Age', '600')
            .send();
        }
      }
      return;
    }
    if (request.headers.upgrade?.toLowerCase() !== 'websocket') return sendError(reply, 403, 'origin not allowed');
    // A refused upgrade: answer on the raw socket and close it, so no half-open connection lingers.
    const body = JSON.stringify(errorBody(403, 'origin not allowed'));
    request.raw.socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    return reply.hijack();
  });
  await app.register(websocket, {
    // Every socket, admitted or still authenticating, hears 1001 (DESIGN §3) rather than a bare close.
    preClose(done) {
      for (const client of app.websocketServer.clients) closeSocket(client, CloseCode.GoingAway, 'gateway shutting down');
      done();
    },
    errorHandler: (error, socket, request) => socketError(error, socket, request),
    options: {
      maxPayload: config.limits.maxFrameBytes,
      handleProtocols: (protocols: Set<string>) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
    },
  });
  // Server-side sockets close with a reason on a client's protocol error (1009, 1007, 1002).
  createGatewaySockets(app.websocketServer);
  // Every answer of the API, including Fastify's own (unknown route, unparsable body), has the JSON
  // error shape of DESIGN §8; the path is echoed without its query, which may carry a token.
  app.setNotFoundHandler((request, reply) => sendError(reply, 404, `no route for ${request.method} ${request.url.split('?')[0] ?? ''}`));
  app.setErrorHandler((error: { statusCode?: number; message?: string }, request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    const message = error instanceof StoreUnavailableError || error instanceof AuditIndexUnavailableError ? error.message : status >= 500 ? 'internal error' : (error.message ?? 'bad request');
    return sendError(reply, status, message);
  });
  // Shared by the watch endpoint and /readyz, which reports whether its caches are synced.
  const watchCache = options.watchCache ?? new InformerCache({ log: app.log, watchDeadline: options.watchDeadline, metrics });
  metrics.observeCaches(
    () => options.clusters.list().map((c) => c.name),
    (cluster) => watchCache.readiness(cluster).notSynced.length,
  );
  await app.register(async (instance) => {
    registerHealthRoutes(instance, context, watchCache);
    if (config.metrics.enabled && config.metrics.port === null) registerMetricsRoute(instance, context);
    registerAuthRoutes(instance, context, tokens, stores);
    registerLogoutRoute(instance, context, tokens, stores);
    registerAccessRoutes(instance, context, tokens, stores.clusterTokens);
    registerOidcRoutes(instance, context, tokens);
    registerResourceRoutes(instance, context, stores.clusterTokens);
    if (recorder) registerAuditRoutes(instance, context, recorder);
    registerWatchEndpoint(instance, context, { cache: watchCache });
    registerLogsEndpoint(instance, context);
    registerTerminalEndpoint(instance, context, recorder);
  });

  let closed: Promise<void> | null = null;
  let metricsServer: MetricsServer | null = null;
  return {
    app,
    context,
    get metricsUrl() {
      return metricsServer?.url ?? null;
    },
    async listen(port, host) {
      await app.listen({ port, host });
      if (config.metrics.enabled && config.metrics.port !== null) metricsServer = await startMetricsServer(metrics, config.metrics.port, config.metrics.host);
      const address = app.server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      return `${options.https ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${actual}`;
    },
    close() {
      closed ??= (async () => {
        clearInterval(pinger);
        shutdown.abort();
        for (const socket of sockets.keys()) closeSocket(socket, CloseCode.GoingAway, 'gateway shutting down');
        // Requests still in flight get a grace period, then their connections are cut.
        const force = setTimeout(() => app.server.closeAllConnections(), SHUTDOWN_GRACE_MS);
        await app.close();
        await metricsServer?.close();
        clearTimeout(force);
        if (recorder) await recorder.close();
        else await options.auditIndex?.close();
        await stores.close();
      })();
      return closed;
    },
  };
}
