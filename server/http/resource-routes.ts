/**
 * The REST Resource API (DESIGN §8): clusters, the resource types each serves, and CRUD on any of
 * them, with names validated before any cluster call, RBAC, secrets redacted below operator, and
 * Kubernetes errors passed through with their code and reason.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { clusterNameError, dns1123LabelError, dns1123SubdomainError } from '../../src/core/names.js';
import { parseLabelSelector } from '../../src/core/label-selector.js';
import { allows, type Identity, type Permission } from '../auth/roles.js';
import { ResourceCatalog, resourcePath, type ResourceInfo } from '../kube/catalog.js';
import type { GatewayCluster } from '../kube/clusters.js';
import { kubeRequest } from '../kube/kube-request.js';
import { sanitizeBody } from '../kube/sanitize.js';
import type { GatewayContext } from '../ws/context.js';
import { sendError } from './errors.js';

interface Params {
  cluster: string;
  resource: string;
  name?: string;
}

/** The query string as fastify parses it: a parameter given twice arrives as an array. */
interface Query {
  namespace?: string | string[];
  labelSelector?: string | string[];
}

/** The name of a parameter given more than once: refused rather than silently picked (like the audit API). */
function repeatedParameter(query: Query): string | null {
  return (['namespace', 'labelSelector'] as const).find((name) => Array.isArray(query[name])) ?? null;
}

/** A parameter's single value (after {@link repeatedParameter} has refused arrays). */
function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

interface Resolved {
  identity: Identity;
  cluster: GatewayCluster;
  info: ResourceInfo;
  namespace: string | undefined;
}

const PATCH_TYPES = ['application/merge-patch+json', 'application/json-patch+json', 'application/strategic-merge-patch+json'];

function isStatus(body: unknown): body is { code?: number; reason?: string; message?: string } {
  return typeof body === 'object' && body !== null && (body as { kind?: unknown }).kind === 'Status';
}

/** Registers the cluster and resource routes. */
export function registerResourceRoutes(app: FastifyInstance, ctx: GatewayContext): void {
  const catalog = new ResourceCatalog();

  async function resolve(request: FastifyRequest<{ Params: Params; Querystring: Query }>, reply: FastifyReply, permission: Permission): Promise<Resolved | null> {
    const identity = await ctx.identify(request);
    if (!identity) {
      sendError(reply, 401, 'missing, invalid or expired token');
      return null;
    }
    const { cluster: clusterName, resource, name } = request.params;
    const repeated = repeatedParameter(request.query);
    if (repeated) {
      sendError(reply, 400, `"${repeated}" must be given once`);
      return null;
    }
    const namespace = single(request.query.namespace) || undefined;
    const problem =
      (clusterNameError(clusterName) && `cluster ${clusterNameError(clusterName)}`) ||
      (namespace !== undefined && dns1123LabelError(namespace) && `namespace ${dns1123LabelError(namespace)}`) ||
      (name !== undefined && dns1123SubdomainError(name) && `name ${dns1123SubdomainError(name)}`) ||
      (!/^[a-z][a-z0-9.-]*$/.test(resource) && 'resource must be a lower case plural resource name');
    if (problem) {
      sendError(reply, 400, problem);
      return null;
    }
    const cluster = ctx.clusters.get(clusterName);
    if (!cluster || !allows(identity, 'read', clusterName)) {
      sendError(reply, 404, `cluster "${clusterName}" not found`);
      return null;
    }
    let info: ResourceInfo | undefined;
    try {
      info = await catalog.resolve(cluster, resource);
    } catch (error) {
      sendError(reply, 502, `cluster "${clusterName}" is unreachable: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
    if (!info) {
      sendError(reply, 404, `the server doesn't have a resource type "${resource}"`);
      return null;
    }
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
    return { identity, cluster, info, namespace };
  }

  async function forward(reply: FastifyReply, r: Resolved, path: string, init: { method: string; body?: string; contentType?: string }): Promise<FastifyReply> {
    let res;
    try {
      res = await kubeRequest(r.cluster, path, init);
    } catch (error) {
      return sendError(reply, 502, `cluster "${r.cluster.name}" is unreachable: ${error instanceof Error ? error.message : String(error)}`);
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
        return { name: c.name, server: c.server, status };
      }),
    );
  });

  app.get<{ Params: Params; Querystring: Query }>('/api/v1/clusters/:cluster/resources', async (request, reply) => {
    const identity = await ctx.identify(request);
    if (!identity) return sendError(reply, 401, 'missing, invalid or expired token');
    const cluster = ctx.clusters.get(request.params.cluster);
    if (!cluster || !allows(identity, 'read', cluster.name)) return sendError(reply, 404, `cluster "${request.params.cluster}" not found`);
    try {
      return await catalog.resources(cluster);
    } catch (error) {
      return sendError(reply, 502, `cluster "${cluster.name}" is unreachable: ${error instanceof Error ? error.message : String(error)}`);
    }
  });

  app.get<{ Params: Params; Querystring: Query }>('/api/v1/clusters/:cluster/:resource', async (request, reply) => {
    const r = await resolve(request, reply, 'read');
    if (!r) return reply;
    const selector = single(request.query.labelSelector);
    if (selector) {
      const parsed = parseLabelSelector(selector);
      if (!parsed.ok) return sendError(reply, 400, parsed.error);
    }
    const query = selector ? `?labelSelector=${encodeURIComponent(selector)}` : '';
    return forward(reply, r, resourcePath(r.info, r.namespace) + query, { method: 'GET' });
  });

  app.post<{ Params: Params; Querystring: Query }>('/api/v1/clusters/:cluster/:resource', async (request, reply) => {
    const r = await resolve(request, reply, 'write');
    if (!r) return reply;
    return forward(reply, r, resourcePath(r.info, r.namespace), { method: 'POST', body: JSON.stringify(request.body ?? {}) });
  });

  for (const method of ['GET', 'PUT', 'PATCH', 'DELETE'] as const) {
    app.route<{ Params: Params; Querystring: Query }>({
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
