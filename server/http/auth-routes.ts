/** `/api/v1/auth/*`: login with scrypt-checked passwords and a rate limit, ws tickets, and who am I. */
import type { FastifyInstance } from 'fastify';
import { verifyPassword } from '../auth/passwords.js';
import type { Identity } from '../auth/roles.js';
import { TICKET_TTL_SECONDS } from '../auth/tickets.js';
import type { TokenService } from '../auth/tokens.js';
import { USER_NAME } from '../config.js';
import type { AuthStores } from '../store/auth-stores.js';
import type { GatewayContext } from '../ws/context.js';
import { sendError } from './errors.js';

/** A hash nobody's password matches, checked for unknown users so both paths take the same time. */
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Longer passwords are refused before hashing: nobody's is that long, and a body may be megabytes. */
const MAX_PASSWORD_LENGTH = 1024;

/** Registers the auth routes. */
export function registerAuthRoutes(app: FastifyInstance, ctx: GatewayContext, tokens: TokenService, stores: AuthStores): void {
  // In Redis with --redis, so attempts spread over replicas count together.
  const limiter = stores.limiter('login', ctx.config.limits.loginAttemptsPerMinute, 60_000);

  app.post('/api/v1/auth/login', async (request, reply) => {
    const body = request.body as { username?: unknown; password?: unknown } | null;
    if (typeof body?.username !== 'string' || typeof body.password !== 'string') {
      return sendError(reply, 400, 'username and password are required');
    }
    // Refused before the rate limiter keeps anything: its keys hold the name, and a body may be megabytes.
    if (!USER_NAME.test(body.username)) return sendError(reply, 400, 'username must be 1-64 letters, digits or ._@-');
    if (body.password.length > MAX_PASSWORD_LENGTH) return sendError(reply, 400, `password must be at most ${MAX_PASSWORD_LENGTH} characters`);
    const key = `${body.username}\u0000${request.ip}`;
    if (!(await limiter.attempt(key))) {
      reply.header('Retry-After', String(await limiter.retryAfterSeconds(key)));
      return sendError(reply, 429, 'too many login attempts; try again later');
    }
    const user = ctx.config.users.find((u) => u.name === body.username);
    const ok = await verifyPassword(body.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) {
      ctx.metrics.loginFailed();
      return sendError(reply, 401, 'invalid username or password');
    }
    await limiter.reset(key);
    const identity: Identity = { user: user.name, role: user.role, clusters: user.clusters ?? null, namespaces: user.namespaces ?? null, ...(user.groups ? { groups: user.groups } : {}) };
    const { token, expiresAt } = await tokens.issue(identity);
    return { accessToken: token, expiresAt: new Date(expiresAt).toISOString(), user: { name: user.name, role: user.role } };
  });

  app.post('/api/v1/auth/ws-ticket', async (request, reply) => {
    const identity = await ctx.identify(request);
    if (!identity) return sendError(reply, 401, 'missing, invalid or expired token');
    return { ticket: await stores.tickets.issue(identity), expiresIn: TICKET_TTL_SECONDS };
  });

  app.get('/api/v1/auth/me', async (request, reply) => {
    const identity = await ctx.identify(request);
    if (!identity) return sendError(reply, 401, 'missing, invalid or expired token');
    return { user: { name: identity.user, role: identity.role, clusters: identity.clusters, namespaces: identity.namespaces } };
  });
}
