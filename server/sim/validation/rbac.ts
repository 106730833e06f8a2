/**
 * kube-apiserver's validation of Role, ClusterRole, RoleBinding and ClusterRoleBinding
 * (pkg/apis/rbac/validation), in its wording.
 */
import { isRecord, type StoredObject } from '../object.js';
import { invalidValue, list, present, rec, required, unsupported, type FieldCause } from './fields.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

function ruleCauses(rule: unknown, path: string, namespaced: boolean): FieldCause[] {
  const causes: FieldCause[] = [];
  if (list(rule, 'verbs').length === 0) causes.push(required(`${path}.verbs`, 'verbs must contain at least one value'));
  const urls = list(rule, 'nonResourceURLs');
  if (urls.length > 0) {
    if (namespaced) causes.push(invalidValue(`${path}.nonResourceURLs`, urls.join(','), 'namespaced rules cannot apply to non-resource URLs'));
    if (list(rule, 'apiGroups').length > 0 || list(rule, 'resources').length > 0 || list(rule, 'resourceNames').length > 0) {
      causes.push(invalidValue(`${path}.nonResourceURLs`, urls.join(','), 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return causes;
  }
  if (list(rule, 'apiGroups').length === 0) causes.push(required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  if (list(rule, 'resources').length === 0) causes.push(required(`${path}.resources`, 'resource rules must supply at least one resource'));
  return causes;
}

function rolesCauses(o: StoredObject, namespaced: boolean): FieldCause[] {
  // An aggregated ClusterRole gets its rules from the controller, so it may be written without any.
  return list(o, 'rules').flatMap((rule, i) => ruleCauses(rule, `rules[${i}]`, namespaced));
}

function subjectCauses(subject: unknown, path: string, clusterScoped: boolean): FieldCause[] {
  const s = isRecord(subject) ? subject : {};
  const causes: FieldCause[] = [];
  if (!present(s.name)) causes.push(required(`${path}.name`));
  if (s.kind === 'ServiceAccount') {
    if (present(s.apiGroup)) causes.push(unsupported(`${path}.apiGroup`, s.apiGroup, ['']));
    if (clusterScoped && !present(s.namespace)) causes.push(required(`${path}.namespace`));
  } else if (s.kind === 'User' || s.kind === 'Group') {
    if (s.apiGroup !== RBAC_GROUP) causes.push(unsupported(`${path}.apiGroup`, s.apiGroup, [RBAC_GROUP]));
  } else {
    causes.push(unsupported(`${path}.kind`, s.kind, ['ServiceAccount', 'User', 'Group']));
  }
  return causes;
}

function bindingCauses(o: StoredObject, previous: StoredObject | undefined, clusterScoped: boolean): FieldCause[] {
  const roleRef = rec(o, 'roleRef');
  const kinds = clusterScoped ? ['ClusterRole'] : ['Role', 'ClusterRole'];
  const causes: FieldCause[] = [];
  if (roleRef.apiGroup !== RBAC_GROUP) causes.push(unsupported('roleRef.apiGroup', roleRef.apiGroup, [RBAC_GROUP]));
  if (typeof roleRef.kind !== 'string' || !kinds.includes(roleRef.kind)) causes.push(unsupported('roleRef.kind', roleRef.kind, kinds));
  if (!present(roleRef.name)) causes.push(required('roleRef.name'));
  causes.push(...list(o, 'subjects').flatMap((s, i) => subjectCauses(s, `subjects[${i}]`, clusterScoped)));
  if (previous) {
    const before = rec(previous, 'roleRef');
    if (before.apiGroup !== roleRef.apiGroup || before.kind !== roleRef.kind || before.name !== roleRef.name) {
      causes.push(invalidValue('roleRef', `${String(roleRef.kind)}/${String(roleRef.name)}`, 'cannot change roleRef'));
    }
  }
  return causes;
}

/** The causes that make an RBAC object invalid; empty when it is valid or not an RBAC kind. */
export function rbacCauses(o: StoredObject, previous: StoredObject | undefined): FieldCause[] {
  switch (o.kind) {
    case 'Role':
      return rolesCauses(o, true);
    case 'ClusterRole':
      return rolesCauses(o, false);
    case 'RoleBinding':
      return bindingCauses(o, previous, false);
    case 'ClusterRoleBinding':
      return bindingCauses(o, previous, true);
    default:
      return [];
  }
}

/**
 * RBAC objects are named by path segment, not DNS rules, so `system:kube-scheduler` is a valid
 * ClusterRole name: the apiserver's words for a name it refuses, or null.
 */
export function rbacNameError(name: string): string | null {
  if (name === '.' || name === '..') return `may not be '${name}'`;
  for (const c of ['/', '%']) if (name.includes(c)) return `may not contain '${c}'`;
  return null;
}
