/**
 * Maps a request path below `/api/v1` or `/apis/GROUP/VERSION` to a resource, namespace, name and
 * subresource, and reads the write options of its query (`dryRun`).
 */
import { status, type KubeStatus } from './errors.js';
import type { ResourceType } from './resources.js';
import type { TypeRegistry } from './type-registry.js';

/** A parsed resource path. */
export interface ResourceRoute {
  readonly type: ResourceType;
  /** Set for namespaced paths; undefined for cluster-scoped types and all-namespace collections. */
  readonly namespace?: string;
  readonly name?: string;
  readonly subresource?: string;
}

/** Parses the segments after the group/version prefix; null when no served resource matches. */
export function parseResourcePath(registry: TypeRegistry, group: string, version: string, segments: readonly string[]): ResourceRoute | null {
  const [first, second, third, fourth, fifth, ...rest] = segments;
  if (first === undefined) return null;
  if (first === 'namespaces' && second !== undefined && third !== undefined) {
    const nested = registry.find(group, version, third);
    if (nested?.namespaced) {
      if (rest.length > 0 || (fifth !== undefined && (!fourth || !nested.subresources.includes(fifth)))) return null;
      return { type: nested, namespace: second, ...(fourth ? { name: fourth } : {}), ...(fifth ? { subresource: fifth } : {}) };
    }
  }
  const type = registry.find(group, version, first);
  if (!type || fourth !== undefined) return null;
  if (third !== undefined && (!second || !type.subresources.includes(third))) return null;
  return { type, ...(second ? { name: second } : {}), ...(third ? { subresource: third } : {}) };
}

const WRITE_OPTIONS: Record<string, string> = { POST: 'CreateOptions', PUT: 'UpdateOptions', PATCH: 'PatchOptions', DELETE: 'DeleteOptions' };

/**
 * The `dryRun` query of a write: true for `All`, false when absent. Any other value is refused as
 * kube-apiserver refuses it, a 422 on the request's options kind (`CreateOptions.meta.k8s.io`).
 * Reads ignore the parameter, as the apiserver's GET handlers do.
 */
export function dryRunOf(method: string, query: URLSearchParams): boolean | KubeStatus {
  const values = query.getAll('dryRun');
  const optionsKind = WRITE_OPTIONS[method];
  if (values.length === 0 || optionsKind === undefined) return false;
  if (values.every((v) => v === 'All')) return true;
  const message = `Unsupported value: []string{${values.map((v) => JSON.stringify(v)).join(', ')}}: supported values: "All"`;
  return status(422, 'Invalid', `${optionsKind}.meta.k8s.io "" is invalid: dryRun: ${message}`, {
    group: 'meta.k8s.io',
    kind: optionsKind,
    causes: [{ reason: 'FieldValueNotSupported', message, field: 'dryRun' }],
  });
}
