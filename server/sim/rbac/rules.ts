/**
 * RBAC's matching of one rule against a request and of one subject against a user, as
 * plugin/pkg/auth/authorizer/rbac (RuleAllows, appliesToUser) does it.
 */
import { isRecord } from '../object.js';
import type { RequestAttributes } from './request-attributes.js';
import type { UserInfo } from './user.js';

/** A PolicyRule of a Role or ClusterRole, with absent lists read as empty. */
export interface PolicyRule {
  readonly verbs: readonly string[];
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

/** A binding's subject. */
export interface Subject {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The rules of a stored Role or ClusterRole. */
export function rulesOf(role: Record<string, unknown>): PolicyRule[] {
  const rules = Array.isArray(role.rules) ? role.rules : [];
  return rules.filter(isRecord).map((r) => ({
    verbs: strings(r.verbs),
    apiGroups: strings(r.apiGroups),
    resources: strings(r.resources),
    resourceNames: strings(r.resourceNames),
    nonResourceURLs: strings(r.nonResourceURLs),
  }));
}

/** The subjects of a stored binding. */
export function subjectsOf(binding: Record<string, unknown>): Subject[] {
  const subjects = Array.isArray(binding.subjects) ? binding.subjects : [];
  return subjects.filter(isRecord).map((s) => ({
    kind: typeof s.kind === 'string' ? s.kind : '',
    name: typeof s.name === 'string' ? s.name : '',
    namespace: typeof s.namespace === 'string' ? s.namespace : '',
  }));
}

function has(list: readonly string[], wanted: string): boolean {
  return list.includes('*') || list.includes(wanted);
}

/** `pods`, `pods/log`, `*`, and `*\/log` for any resource's log. */
function resourceMatches(rule: PolicyRule, resource: string, subresource: string): boolean {
  const combined = subresource ? `${resource}/${subresource}` : resource;
  return rule.resources.some((r) => r === '*' || r === combined || (subresource !== '' && r === `*/${subresource}`));
}

/** `*`, an exact path, or a prefix written `/apis/*`. */
function urlMatches(rule: PolicyRule, path: string): boolean {
  return rule.nonResourceURLs.some((u) => u === '*' || u === path || (u.endsWith('*') && path.startsWith(u.slice(0, -1))));
}

/** True when `rule` allows the request. A rule with resourceNames never allows a request without a name (a list, a create). */
export function ruleAllows(attributes: RequestAttributes, rule: PolicyRule): boolean {
  if (!has(rule.verbs, attributes.verb)) return false;
  if (attributes.kind === 'nonResource') return urlMatches(rule, attributes.path);
  return (
    has(rule.apiGroups, attributes.group) &&
    resourceMatches(rule, attributes.resource, attributes.subresource) &&
    (rule.resourceNames.length === 0 || rule.resourceNames.includes(attributes.name))
  );
}

/** The user name of a service account, `system:serviceaccount:NS:NAME`. */
export function serviceAccountUser(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`;
}

/** True when `subject` names `user`; a ServiceAccount without a namespace is one of the binding's namespace. */
export function subjectApplies(subject: Subject, user: UserInfo, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return subject.name === user.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const namespace = subject.namespace || bindingNamespace;
      return namespace !== '' && user.name === serviceAccountUser(namespace, subject.name);
    }
    default:
      return false;
  }
}

/** How RBAC's reasons name a subject: `User "alice"`, `ServiceAccount "gw/kubevision"`. */
export function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount') return `${subject.kind} "${subject.name}/${subject.namespace || bindingNamespace}"`;
  return `${subject.kind} "${subject.name}"`;
}
