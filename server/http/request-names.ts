/** Checks the names a REST request carries before any of them reaches a cluster. */
import { clusterNameError, dns1123LabelError, dns1123SubdomainError, resourceNameError } from '../../src/core/names.js';

/** The names of one request; absent ones are not checked. */
export interface RequestNames {
  cluster: string;
  resource: string;
  namespace?: string | undefined;
  name?: string | undefined;
}

/** What is wrong with the first bad name, or null when all are valid. */
export function requestNameProblem(names: RequestNames): string | null {
  const { cluster, resource, namespace, name } = names;
  const clusterError = clusterNameError(cluster);
  if (clusterError) return `cluster ${clusterError}`;
  const namespaceError = namespace !== undefined ? dns1123LabelError(namespace) : null;
  if (namespaceError) return `namespace ${namespaceError}`;
  const nameError = name !== undefined ? dns1123SubdomainError(name) : null;
  if (nameError) return `name ${nameError}`;
  // The watch socket's rule: a plural (`pods`) or plural.group (`widgets.example.com`), DNS-1123 labels.
  const resourceError = resourceNameError(resource);
  return resourceError ? `resource ${resourceError}` : null;
}

/** A query string as fastify parses it: a parameter given twice arrives as an array. */
export type RawQuery = Record<string, string | string[] | undefined>;

/**
 * The single values of `keys` in `query` (empty ones absent), or the first key given more than
 * once: refused rather than silently picked, so that what is checked is what is used.
 */
export function singleValues<K extends string>(query: RawQuery, keys: readonly K[]): { values: Partial<Record<K, string>> } | { repeated: K } {
  const values: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = query[key];
    if (Array.isArray(value)) return { repeated: key };
    if (value) values[key] = value;
  }
  return { values };
}
