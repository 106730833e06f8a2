/**
 * The bootstrap policy every cluster starts with, after kube-apiserver's
 * plugin/pkg/auth/authorizer/rbac/bootstrappolicy: the user-facing ClusterRoles cluster-admin,
 * admin, edit and view (their aggregated rules written out, since the emulator runs no aggregation
 * controller), system:basic-user and system:discovery, and the ClusterRoleBindings that give them to
 * system:masters and system:authenticated.
 */
import type { ClusterStore } from '../store.js';
import type { RbacObject } from './policy.js';
import { AUTHENTICATED_GROUP, MASTERS_GROUP } from './user.js';

const API_VERSION = 'rbac.authorization.k8s.io/v1';
const META = { labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } };
const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'delete', 'deletecollection', 'patch', 'update'];

function rule(verbs: string[], apiGroups: string[], resources: string[]): Record<string, string[]> {
  return { verbs, apiGroups, resources };
}

function clusterRole(name: string, rules: Record<string, string[]>[]): RbacObject {
  return { apiVersion: API_VERSION, kind: 'ClusterRole', metadata: { name, ...META }, rules };
}

function groupBinding(name: string, role: string, group: string): RbacObject {
  return {
    apiVersion: API_VERSION,
    kind: 'ClusterRoleBinding',
    metadata: { name, ...META },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group }],
  };
}

/** view: reading the common namespaced resources, secrets excepted (reading them would reveal credentials). */
const VIEW = [
  rule(READ, [''], ['configmaps', 'endpoints', 'persistentvolumeclaims', 'persistentvolumeclaims/status', 'pods', 'replicationcontrollers', 'replicationcontrollers/scale', 'serviceaccounts', 'services', 'services/status']),
  rule(READ, [''], ['bindings', 'events', 'limitranges', 'namespaces/status', 'pods/log', 'pods/status', 'replicationcontrollers/status', 'resourcequotas', 'resourcequotas/status']),
  rule(READ, [''], ['namespaces']),
  rule(READ, ['discovery.k8s.io'], ['endpointslices']),
  rule(READ, ['apps'], ['controllerrevisions', 'daemonsets', 'daemonsets/status', 'deployments', 'deployments/scale', 'deployments/status', 'replicasets', 'replicasets/scale', 'replicasets/status', 'statefulsets', 'statefulsets/scale', 'statefulsets/status']),
  rule(READ, ['autoscaling'], ['horizontalpodautoscalers', 'horizontalpodautoscalers/status']),
  rule(READ, ['batch'], ['cronjobs', 'cronjobs/status', 'jobs', 'jobs/status']),
  rule(READ, ['policy'], ['poddisruptionbudgets', 'poddisruptionbudgets/status']),
  rule(READ, ['networking.k8s.io'], ['ingresses', 'ingresses/status', 'networkpolicies']),
];

/** edit: view plus writing workloads and config, secrets, exec and port-forward; not roles or bindings. */
const EDIT = [
  rule(READ, [''], ['pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy', 'secrets', 'services/proxy']),
  rule(['impersonate'], [''], ['serviceaccounts']),
  rule(WRITE, [''], ['pods', 'pods/attach', 'pods/exec', 'pods/portforward', 'pods/proxy']),
  rule(['create'], [''], ['pods/eviction']),
  rule(WRITE, [''], ['configmaps', 'events', 'persistentvolumeclaims', 'replicationcontrollers', 'replicationcontrollers/scale', 'secrets', 'serviceaccounts', 'services', 'services/proxy']),
  rule(['create'], [''], ['serviceaccounts/token']),
  rule(WRITE, ['apps'], ['daemonsets', 'deployments', 'deployments/rollback', 'deployments/scale', 'replicasets', 'replicasets/scale', 'statefulsets', 'statefulsets/scale']),
  rule(WRITE, ['autoscaling'], ['horizontalpodautoscalers']),
  rule(WRITE, ['batch'], ['cronjobs', 'jobs']),
  rule(WRITE, ['networking.k8s.io'], ['ingresses', 'networkpolicies']),
  rule(WRITE, ['policy'], ['poddisruptionbudgets']),
  ...VIEW,
];

/** admin: edit plus the namespace's roles and bindings and local access reviews. */
const ADMIN = [
  rule(['create'], ['authorization.k8s.io'], ['localsubjectaccessreviews']),
  rule([...WRITE, ...READ].sort(), ['rbac.authorization.k8s.io'], ['rolebindings', 'roles']),
  ...EDIT,
];

/** The bootstrap ClusterRoles and ClusterRoleBindings, as written to every cluster. */
export const BOOTSTRAP_RBAC: readonly RbacObject[] = [
  clusterRole('cluster-admin', [rule(['*'], ['*'], ['*']), { verbs: ['*'], nonResourceURLs: ['*'] }]),
  clusterRole('admin', ADMIN),
  clusterRole('edit', EDIT),
  clusterRole('view', VIEW),
  clusterRole('system:basic-user', [
    rule(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
    rule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
  ]),
  clusterRole('system:discovery', [
    { verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'] },
  ]),
  groupBinding('cluster-admin', 'cluster-admin', MASTERS_GROUP),
  groupBinding('system:basic-user', 'system:basic-user', AUTHENTICATED_GROUP),
  groupBinding('system:discovery', 'system:discovery', AUTHENTICATED_GROUP),
];

/** Writes the bootstrap policy into a cluster's store. */
export function seedBootstrapRbac(store: ClusterStore): void {
  for (const o of BOOTSTRAP_RBAC) {
    const result = store.create(store.typeOf(o.kind), undefined, o);
    if (!result.ok) throw new Error(`bootstrap ${o.kind} "${o.metadata.name}": ${result.status.message}`);
  }
}
