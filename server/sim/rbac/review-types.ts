/**
 * The review resources of authorization.k8s.io and authentication.k8s.io: create-only, never
 * stored, listed in discovery so that `kubectl auth can-i` and `kubectl auth whoami` find them.
 */

/** One review resource. */
export interface ReviewType {
  readonly group: 'authorization.k8s.io' | 'authentication.k8s.io';
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

/** The review resources served, in discovery order. */
export const REVIEW_TYPES: readonly ReviewType[] = [
  { group: 'authentication.k8s.io', plural: 'selfsubjectreviews', kind: 'SelfSubjectReview', namespaced: false },
  { group: 'authorization.k8s.io', plural: 'localsubjectaccessreviews', kind: 'LocalSubjectAccessReview', namespaced: true },
  { group: 'authorization.k8s.io', plural: 'selfsubjectaccessreviews', kind: 'SelfSubjectAccessReview', namespaced: false },
  { group: 'authorization.k8s.io', plural: 'selfsubjectrulesreviews', kind: 'SelfSubjectRulesReview', namespaced: false },
  { group: 'authorization.k8s.io', plural: 'subjectaccessreviews', kind: 'SubjectAccessReview', namespaced: false },
];

/** A review request's type and (for a local review) namespace. */
export interface ReviewRoute {
  readonly type: ReviewType;
  readonly namespace: string;
}

/** The review at `/apis/GROUP/v1/<rest>`, or null when `rest` names none. */
export function reviewRoute(group: string, version: string, rest: readonly string[]): ReviewRoute | null {
  if (version !== 'v1') return null;
  const [first, second, third, ...more] = rest;
  const namespaced = first === 'namespaces' && second !== undefined;
  const plural = namespaced ? third : first;
  if (more.length > 0 || (namespaced ? false : second !== undefined)) return null;
  const type = REVIEW_TYPES.find((t) => t.group === group && t.plural === plural && t.namespaced === namespaced);
  return type ? { type, namespace: namespaced ? (second ?? '') : '' } : null;
}
