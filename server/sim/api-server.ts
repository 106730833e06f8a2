/**
 * The emulated kube-apiserver's HTTP surface for all clusters: `/clusters/NAME/...` is one cluster;
 * the root serves the documents every cluster shares (`/version`, discovery).
 * Bearer-token authentication, impersonation and RBAC authorization (rbac/), discovery, CRUD, watch,
 * Table printing, scale and status subresources, access reviews, and the pods/log and pods/exec hand-offs.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { coreVersions, group, groupList, resourceList, SIM_VERSION } from './discovery.js';
import { badRequest, isKubeStatus, methodNotAllowed, notFound, pathNotFound, status, type KubeStatus } from './errors.js';
import { readBody, readRawBody, sendJson, sendStatus } from './http-util.js';
import { isRecord, type StoredObject } from './object.js';
import { openApiDocument } from './openapi.js';
import { applyPatch } from './patch.js';
import { decodeProtobuf, PROTOBUF } from './protobuf/decode.js';
import { admit } from './rbac/admission.js';
import type { Authenticator } from './rbac/authenticate.js';
import { BOOTSTRAP_RBAC } from './rbac/bootstrap-roles.js';
import { fixedPolicy } from './rbac/policy.js';
import { reviewRoute, type ReviewRoute } from './rbac/review-types.js';
import { serveReview } from './rbac/reviews.js';
import type { UserInfo } from './rbac/user.js';
import { dryRunOf, parseResourcePath, type ResourceRoute } from './resource-routes.js';
import { apiVersionOf } from './resources.js';
import { requestFilter } from './selectors.js';
import type { SimCluster } from './cluster.js';
import type { StoreResult, WriteOptions } from './store.js';
import { toTable, wantsTable } from './tables.js';
import { TypeRegistry } from './type-registry.js';
import { serveWatch, watchStartVersion } from './watch.js';

/** Settings of the API handlers. */
export interface ApiServerOptions {
  /** Who the bearer tokens belong to. */
  authenticator: Authenticator;
  clusters: ReadonlyMap<string, SimCluster>;
}

/** The request and upgrade listeners of the emulator's HTTP server. */
export interface ApiHandlers {
  request: RequestListener;
  upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
}

interface Target {
  cluster: SimCluster;
  /** Path segments below `/clusters/NAME`. */
  segments: string[];
  query: URLSearchParams;
  /** Who the request runs as, after impersonation. */
  user: UserInfo;
}

/** The documents outside any cluster are governed by the bootstrap policy alone (everyone authenticated may read discovery). */
const ROOT_POLICY = fixedPolicy(BOOTSTRAP_RBAC);

/** The documents outside any cluster list the built-in types only: custom ones belong to one cluster. */
const ROOT_TYPES = new TypeRegistry();

function clusterPath(segments: readonly string[]): string {
  return `/${segments.join('/')}`;
}

/**
 * A path outside `/clusters/NAME`: client-go's `RequestURI` (what `kubectl get --raw PATH` uses)
 * replaces the kubeconfig server's path instead of appending to it, so `/version` arrives at the root.
 * Documents that are the same for every cluster are served there; anything else names the way in.
 */
function serveRoot(req: IncomingMessage, res: ServerResponse, segments: string[], query: URLSearchParams, options: ApiServerOptions): void {
  const doc = discovery(ROOT_TYPES, segments, req.headers.host ?? '127.0.0.1', '');
  const admitted = admit(req, clusterPath(segments), query, options.authenticator, ROOT_POLICY);
  if (isKubeStatus(admitted)) sendStatus(res, admitted);
  else if (doc === undefined) sendStatus(res, status(404, 'NotFound', 'the emulator serves each cluster under /clusters/NAME/: ask for /clusters/NAME/<path>'));
  else if (req.method !== 'GET') sendStatus(res, methodNotAllowed());
  else sendJson(res, 200, doc);
}

function pathSegments(req: IncomingMessage): { parts: string[]; query: URLSearchParams } {
  const url = new URL(req.url ?? '/', 'http://sim.invalid');
  return { parts: url.pathname.split('/').filter(Boolean).map(decodeURIComponent), query: url.searchParams };
}

