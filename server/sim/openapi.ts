/**
 * A minimal OpenAPI v3 surface: enough for kubectl to see that every served type accepts the
 * `dryRun` and `fieldValidation` query parameters, so `kubectl create -f` validates on the server instead of
 * downloading full schemas (which the emulator does not have).
 */
import { apiVersionOf, type ResourceType } from './resources.js';
import type { TypeRegistry } from './type-registry.js';

function gvPath(t: ResourceType): string {
  return t.group ? `apis/${t.group}/${t.version}` : `api/${t.version}`;
}

const fieldValidation = {
  name: 'fieldValidation',
  in: 'query',
  description: 'Strict, Warn or Ignore: how unknown or duplicate fields are handled.',
  schema: { type: 'string', uniqueItems: true },
};

const dryRun = {
  name: 'dryRun',
  in: 'query',
  description: 'All: validate and answer the object that would be stored, storing nothing.',
  schema: { type: 'string', uniqueItems: true },
};

function operation(t: ResourceType, verb: string): Record<string, unknown> {
  return {
    operationId: `${verb}${t.kind}`,
    parameters: [dryRun, fieldValidation],
    responses: { '200': { description: 'OK' } },
    'x-kubernetes-action': verb,
    'x-kubernetes-group-version-kind': { group: t.group, version: t.version, kind: t.kind },
  };
}

function documentFor(types: readonly ResourceType[]): Record<string, unknown> | undefined {
  if (types.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  for (const t of types) {
    const path = gvPath(t);
    const collection = t.namespaced ? `/${path}/namespaces/{namespace}/${t.plural}` : `/${path}/${t.plural}`;
    paths[collection] = { post: operation(t, 'post') };
    paths[`${collection}/{name}`] = { put: operation(t, 'put'), patch: operation(t, 'patch') };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.33.0' }, paths, components: { schemas: {} } };
}

/**
 * The document at `/openapi/<segments>`: the v3 root or one group-version; undefined when not served.
 * `basePath` is the cluster's path prefix: client-go requests serverRelativeURL from the host root.
 */
export function openApiDocument(registry: TypeRegistry, segments: readonly string[], basePath: string): Record<string, unknown> | undefined {
  if (segments[0] !== 'v3') return undefined;
  const rest = segments.slice(1).join('/');
  if (rest === '') {
    const paths: Record<string, unknown> = {};
    for (const t of registry.all()) paths[gvPath(t)] = { serverRelativeURL: `${basePath}/openapi/v3/${gvPath(t)}?hash=${apiVersionOf(t).replace(/\W/g, '')}` };
    return { paths };
  }
  return documentFor(registry.all().filter((t) => gvPath(t) === rest));
}
