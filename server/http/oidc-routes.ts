/**
 * `POST /api/v1/auth/oidc` exchanges an ID token of a configured issuer for the gateway's own access
 * token (the same answer as a password login, so tickets, sockets and RBAC work unchanged), and
 * `GET /api/v1/auth/providers` tells the login page which issuers it can send a user to.
 */
import type { FastifyInstance } from 'fastify';
import { OidcVerifier } from '../auth/oidc-verifier.js';
import type { TokenService } from '../auth/tokens.js';
import type { GatewayContext } from '../ws/context.js';
import { sendError } from './errors.js';

/** Longer bodies are no ID token anyone issues; refused before any parsing of the JWT. */
const MAX_ID_TOKEN_LENGTH = 16 * 1024;

/** Registers the OIDC routes. */
export function registerOidcRoutes(app: FastifyInstance, ctx: GatewayContext, tokens: TokenService): void {
  const verifier = new OidcVerifier(ctx.config.oidc.issuers);

  app.get('/api/v1/auth/providers', async () => verifier.providers());

  app.post('/api/v1/auth/oidc', async (request, reply) => {
    if (!verifier.enabled) return sendError(reply, 404, 'no OpenID Connect issuer is configured');
    const body = request.body as { idToken?: unknown; nonce?: unknown } | null;
    if (typeof body?.idToken !== 'string' || body.idToken === '') return sendError(reply, 400, 'idToken is required');
    if (body.idToken.length > MAX_ID_TOKEN_LENGTH) return sendError(reply, 400, `idToken must be at most ${MAX_ID_TOKEN_LENGTH} characters`);
    if (body.nonce !== undefined && typeof body.nonce !== 'string') return sendError(reply, 400, 'nonce must be a string');
    const outcome = await verifier.verify(body.idToken, body.nonce);
    if (!outcome.ok) {
      if (outcome.status !== 503) ctx.metrics.loginFailed();
      else request.log.warn('OIDC sign-in failed: the issuer cannot be reached');
      return sendError(reply, outcome.status, outcome.message);
    }
    const { identity } = outcome;
    const { token, expiresAt } = await tokens.issue(identity);
    return { accessToken: token, expiresAt: new Date(expiresAt).toISOString(), user: { name: identity.user, role: identity.role } };
  });
}
