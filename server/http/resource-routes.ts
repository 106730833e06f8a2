/**
 * The REST Resource API (DESIGN §8): clusters, the resource types each serves, and CRUD on any of
 * them, with names validated before any cluster call, RBAC, secrets redacted below operator, and
 * Kubernetes errors passed through with their code and reason.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseLabelSelector } from '../../src/core/label-selector.js';
import { allows, type Identity, type Permission } from '../auth/roles.js';
import { resourcePath, type ResourceInfo } from '../kube/catalog.js';
import type { ClusterCaller } from '../kube/cluster-caller.js';
import type { GatewayCluster } from '../kube/clusters.js';
import { kubeRequest } from '../kube/kube-request.js';
import { sanitizeBody } from '../kube/sanitize.js';
import type { GatewayContext } from '../ws/context.js';
import type { ClusterTokenStore } from '../store/cluster-tokens.js';
import { sendError } from './errors.js';
import { singleValues, type RawQuery } from './request-names.js';
import { resolveTarget, unreachable } from './request-target.js';

interface Params {
  cluster: string;
  resource: string;
  name?: string;
}

interface Resolved {
  identity: Identity;
  cluster: GatewayCluster;
  info: ResourceInfo;
  namespace: string | undefined;
  /** Who the request goes as: the gateway, or the user (impersonated or with their own token). */
  caller: ClusterCaller;
  labelSelector: string | undefined;
}

const PATCH_TYPES = ['application/merge-patch+json', 'application/json-patch+json', 'application/strategic-merge-patch+json'];

function isStatus(body: unknown): body is { code?: number; reason?: string; message?: string } {
  return typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'Status';
}

