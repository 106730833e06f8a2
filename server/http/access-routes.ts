/**
 * Routes about what the signed-in user may do on clusters: `GET /api/v1/auth/can` (the gateway's
 * role and the cluster's RBAC as that user, for a UI to hide what would be refused) and the user's
 * own tokens for `passthrough` clusters, `PUT` / `DELETE /api/v1/auth/cluster-tokens/:cluster`.
 */
import type { FastifyInstance } from 'fastify';
import { bearerOf } from '../auth/authenticator.js';
import { allows } from '../auth/roles.js';
import type { TokenService } from '../auth/tokens.js';
import { permissionForVerb } from '../auth/verb-permission.js';
import { kubeRequest } from '../kube/kube-request.js';
import type { ClusterTokenStore } from '../store/cluster-tokens.js';
import type { GatewayContext } from '../ws/context.js';
import { sendError } from './errors.js';
import { singleValues, type RawQuery } from './request-names.js';
import { resolveTarget } from './request-target.js';

const CAN_PARAMETERS = ['cluster', 'verb', 'resource', 'namespace', 'subresource', 'name'] as const;

/** Kubernetes verbs and subresources are lower-case words (custom verbs such as `escalate` included). */
const WORD = /^[a-z]{1,63}$/;

/** Visible ASCII only: a token is put in a header, where a line break would forge another one. */
const TOKEN = /^[\x21-\x7e]{1,16384}$/;

/**
 * What a cluster says about who a token is (SelfSubjectReview), or why it would not. A cluster
 * older than 1.28 has no SelfSubjectReview: there discovery, which needs an authenticated caller,
 * tells a good token from a bad one, without the name.
 */
async function tokenUser(ctx: GatewayContext, clusterName: string, token: string): Promise<{ user: string | null } | { status: number }> {
  const cluster = ctx.clusters.get(clusterName);
  if (!cluster) return { status: 404 };
  const options = { caller: { kind: 'bearer', token, session: '' } as const, timeoutMs: ctx.config.limits.clusterAnswerSeconds * 1000 };
  const failed = () => ({ status: 0, body: null });
  const review = await kubeRequest(cluster, '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
    ...options,
    method: 'POST',
    body: JSON.stringify({ apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }),
  }).catch(failed);
  if (review.status === 200 || review.status === 201) {
    const user = (review.body as { status?: { userInfo?: { username?: unknown } } } | null)?.status?.userInfo?.username;
    return { user: typeof user === 'string' ? user : null };
  }
  if (review.status !== 404) return { status: review.status };
  const discovery = await kubeRequest(cluster, '/api', options).catch(failed);
  return discovery.status === 200 ? { user: null } : { status: discovery.status };
}

/** Registers the `can` and cluster-token routes. */
export function registerAccessRoutes(app: FastifyInstance, ctx: GatewayContext, tokens: TokenService, clusterTokens: ClusterTokenStore): void {
  app.get<{ Querystring: RawQuery }>('/api/v1/auth/can', async (request, reply) => {
    const identity = await ctx.identify(request);
    if (!identity) return sendError(reply, 401, 'missing, invalid or expired token');
    const parsed = singleValues(request.query, CAN_PARAMETERS);
    if ('repeated' in parsed) return sendError(reply, 400, `"${parsed.repeated}" must be given once`);
    const { cluster: clusterName, verb, resource, namespace, subresource = '', name } = parsed.values;
    if (!clusterName || !verb || !resource) return sendError(reply, 400, 'cluster, verb and resource are required');
    if (!WORD.test(verb)) return sendError(reply, 400, 'verb must be a lower case Kubernetes verb');
    if (subresource && !WORD.test(subresource)) return sendError(reply, 400, 'subresource must be a lower case word');
    const target = await resolveTarget(ctx, reply, identity, { cluster: clusterName, resource, namespace, name });
    if (!target) return reply;
    const { cluster, info } = target;
    const scope = info.namespaced ? (namespace ?? '') : '';
    const permission = permissionForVerb(verb, info.name, subresource);
    if (!allows(identity, permission, cluster.name, identity.namespaces ? scope : undefined)) {
      const where = scope ? `namespace "${scope}"` : info.namespaced ? 'all namespaces' : 'the cluster scope';
      return { allowed: false, reason: `the gateway role ${identity.role} of ${identity.user} does not give ${permission} in ${where} of "${cluster.name}"` };
    }
    const admission = await ctx.access.check(cluster, identity, { verb, group: info.group, resource: info.name, subresource, ...(name ? { name } : {}), namespace: scope });
    if (!admission.ok && admission.code === 401) return sendError(reply, 401, admission.reason, admission.kubeReason);
    return { allowed: admission.ok, reason: admission.reason };
  });

  app.put<{ Params: { cluster: string }; Body: unknown }>('/api/v1/auth/cluster-tokens/:cluster', async (request, reply) => {
    const identity = await ctx.identify(request);
    if (!identity) return sendError(reply, 401, 'missing, invalid or expired token');
    const clusterName = request.params.cluster;
    if (!ctx.clusters.get(clusterName) || !allows(identity, 'read', clusterName)) return sendError(reply, 404, `cluster "${clusterName}" not found`);
    const mode = ctx.access.mode(clusterName);
    if (mode !== 'passthrough') return sendError(reply, 409, `cluster "${clusterName}" is reached in ${mode} mode and takes no token of yours`);
    const claims = await tokens.verifyClaims(bearerOf(request.headers) ?? '');
    if (!claims?.jti) return sendError(reply, 400, 'only a signed-in session (an access token with an id) can hold cluster tokens');
    const token = (request.body as { token?: unknown } | null)?.token;
    if (typeof token !== 'string' || !TOKEN.test(token)) return sendError(reply, 400, 'token must be a string of at most 16384 visible ASCII characters');
    const who = await tokenUser(ctx, clusterName, token);
    if ('status' in who) {
      if (who.status === 401) return sendError(reply, 400, `cluster "${clusterName}" did not accept this token`, 'ClusterTokenRejected');
      return sendError(reply, 502, who.status === 0 ? `cluster "${clusterName}" did not answer` : `cluster "${clusterName}" answered the token check with HTTP ${who.status}`);
    }
    await clusterTokens.put(claims.jti, clusterName, token, claims.expiresAt);
    return { cluster: clusterName, user: who.user, expiresAt: new Date(claims.expiresAt).toISOString() };
  });

  app.delete<{ Params: { cluster: string } }>('/api/v1/auth/cluster-tokens/:cluster', async (request, reply) => {
    const identity = await ctx.identify(request);
    if (!identity) return sendError(reply, 401, 'missing, invalid or expired token');
    if (!ctx.clusters.get(request.params.cluster) || !allows(identity, 'read', request.params.cluster)) return sendError(reply, 404, `cluster "${request.params.cluster}" not found`);
    if (identity.session) await clusterTokens.forget(identity.session, request.params.cluster);
    return reply.code(204).send();
  });
}
