/** Maps a request path below `/api/v1` or `/apis/GROUP/VERSION` to a resource, namespace, name and subresource. */
import { findResource, type ResourceType } from './resources.js';

/** A parsed resource path. */
export interface ResourceRoute {
  readonly type: ResourceType;
  /** Set for namespaced paths; undefined for cluster-scoped types and all-namespace collections. */
  readonly namespace?: string;
  readonly name?: string;
  readonly subresource?: string;
}

/** Parses the segments after the group/version prefix; null when no served resource matches. */
export function parseResourcePath(group: string, version: string, segments: readonly string[]): ResourceRoute | null {
  const [first, second, third, fourth, fifth, ...rest] = segments;
  if (first === undefined) return null;
  if (first === 'namespaces' && second !== undefined && third !== undefined) {
    const nested = findResource(group, version, third);
    if (nested?.namespaced) {
      if (rest.length > 0 || (fifth !== undefined && (!fourth || !nested.subresources.includes(fifth)))) return null;
      return { type: nested, namespace: second, ...(fourth ? { name: fourth } : {}), ...(fifth ? { subresource: fifth } : {}) };
    }
  }
  const type = findResource(group, version, first);
  if (!type || fourth !== undefined) return null;
  if (third !== undefined && (!second || !type.subresources.includes(third))) return null;
  return { type, ...(second ? { name: second } : {}), ...(third ? { subresource: third } : {}) };
}
