/**
 * Where the authorizer reads RBAC objects from: a cluster's store (what kubectl wrote plus the
 * bootstrap policy), or a fixed set of objects for the documents served outside any cluster.
 */
import type { ClusterStore } from '../store.js';

/** The part of a stored (or bootstrap) RBAC object the authorizer reads. */
export interface RbacObject {
  readonly kind: string;
  readonly metadata: { readonly name: string };
  readonly [field: string]: unknown;
}

/** The RBAC objects of one cluster. */
export interface RbacPolicy {
  clusterRoleBindings(): readonly RbacObject[];
  /** The RoleBindings of one namespace. */
  roleBindings(namespace: string): readonly RbacObject[];
  clusterRole(name: string): RbacObject | undefined;
  role(namespace: string, name: string): RbacObject | undefined;
}

/** The policy stored in a cluster, read afresh on every check so that a new binding counts at once. */
export function storePolicy(store: ClusterStore): RbacPolicy {
  const types = {
    role: store.typeOf('Role'),
    roleBinding: store.typeOf('RoleBinding'),
    clusterRole: store.typeOf('ClusterRole'),
    clusterRoleBinding: store.typeOf('ClusterRoleBinding'),
  };
  return {
    clusterRoleBindings: () => store.list(types.clusterRoleBinding),
    roleBindings: (namespace) => store.list(types.roleBinding, namespace),
    clusterRole: (name) => store.get(types.clusterRole, undefined, name),
    role: (namespace, name) => store.get(types.role, namespace, name),
  };
}

/** A policy of fixed objects (cluster-scoped ones only). */
export function fixedPolicy(objects: readonly RbacObject[]): RbacPolicy {
  const bindings = objects.filter((o) => o.kind === 'ClusterRoleBinding');
  const roles = new Map(objects.filter((o) => o.kind === 'ClusterRole').map((o) => [o.metadata.name, o]));
  return {
    clusterRoleBindings: () => bindings,
    roleBindings: () => [],
    clusterRole: (name) => roles.get(name),
    role: () => undefined,
  };
}
