/**
 * What a request asks to do, in the terms authorization decides on: kube-apiserver's RequestInfo
 * (k8s.io/apiserver/pkg/endpoints/request/requestinfo.go), derived from the path alone, so a path the
 * emulator does not serve is authorized (and refused) the same way as one it serves.
 */

/** A request on a resource: verb, API group, resource, subresource, namespace and name. */
export interface ResourceAttributes {
  readonly kind: 'resource';
  readonly verb: string;
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly subresource: string;
  /** "" at the cluster scope. */
  readonly namespace: string;
  /** "" for collections. */
  readonly name: string;
}

/** A request on a path outside the resource tree (`/version`, `/api`, `/healthz`). */
export interface NonResourceAttributes {
  readonly kind: 'nonResource';
  readonly verb: string;
  readonly path: string;
}

/** The attributes one authorization check is made on. */
export type RequestAttributes = ResourceAttributes | NonResourceAttributes;

const METHOD_VERBS: Record<string, string> = { POST: 'create', GET: 'get', HEAD: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

/** Subresources of a namespace, which stay on the `namespaces` resource instead of starting a nested path. */
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/** Subresources that open a stream into a container: their GET (the WebSocket upgrade) also needs `create`. */
const CONNECT_SUBRESOURCES = new Set(['exec', 'attach', 'portforward']);

/** `watch=1` and the like: any value but false, 0 or empty, as RequestInfo reads it when decoding fails. */
function wantsWatch(query: URLSearchParams): boolean {
  const value = query.get('watch');
  return value !== null && !['', 'false', '0'].includes(value.toLowerCase());
}

/** The name a list or watch is narrowed to by `fieldSelector=metadata.name=NAME` (what `kubectl get pod x -w` sends). */
function selectedName(query: URLSearchParams): string {
  for (const term of (query.get('fieldSelector') ?? '').split(',')) {
    const m = /^metadata\.name==?(.+)$/.exec(term.trim());
    if (m?.[1] && !/[/%]/.test(m[1]) && m[1] !== '.' && m[1] !== '..') return m[1];
  }
  return '';
}

/**
 * The attributes of a request with this method, path (relative to the cluster, `/api/v1/...`) and query.
 * A GET without a name is a list (or a watch); a DELETE without one a deletecollection.
 */
export function requestAttributes(method: string, path: string, query: URLSearchParams): RequestAttributes {
  const parts = path.split('/').filter(Boolean);
  const nonResource: NonResourceAttributes = { kind: 'nonResource', verb: method.toLowerCase(), path };
  const [prefix] = parts;
  if (parts.length < 3 || (prefix !== 'api' && prefix !== 'apis')) return nonResource;
  let rest = parts.slice(1);
  let group = '';
  if (prefix === 'apis') {
    if (rest.length < 3) return nonResource;
    group = rest[0] ?? '';
    rest = rest.slice(1);
  }
  const version = rest[0] ?? '';
  rest = rest.slice(1);
  let verb = METHOD_VERBS[method] ?? '';
  let namespace = '';
  if (rest[0] === 'namespaces' && rest[1] !== undefined) {
    namespace = rest[1];
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2] ?? '')) rest = rest.slice(2);
  }
  const resource = rest[0] ?? '';
  let name = rest[1] ?? '';
  const subresource = rest[2] ?? '';
  if (name === '' && verb === 'get') {
    verb = wantsWatch(query) ? 'watch' : 'list';
    name = selectedName(query);
  }
  if (name === '' && verb === 'delete') verb = 'deletecollection';
  return { kind: 'resource', verb, group, version, resource, subresource, namespace, name };
}

/**
 * Every check a request must pass, in order: its own attributes and, for a GET on pods/exec,
 * pods/attach or pods/portforward, a second one with `create`, as kube-apiserver's
 * AuthorizePodWebsocketUpgradeCreatePermission adds, so that WebSocket exec needs what SPDY (POST) needs.
 */
export function requestChecks(method: string, path: string, query: URLSearchParams): RequestAttributes[] {
  const first = requestAttributes(method, path, query);
  const connect = first.kind === 'resource' && first.verb === 'get' && first.resource === 'pods' && CONNECT_SUBRESOURCES.has(first.subresource);
  return connect ? [first, { ...first, verb: 'create' }] : [first];
}