/** Registers the cluster and resource routes. */
export function registerResourceRoutes(app: FastifyInstance, ctx: GatewayContext, clusterTokens: ClusterTokenStore): void {
  async function resolve(request: FastifyRequest<{ Params: Params; Querystring: RawQuery }>, reply: FastifyReply, permission: Permission): Promise<Resolved | null> {
    const identity = await ctx.identify(request);
    if (!identity) {
      sendError(reply, 401, 'missing, invalid or expired token');
      return null;
    }
    const { cluster: clusterName, resource, name } = request.params;
    const parsed = singleValues(request.query, ['namespace', 'labelSelector'] as const);
    if ('repeated' in parsed) {
      sendError(reply, 400, `"${parsed.repeated}" must be given once`);
      return null;
    }
    const { namespace, labelSelector } = parsed.values;
    const target = await resolveTarget(ctx, reply, identity, { cluster: clusterName, resource, namespace, name });
    if (!target) return null;
    const { cluster, info } = target;
    // A namespace-limited user may not touch cluster-scoped objects nor list across namespaces.
    const scope = info.namespaced ? (namespace ?? '') : '';
    if (!allows(identity, permission, clusterName, identity.namespaces ? scope : undefined)) {
      sendError(reply, 403, `${identity.user} may not ${permission} ${resource} in ${scope ? `namespace "${scope}"` : 'all namespaces'} of "${clusterName}"`);
      return null;
    }
    if (info.namespaced && namespace === undefined && request.method !== 'GET') {
      sendError(reply, 400, `namespace is required to ${request.method} ${resource}`);
      return null;
    }
    const admission = await ctx.access.caller(clusterName, identity);
    if (!admission.ok) {
      sendError(reply, admission.code, admission.reason, admission.kubeReason);
      return null;
    }
    return { identity, cluster, info, namespace, caller: admission.caller, labelSelector };
  }

  async function forward(reply: FastifyReply, r: Resolved, path: string, init: { method: string; body?: string; contentType?: string }): Promise<FastifyReply> {
    let res;
    try {
      res = await kubeRequest(r.cluster, path, { ...init, caller: r.caller });
    } catch (error) {
      return sendError(reply, 502, unreachable(r.cluster.name, error));
    }
    if (res.status >= 400) {
      const status = isStatus(res.body) ? res.body : { message: typeof res.body === 'string' ? res.body : 'request failed' };
      return sendError(reply, res.status, status.message ?? 'request failed', status.reason);
    }
    return reply.code(res.status).type('application/json').send(sanitizeBody(res.body, r.identity));
  }

  app.get('/api/v1/clusters', async (request, reply) => {
    const identity = await ctx.identify(request);
    if (!identity) return sendError(reply, 401, 'missing, invalid or expired token');
    const visible = ctx.clusters.list().filter((c) => allows(identity, 'read', c.name));
    return Promise.all(
      visible.map(async (c) => {
        const status = await kubeRequest(c, '/version', { timeoutMs: 3000 }).then(
          (r) => (r.status === 200 ? 'ok' : `error ${r.status}`),
          () => 'unreachable',
        );
        const auth = ctx.access.mode(c.name);
        // Whether this sign-in gave its own token yet: the UI asks for one where it is missing.
        const hasToken = auth === 'passthrough' ? !!identity.session && (await clusterTokens.get(identity.session, c.name)) !== null : undefined;
        return { name: c.name, server: c.server, status, auth, ...(hasToken === undefined ? {} : { hasToken }) };
      }),
    );
  });

  app.get<{ Params: Params; Querystring: RawQuery }>('/api/v1/clusters/:cluster/resources', async (request, reply) => {
    const identity = await ctx.identify(request);
    if (!identity) return sendError(reply, 401, 'missing, invalid or expired token');
    const cluster = ctx.clusters.get(request.params.cluster);
    if (!cluster || !allows(identity, 'read', cluster.name)) return sendError(reply, 404, `cluster "${request.params.cluster}" not found`);
    try {
      return await ctx.catalog.resources(cluster);
    } catch (error) {
      return sendError(reply, 502, unreachable(cluster.name, error));
    }
  });

  app.get<{ Params: Params; Querystring: RawQuery }>('/api/v1/clusters/:cluster/:resource', async (request, reply) => {
    const r = await resolve(request, reply, 'read');
    if (!r) return reply;
    const selector = r.labelSelector;
    if (selector) {
      const parsed = parseLabelSelector(selector);
      if (!parsed.ok) return sendError(reply, 400, parsed.error);
    }
    const query = selector ? `?labelSelector=${encodeURIComponent(selector)}` : '';
    return forward(reply, r, resourcePath(r.info, r.namespace) + query, { method: 'GET' });
  });

  app.post<{ Params: Params; Querystring: RawQuery }>('/api/v1/clusters/:cluster/:resource', async (request, reply) => {
    const r = await resolve(request, reply, 'write');
    if (!r) return reply;
    return forward(reply, r, resourcePath(r.info, r.namespace), { method: 'POST', body: JSON.stringify(request.body ?? {}) });
  });

  for (const method of ['GET', 'PUT', 'PATCH', 'DELETE'] as const) {
    app.route<{ Params: Params; Querystring: RawQuery }>({
      method,
      url: '/api/v1/clusters/:cluster/:resource/:name',
      handler: async (request, reply) => {
        const r = await resolve(request, reply, method === 'GET' ? 'read' : 'write');
        if (!r) return reply;
        const path = resourcePath(r.info, r.namespace, request.params.name);
        if (method === 'GET' || method === 'DELETE') return forward(reply, r, path, { method });
        const type = (request.headers['content-type'] ?? 'application/merge-patch+json').split(';')[0]?.trim() ?? '';
        const contentType = method === 'PATCH' ? (PATCH_TYPES.includes(type) ? type : 'application/merge-patch+json') : 'application/json';
        return forward(reply, r, path, { method, body: JSON.stringify(request.body ?? {}), contentType });
      },
    });
  }

  app.addContentTypeParser(PATCH_TYPES, { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, JSON.parse(String(body)) as unknown);
    } catch {
      done(Object.assign(new Error('request body is not valid JSON'), { statusCode: 400 }), undefined);
    }
  });
}