function resolveTarget(req: IncomingMessage, options: ApiServerOptions): Target | KubeStatus {
  const { parts, query } = pathSegments(req);
  if (parts[0] !== 'clusters' || !parts[1]) return pathNotFound();
  const cluster = options.clusters.get(parts[1]);
  if (!cluster) return pathNotFound();
  const segments = parts.slice(2);
  const user = admit(req, clusterPath(segments), query, options.authenticator, cluster.rbac);
  if (isKubeStatus(user)) return user;
  return { cluster, segments, query, user };
}

function resultStatus(result: StoreResult, res: ServerResponse, code: number): void {
  if (result.ok) sendJson(res, code, result.object);
  else sendStatus(res, result.status);
}

/** The decoded request body (JSON, or protobuf as kubectl's typed clients send it), or the Status refusing it. */
async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const body = await readRawBody(req);
  if (!Buffer.isBuffer(body)) return body;
  if (req.headers['content-type']?.startsWith(PROTOBUF)) return decodeProtobuf(body);
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (error) {
    return badRequest(`json: cannot unmarshal the request body: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The request's group, version and the segments after them, for `/api/v1/...` and `/apis/G/V/...`. */
function apiPrefix(segments: string[]): { group: string; version: string; rest: string[] } | null {
  if (segments[0] === 'api' && segments[1] === 'v1') return { group: '', version: 'v1', rest: segments.slice(2) };
  if (segments[0] === 'apis' && segments[1] && segments[2]) return { group: segments[1], version: segments[2], rest: segments.slice(3) };
  return null;
}

function discovery(types: TypeRegistry, segments: string[], host: string, basePath: string): unknown {
  const path = segments.join('/');
  if (path === 'version') return SIM_VERSION;
  if (path === 'api') return coreVersions(host);
  if (path === 'apis') return groupList(types);
  if (path === 'api/v1') return resourceList(types, '', 'v1');
  if (segments[0] === 'apis' && segments.length === 2 && segments[1]) return group(types, segments[1]);
  if (segments[0] === 'apis' && segments.length === 3 && segments[1] && segments[2]) return resourceList(types, segments[1], segments[2]);
  if (segments[0] === 'openapi') return openApiDocument(types, segments.slice(1), basePath);
  return undefined;
}

function scaleOf(o: StoredObject): Record<string, unknown> {
  const spec = isRecord(o.spec) ? o.spec : {};
  const st = isRecord(o.status) ? o.status : {};
  const selector = isRecord(spec.selector) && isRecord(spec.selector.matchLabels) ? spec.selector.matchLabels : {};
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { ...o.metadata },
    spec: { replicas: typeof spec.replicas === 'number' ? spec.replicas : 1 },
    status: {
      replicas: typeof st.replicas === 'number' ? st.replicas : 0,
      selector: Object.entries(selector)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(','),
    },
  };
}

/** Serves one request below a resource path. */
async function serveResource(req: IncomingMessage, res: ServerResponse, target: Target, route: ResourceRoute): Promise<void> {
  const { store } = target.cluster;
  const { type: t, namespace, name, subresource } = route;
  const method = req.method ?? 'GET';
  const now = Date.now();
  const table = wantsTable(req.headers.accept);
  const dryRun = dryRunOf(method, target.query);
  if (typeof dryRun !== 'boolean') {
    sendStatus(res, dryRun);
    return;
  }
  const write: WriteOptions = { dryRun };

  if (!name) {
    if (method === 'POST') {
      if (t.namespaced && namespace === undefined) {
        sendStatus(res, methodNotAllowed());
        return;
      }
      const body = await jsonBody(req);
      if (isKubeStatus(body)) sendStatus(res, body);
      else resultStatus(store.create(t, namespace, body, write), res, 201);
      return;
    }
    if (method !== 'GET' && method !== 'DELETE') {
      sendStatus(res, methodNotAllowed());
      return;
    }
    const filter = requestFilter(t, namespace, target.query);
    if (typeof filter !== 'function') {
      sendStatus(res, filter);
      return;
    }
    if (method === 'DELETE') {
      const deleted = store.list(t, namespace).filter(filter);
      if (!dryRun) for (const o of deleted) store.delete(t, o.metadata.namespace, o.metadata.name);
      sendJson(res, 200, { kind: `${t.kind}List`, apiVersion: apiVersionOf(t), metadata: { resourceVersion: String(store.resourceVersion) }, items: deleted });
      return;
    }
    if (target.query.get('watch') === 'true' || target.query.get('watch') === '1') {
      const start = watchStartVersion(target.query);
      if (typeof start === 'object') {
        sendStatus(res, start);
        return;
      }
      serveWatch(req, res, store, t, filter, start, target.query, {
        ...target.cluster.watchOptions,
        table,
        includeObject: target.query.get('includeObject'),
      });
      return;
    }
    const items = store.list(t, namespace).filter(filter);
    const rv = String(store.resourceVersion);
    if (table) sendJson(res, 200, toTable(t.kind, items, rv, target.query.get('includeObject'), now));
    else sendJson(res, 200, { kind: `${t.kind}List`, apiVersion: apiVersionOf(t), metadata: { resourceVersion: rv }, items });
    return;
  }

  const current = store.get(t, namespace, name);
  if (subresource === 'log') {
    if (!current) {
      sendStatus(res, notFound(t, name));
      return;
    }
    target.cluster.serveLog(req, res, current, target.query);
    return;
  }
  if (subresource === 'exec') {
    sendStatus(res, badRequest('Upgrade request required'));
    return;
  }
  if (subresource === 'scale') {
    await serveScale(req, res, target, route, current, write);
    return;
  }

  switch (method) {
    case 'GET':
      if (!current) sendStatus(res, notFound(t, name));
      else if (table) sendJson(res, 200, toTable(t.kind, [current], current.metadata.resourceVersion, target.query.get('includeObject'), now));
      else sendJson(res, 200, current);
      return;
    case 'PUT': {
      const body = await jsonBody(req);
      if (isKubeStatus(body)) sendStatus(res, body);
      else if (subresource === 'status' && current && isRecord(body)) {
        resultStatus(store.replace(t, namespace, name, { ...current, status: body.status, metadata: { ...current.metadata, resourceVersion: isRecord(body.metadata) ? body.metadata.resourceVersion : undefined } }, write), res, 200);
      } else resultStatus(store.replace(t, namespace, name, body, write), res, 200);
      return;
    }
    case 'PATCH': {
      const body = await readBody(req);
      if (typeof body !== 'string') {
        sendStatus(res, body);
        return;
      }
      if (!current) {
        sendStatus(res, notFound(t, name));
        return;
      }
      const patched = applyPatch(current, body, req.headers['content-type'], t.kind);
      if (!patched.ok) {
        sendStatus(res, status(patched.code, patched.reason, patched.message));
        return;
      }
      const next = subresource === 'status' && isRecord(patched.value) ? { ...current, status: patched.value.status } : patched.value;
      resultStatus(store.replace(t, namespace, name, next, write), res, 200);
      return;
    }
    case 'DELETE':
      // A dry-run delete answers what would be deleted; owned objects are not looked at either.
      if (dryRun) resultStatus(current ? { ok: true, object: current } : { ok: false, status: notFound(t, name) }, res, 200);
      else resultStatus(store.delete(t, namespace, name), res, 200);
      return;
    default:
      sendStatus(res, methodNotAllowed());
  }
}

async function serveScale(req: IncomingMessage, res: ServerResponse, target: Target, route: ResourceRoute, current: StoredObject | undefined, write: WriteOptions): Promise<void> {
  const { store } = target.cluster;
  const { type: t, namespace, name = '' } = route;
  if (!current) {
    sendStatus(res, notFound(t, name));
    return;
  }
  if (req.method === 'GET') {
    sendJson(res, 200, scaleOf(current));
    return;
  }
  if (req.method !== 'PUT' && req.method !== 'PATCH') {
    sendStatus(res, methodNotAllowed());
    return;
  }
  const raw = await readBody(req);
  if (typeof raw !== 'string') {
    sendStatus(res, raw);
    return;
  }
  let next: unknown;
  if (req.method === 'PATCH') {
    const patched = applyPatch(scaleOf(current), raw, req.headers['content-type'], 'Scale');
    if (!patched.ok) {
      sendStatus(res, status(patched.code, patched.reason, patched.message));
      return;
    }
    next = patched.value;
  } else {
    try {
      next = JSON.parse(raw) as unknown;
    } catch {
      sendStatus(res, badRequest('json: cannot unmarshal the request body'));
      return;
    }
  }
  const replicas = isRecord(next) && isRecord(next.spec) ? next.spec.replicas : undefined;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    sendStatus(res, status(422, 'Invalid', `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: must be greater than or equal to 0`));
    return;
  }
  const result = store.update(t, namespace, name, (o) => ({ ...o, spec: { ...(isRecord(o.spec) ? o.spec : {}), replicas } }), write);
  if (result.ok) sendJson(res, 200, scaleOf(result.object));
  else sendStatus(res, result.status);
}

/** Answers a POSTed review as the request's user, on the cluster's policy. */
async function postReview(req: IncomingMessage, res: ServerResponse, target: Target, review: ReviewRoute): Promise<void> {
  if (req.method !== 'POST') {
    sendStatus(res, methodNotAllowed());
    return;
  }
  const body = await jsonBody(req);
  const answer = isKubeStatus(body) ? body : serveReview(review, body, target.user, target.cluster.rbac);
  if (isKubeStatus(answer)) sendStatus(res, answer);
  else sendJson(res, answer.code, answer.body);
}

/** Builds the request and upgrade listeners. */
export function createApiHandlers(options: ApiServerOptions): ApiHandlers {
  const request: RequestListener = (req, res) => {
    const { parts, query } = pathSegments(req);
    if (parts[0] !== 'clusters') {
      serveRoot(req, res, parts, query, options);
      return;
    }
    const target = resolveTarget(req, options);
    if (isKubeStatus(target)) {
      sendStatus(res, target);
      return;
    }
    const doc = discovery(target.cluster.store.types, target.segments, req.headers.host ?? '127.0.0.1', `/clusters/${encodeURIComponent(target.cluster.name)}`);
    if (doc !== undefined) {
      if (req.method !== 'GET') sendStatus(res, methodNotAllowed());
      else sendJson(res, 200, doc);
      return;
    }
    const prefix = apiPrefix(target.segments);
    const review = prefix ? reviewRoute(prefix.group, prefix.version, prefix.rest) : null;
    const route = prefix ? parseResourcePath(target.cluster.store.types, prefix.group, prefix.version, prefix.rest) : null;
    if (!review && !route) {
      sendStatus(res, pathNotFound());
      return;
    }
    const served = review ? postReview(req, res, target, review) : route ? serveResource(req, res, target, route) : Promise.resolve();
    served.catch((error: unknown) => {
      if (!res.headersSent) sendStatus(res, status(500, 'InternalError', `Internal error occurred: ${error instanceof Error ? error.message : String(error)}`));
      else res.destroy();
    });
  };

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const target = resolveTarget(req, options);
    const prefix = isKubeStatus(target) ? null : apiPrefix(target.segments);
    const route = prefix && !isKubeStatus(target) ? parseResourcePath(target.cluster.store.types, prefix.group, prefix.version, prefix.rest) : null;
    const fail = (s: KubeStatus): void => {
      const text = JSON.stringify(s);
      socket.end(`HTTP/1.1 ${s.code} ${s.reason ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
    };
    if (isKubeStatus(target)) return fail(target);
    if (!route || route.subresource !== 'exec' || !route.name) return fail(badRequest('only pods/exec accepts a WebSocket upgrade'));
    const pod = target.cluster.store.get(route.type, route.namespace, route.name);
    if (!pod) return fail(status(404, 'NotFound', `pods "${route.name}" not found`));
    target.cluster.exec(req, socket, head, pod, target.query);
  };

  return { request, upgrade };
}
