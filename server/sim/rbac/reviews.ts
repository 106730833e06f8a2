/**
 * The access and identity reviews kube-apiserver answers without storing anything:
 * SelfSubjectAccessReview, SelfSubjectRulesReview, SubjectAccessReview, LocalSubjectAccessReview
 * and SelfSubjectReview. Each answers 201 with the posted object and its status.
 */
import { badRequest, isKubeStatus, status, type KubeStatus } from '../errors.js';
import { isRecord } from '../object.js';
import { authorize, evaluationError, rulesFor } from './authorizer.js';
import type { RbacPolicy } from './policy.js';
import type { RequestAttributes } from './request-attributes.js';
import type { ReviewRoute } from './review-types.js';
import type { PolicyRule } from './rules.js';
import type { UserInfo } from './user.js';

/** A review's answer. */
export interface ReviewAnswer {
  readonly code: 201;
  readonly body: Record<string, unknown>;
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function invalid(kind: string, field: string, value: string, message: string): KubeStatus {
  return status(422, 'Invalid', `${kind}.authorization.k8s.io "" is invalid: ${field}: Invalid value: ${value}: ${message}`, {
    group: 'authorization.k8s.io',
    kind,
    causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: ${value}: ${message}`, field }],
  });
}

/** The attributes a review's spec asks about, or the 422 when it names neither or both kinds. */
function specAttributes(kind: string, spec: Record<string, unknown>): RequestAttributes | KubeStatus {
  const r = spec.resourceAttributes;
  const n = spec.nonResourceAttributes;
  if (isRecord(r) && isRecord(n)) return invalid(kind, 'spec.nonResourceAttributes', JSON.stringify(JSON.stringify(n)), 'cannot be specified in combination with resourceAttributes');
  if (isRecord(n)) return { kind: 'nonResource', verb: text(n.verb), path: text(n.path) };
  if (!isRecord(r)) return invalid(kind, 'spec.resourceAttributes', '"null"', 'exactly one of nonResourceAttributes or resourceAttributes must be specified');
  return {
    kind: 'resource',
    verb: text(r.verb),
    group: text(r.group),
    version: text(r.version),
    resource: text(r.resource),
    subresource: text(r.subresource),
    namespace: text(r.namespace),
    name: text(r.name),
  };
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The user a (Local)SubjectAccessReview asks about: exactly as given, no `system:authenticated` added. */
function reviewedUser(kind: string, spec: Record<string, unknown>): UserInfo | KubeStatus {
  const name = text(spec.user);
  const groups = strings(spec.groups);
  if (name === '' && groups.length === 0) return invalid(kind, 'spec.user', '""', 'at least one of user or group must be specified');
  return { name, groups, ...(text(spec.uid) ? { uid: text(spec.uid) } : {}) };
}

function accessReview(kind: string, spec: Record<string, unknown>, user: UserInfo, policy: RbacPolicy): Record<string, unknown> | KubeStatus {
  const attributes = specAttributes(kind, spec);
  if (attributes.kind === 'Status') return attributes;
  const decision = authorize(policy, user, attributes);
  return { allowed: decision.allowed, ...(decision.reason ? { reason: decision.reason } : {}) };
}

function resourceRule(r: PolicyRule): Record<string, string[]> {
  return {
    verbs: [...r.verbs],
    ...(r.apiGroups.length ? { apiGroups: [...r.apiGroups] } : {}),
    ...(r.resources.length ? { resources: [...r.resources] } : {}),
    ...(r.resourceNames.length ? { resourceNames: [...r.resourceNames] } : {}),
  };
}

function rulesReview(spec: Record<string, unknown>, user: UserInfo, policy: RbacPolicy): Record<string, unknown> | KubeStatus {
  const namespace = text(spec.namespace);
  if (namespace === '') return badRequest('no namespace on request');
  const { rules, errors } = rulesFor(policy, user, namespace);
  return {
    resourceRules: rules.filter((r) => r.resources.length > 0).map(resourceRule),
    nonResourceRules: rules.filter((r) => r.nonResourceURLs.length > 0).map((r) => ({ verbs: [...r.verbs], nonResourceURLs: [...r.nonResourceURLs] })),
    incomplete: errors.length > 0,
    ...(errors.length > 0 ? { evaluationError: evaluationError(errors) } : {}),
  };
}

function userInfo(user: UserInfo): Record<string, unknown> {
  return { username: user.name, ...(user.uid ? { uid: user.uid } : {}), groups: [...user.groups] };
}

function reviewStatus(route: ReviewRoute, spec: Record<string, unknown>, user: UserInfo, policy: RbacPolicy): Record<string, unknown> | KubeStatus {
  const kind = route.type.kind;
  switch (kind) {
    case 'SelfSubjectReview':
      return { userInfo: userInfo(user) };
    case 'SelfSubjectAccessReview':
      return accessReview(kind, spec, user, policy);
    case 'SelfSubjectRulesReview':
      return rulesReview(spec, user, policy);
    default: {
      const reviewed = reviewedUser(kind, spec);
      if ('kind' in reviewed) return reviewed;
      if (kind === 'LocalSubjectAccessReview') {
        const r = isRecord(spec.resourceAttributes) ? spec.resourceAttributes : null;
        if (isRecord(spec.nonResourceAttributes)) return invalid(kind, 'spec.nonResourceAttributes', JSON.stringify(JSON.stringify(spec.nonResourceAttributes)), 'disallowed on this kind of request');
        if (r && text(r.namespace) !== route.namespace) return invalid(kind, 'spec.resourceAttributes.namespace', JSON.stringify(text(r.namespace)), 'must match metadata.namespace');
      }
      return accessReview(kind, spec, reviewed, policy);
    }
  }
}

/** Answers a posted review as `user` (the requester, after impersonation). */
export function serveReview(route: ReviewRoute, body: unknown, user: UserInfo, policy: RbacPolicy): ReviewAnswer | KubeStatus {
  const input = isRecord(body) ? body : {};
  const spec = isRecord(input.spec) ? input.spec : {};
  const result = reviewStatus(route, spec, user, policy);
  if (isKubeStatus(result)) return result;
  const metadata = { ...(isRecord(input.metadata) ? input.metadata : {}), creationTimestamp: null, ...(route.namespace ? { namespace: route.namespace } : {}) };
  const apiVersion = `${route.type.group}/v1`;
  return { code: 201, body: { kind: route.type.kind, apiVersion, metadata, ...(route.type.kind === 'SelfSubjectReview' ? {} : { spec }), status: result } };
}
