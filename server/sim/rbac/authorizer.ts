/**
 * The RBAC authorizer: ClusterRoleBindings grant their ClusterRole everywhere, RoleBindings grant
 * their Role or ClusterRole in their own namespace. Decisions and reasons are worded as
 * kube-apiserver's (`RBAC: allowed by RoleBinding "x/ns" of ClusterRole "view" to User "alice"`),
 * and members of system:masters are allowed before RBAC is asked, as the apiserver's first authorizer does.
 */
import { isRecord } from '../object.js';
import type { RbacObject, RbacPolicy } from './policy.js';
import type { RequestAttributes } from './request-attributes.js';
import { describeSubject, ruleAllows, rulesOf, subjectApplies, subjectsOf, type PolicyRule } from './rules.js';
import { isPrivileged, type UserInfo } from './user.js';

/** An authorization decision. */
export interface Decision {
  readonly allowed: boolean;
  /** Why: the allowing binding, or on a denial the evaluation errors (missing roles); may be "". */
  readonly reason: string;
}

/** The rules that apply to a user in a namespace (SelfSubjectRulesReview), with any evaluation errors. */
export interface UserRules {
  readonly rules: PolicyRule[];
  readonly errors: string[];
}

/** Every rule a user holds through one binding, or the error of a binding whose role is missing. */
interface Grant {
  readonly source: string;
  readonly rules: PolicyRule[] | null;
  readonly error?: string;
}

/** What the privileged group may do: everything, as the apiserver's privileged-group rule resolver reports it. */
const EVERYTHING: PolicyRule[] = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'], resourceNames: [], nonResourceURLs: [] },
  { verbs: ['*'], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: ['*'] },
];

function roleRules(policy: RbacPolicy, binding: RbacObject, namespace: string): { rules: PolicyRule[] } | { error: string } {
  const ref = isRecord(binding.roleRef) ? binding.roleRef : {};
  const name = typeof ref.name === 'string' ? ref.name : '';
  const role = ref.kind === 'Role' ? policy.role(namespace, name) : policy.clusterRole(name);
  if (!role) return { error: `${ref.kind === 'Role' ? 'role' : 'clusterrole'}.rbac.authorization.k8s.io "${name}" not found` };
  return { rules: rulesOf(role) };
}

/** The grants of the bindings that name the user: cluster-wide ones, then those of `namespace` (when not ""). */
function* grantsFor(policy: RbacPolicy, user: UserInfo, namespace: string): Generator<Grant> {
  const scopes: [string, readonly RbacObject[]][] = [['', policy.clusterRoleBindings()]];
  if (namespace) scopes.push([namespace, policy.roleBindings(namespace)]);
  for (const [scope, bindings] of scopes) {
    for (const binding of bindings) {
      const subject = subjectsOf(binding).find((s) => subjectApplies(s, user, scope));
      if (!subject) continue;
      const ref = isRecord(binding.roleRef) ? binding.roleRef : {};
      const label = scope ? `RoleBinding "${binding.metadata.name}/${scope}"` : `ClusterRoleBinding "${binding.metadata.name}"`;
      const source = `${label} of ${String(ref.kind)} "${String(ref.name)}" to ${describeSubject(subject, scope)}`;
      const found = roleRules(policy, binding, scope);
      yield 'rules' in found ? { source, rules: found.rules } : { source, rules: null, error: found.error };
    }
  }
}

/** Go's aggregate error text: one message alone, several deduplicated in brackets. */
function aggregate(errors: readonly string[]): string {
  const unique = [...new Set(errors)];
  return unique.length === 1 ? (unique[0] ?? '') : `[${unique.join(', ')}]`;
}

/** Decides one request. */
export function authorize(policy: RbacPolicy, user: UserInfo, attributes: RequestAttributes): Decision {
  if (isPrivileged(user)) return { allowed: true, reason: '' };
  const errors: string[] = [];
  const namespace = attributes.kind === 'resource' ? attributes.namespace : '';
  for (const grant of grantsFor(policy, user, namespace)) {
    if (grant.error) errors.push(grant.error);
    if (grant.rules?.some((rule) => ruleAllows(attributes, rule))) return { allowed: true, reason: `RBAC: allowed by ${grant.source}` };
  }
  return { allowed: false, reason: errors.length > 0 ? `RBAC: ${aggregate(errors)}` : '' };
}

/** Every rule the user holds in `namespace`, cluster-wide ones included. */
export function rulesFor(policy: RbacPolicy, user: UserInfo, namespace: string): UserRules {
  const rules: PolicyRule[] = isPrivileged(user) ? [...EVERYTHING] : [];
  const errors: string[] = [];
  for (const grant of grantsFor(policy, user, namespace)) {
    if (grant.error) errors.push(grant.error);
    rules.push(...(grant.rules ?? []));
  }
  return { rules, errors };
}

/** The evaluation errors as a SubjectAccessReview's `evaluationError` reports them. */
export function evaluationError(errors: readonly string[]): string {
  return errors.length > 0 ? aggregate(errors) : '';
}
