/**
 * The resource types the emulator serves, with the discovery facts kubectl and client-node read:
 * group, version, kind, plural, short names, scope and verbs.
 */

/** One served resource type. */
export interface ResourceType {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  /** Subresources served, such as `log`, `exec`, `status`, `scale`. */
  readonly subresources: readonly string[];
}

const ALL: readonly string[] = ['all'];

function type(
  group: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  shortNames: string[] = [],
  extra: { categories?: readonly string[]; subresources?: string[] } = {},
): ResourceType {
  return {
    group,
    version: 'v1',
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    shortNames,
    categories: extra.categories ?? [],
    subresources: extra.subresources ?? [],
  };
}

/** Every served type. */
export const RESOURCE_TYPES: readonly ResourceType[] = [
  type('', 'Namespace', 'namespaces', false, ['ns'], { subresources: ['status'] }),
  type('', 'Node', 'nodes', false, ['no'], { subresources: ['status'] }),
  type('', 'Pod', 'pods', true, ['po'], { categories: ALL, subresources: ['status', 'log', 'exec'] }),
  type('', 'Service', 'services', true, ['svc'], { categories: ALL, subresources: ['status'] }),
  type('', 'ConfigMap', 'configmaps', true, ['cm']),
  type('', 'Secret', 'secrets', true),
  type('', 'Event', 'events', true, ['ev']),
  type('', 'ServiceAccount', 'serviceaccounts', true, ['sa']),
  type('', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, ['pvc'], { subresources: ['status'] }),
  type('apps', 'Deployment', 'deployments', true, ['deploy'], { categories: ALL, subresources: ['status', 'scale'] }),
  type('apps', 'ReplicaSet', 'replicasets', true, ['rs'], { categories: ALL, subresources: ['status', 'scale'] }),
  type('apps', 'StatefulSet', 'statefulsets', true, ['sts'], { categories: ALL, subresources: ['status', 'scale'] }),
  type('apps', 'DaemonSet', 'daemonsets', true, ['ds'], { categories: ALL, subresources: ['status'] }),
  type('batch', 'Job', 'jobs', true, [], { categories: ALL, subresources: ['status'] }),
  type('batch', 'CronJob', 'cronjobs', true, ['cj'], { categories: ALL, subresources: ['status'] }),
  type('networking.k8s.io', 'Ingress', 'ingresses', true, ['ing'], { subresources: ['status'] }),
  type('networking.k8s.io', 'NetworkPolicy', 'networkpolicies', true, ['netpol']),
  type('policy', 'PodDisruptionBudget', 'poddisruptionbudgets', true, ['pdb'], { subresources: ['status'] }),
  // RBAC objects are stored and validated like any other; rbac/authorizer.ts evaluates them on every request.
  type('rbac.authorization.k8s.io', 'Role', 'roles', true),
  type('rbac.authorization.k8s.io', 'RoleBinding', 'rolebindings', true),
  type('rbac.authorization.k8s.io', 'ClusterRole', 'clusterroles', false),
  type('rbac.authorization.k8s.io', 'ClusterRoleBinding', 'clusterrolebindings', false),
  // Each established CRD adds its own types to the cluster's registry (custom-resources.ts).
  type('apiextensions.k8s.io', 'CustomResourceDefinition', 'customresourcedefinitions', false, ['crd', 'crds'], { categories: ['api-extensions'], subresources: ['status'] }),
];

/** The groups served, in discovery order, each with its single version (the two review groups store nothing: rbac/review-types.ts). */
export const API_GROUPS: readonly string[] = ['apiextensions.k8s.io', 'apps', 'authentication.k8s.io', 'authorization.k8s.io', 'batch', 'networking.k8s.io', 'policy', 'rbac.authorization.k8s.io'];

/** `v1` for the core group, `group/v1` otherwise. */
export function apiVersionOf(t: ResourceType): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/** The type of a kind in an apiVersion, if served. */
export function findKind(apiVersion: string, kind: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((t) => apiVersionOf(t) === apiVersion && t.kind === kind);
}

/** The type named by its plural, `plural.group`, or short name, as `kubectl get` resolves it. */
export function typeByPlural(plural: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((t) => t.plural === plural || `${t.plural}.${t.group}` === plural);
}

/** `pods`, `deployments.apps`: how Status details name a resource. */
export function qualifiedName(t: ResourceType): string {
  return t.group ? `${t.plural}.${t.group}` : t.plural;
}
