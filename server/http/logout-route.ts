/** `POST /api/v1/auth/logout`: revokes the presented access token's id until the token expires. */
import type { FastifyInstance } from 'fastify';
import type { TokenService } from '../auth/tokens.js';
import type { RevocationList } from '../store/revocations.js';
import type { GatewayContext } from '../ws/context.js';
import { sendError } from './errors.js';

/** Registers the sign-out route. */
export function registerLogoutRoute(app: FastifyInstance, ctx: GatewayContext, tokens: TokenService, revocations: RevocationList): void {
  app.post('/api/v1/auth/logout', async (request, reply) => {
    // ctx.identify refuses tickets, revoked and invalid tokens alike.
    const identity = await ctx.identify(request);
    if (!identity) return sendError(reply, 401, 'missing, invalid or expired token');
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const claims = await tokens.verifyClaims(bearer);
    // The admin token and tokens without an id are valid but cannot be revoked one by one.
    if (!claims?.jti) return sendError(reply, 400, 'only an access token with an id can be revoked');
    await revocations.revoke(claims.jti, claims.expiresAt);
    return reply.code(204).send();
  });
}
