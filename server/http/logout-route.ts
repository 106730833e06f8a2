/** `POST /api/v1/auth/logout`: revokes the presented access token's id until the token expires, and forgets its cluster tokens. */
import type { FastifyInstance } from 'fastify';
import { bearerOf } from '../auth/authenticator.js';
import type { TokenService } from '../auth/tokens.js';
import type { AuthStores } from '../store/auth-stores.js';
import type { GatewayContext } from '../ws/context.js';
import { sendError } from './errors.js';

/** Registers the sign-out route. */
export function registerLogoutRoute(app: FastifyInstance, ctx: GatewayContext, tokens: TokenService, stores: Pick<AuthStores, 'revocations' | 'clusterTokens'>): void {
  app.post('/api/v1/auth/logout', async (request, reply) => {
    // ctx.identify refuses tickets, revoked and invalid tokens alike.
    const identity = await ctx.identify(request);
    if (!identity) return sendError(reply, 401, 'missing, invalid or expired token');
    const claims = await tokens.verifyClaims(bearerOf(request.headers) ?? '');
    // The admin token and tokens without an id are valid but cannot be revoked one by one.
    if (!claims?.jti) return sendError(reply, 400, 'only an access token with an id can be revoked');
    await stores.revocations.revoke(claims.jti, claims.expiresAt);
    // The cluster tokens this sign-in gave are the user's own credentials: they go with it.
    await stores.clusterTokens.forget(claims.jti);
    return reply.code(204).send();
  });
}
