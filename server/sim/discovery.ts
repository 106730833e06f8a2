/** API discovery documents in the legacy (non-aggregated) form kubectl and client-node accept. */
import { REVIEW_TYPES } from './rbac/review-types.js';
import type { ResourceType } from './resources.js';
import type { ServedGroup, TypeRegistry } from './type-registry.js';

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** The Kubernetes version the emulator reports. */
export const SIM_VERSION = {
  major: '1',
  minor: '33',
  gitVersion: 'v1.33.0-kubevision-sim',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.24.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};

function subresourceEntry(t: ResourceType, sub: string): Record<string, unknown> {
  const base = { name: `${t.plural}/${sub}`, singularName: '', namespaced: t.namespaced };
  switch (sub) {
    case 'log':
      return { ...base, kind: 'Pod', verbs: ['get'] };
    case 'exec':
      return { ...base, kind: 'PodExecOptions', verbs: ['create', 'get'] };
    case 'scale':
      return { ...base, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] };
    default:
      return { ...base, kind: t.kind, verbs: ['get', 'patch', 'update'] };
  }
}

/** `/api/v1` or `/apis/GROUP/VERSION`: the APIResourceList of a group version. */
export function resourceList(registry: TypeRegistry, group: string, version: string): Record<string, unknown> | undefined {
  const types = registry.all().filter((t) => t.group === group && t.version === version);
  const reviews = version === 'v1' ? REVIEW_TYPES.filter((t) => t.group === group) : [];
  if (types.length === 0 && reviews.length === 0) return undefined;
  const stored = types.flatMap((t) => [
    {
      name: t.plural,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: VERBS,
      ...(t.shortNames.length ? { shortNames: t.shortNames } : {}),
      ...(t.categories.length ? { categories: t.categories } : {}),
    },
    ...t.subresources.map((sub) => subresourceEntry(t, sub)),
  ]);
  const created = reviews.map((t) => ({ name: t.plural, singularName: t.kind.toLowerCase(), namespaced: t.namespaced, kind: t.kind, verbs: ['create'] }));
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources: [...stored, ...created] };
}

function groupEntry(group: ServedGroup): Record<string, unknown> {
  const versions = group.versions.map((version) => ({ groupVersion: `${group.name}/${version}`, version }));
  return { name: group.name, versions, preferredVersion: versions[0] };
}

/** `/api`: the core group's versions. */
export function coreVersions(serverAddress: string): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

/** `/apis`: every named group. */
export function groupList(registry: TypeRegistry): Record<string, unknown> {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: registry.groups().map(groupEntry) };
}

/** `/apis/GROUP`: one group. */
export function group(registry: TypeRegistry, name: string): Record<string, unknown> | undefined {
  const served = registry.groups().find((g) => g.name === name);
  return served ? { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(served) } : undefined;
}
