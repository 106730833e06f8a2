/**
 * Impersonation as kube-apiserver's WithImpersonation filter does it: `Impersonate-User` (a
 * `system:serviceaccount:NS:NAME` user is a service account), repeated `Impersonate-Group` and
 * `Impersonate-Uid`, each allowed only when the caller may `impersonate` that user, group or uid.
 * The request then runs as the impersonated user alone, with `system:authenticated` added.
 */
import type { IncomingMessage } from 'node:http';
import { badRequest, type KubeStatus } from '../errors.js';
import { authorize } from './authorizer.js';
import { forbidden } from './forbidden.js';
import type { RbacPolicy } from './policy.js';
import type { ResourceAttributes } from './request-attributes.js';
import { withAuthenticated, type UserInfo } from './user.js';

const SERVICE_ACCOUNT = /^system:serviceaccount:([^:]+):([^:]+)$/;

function impersonate(resource: string, name: string, namespace = '', group = ''): ResourceAttributes {
  return { kind: 'resource', verb: 'impersonate', group, version: 'v1', resource, subresource: '', namespace, name };
}

/**
 * The user a request runs as: the caller itself without impersonation headers, the impersonated
 * user when every impersonation is allowed, else the Status that refuses it (403, or 400 for groups
 * or a uid without a user).
 */
export function impersonatedUser(req: IncomingMessage, caller: UserInfo, policy: RbacPolicy): UserInfo | KubeStatus {
  // headersDistinct keeps repeated Impersonate-Group headers apart; req.headers would join them with commas.
  const headers = req.headersDistinct;
  const name = headers['impersonate-user']?.[0];
  const groupHeaders = headers['impersonate-group'] ?? [];
  const uid = headers['impersonate-uid']?.[0];
  if (name === undefined) {
    return groupHeaders.length > 0 || uid !== undefined ? badRequest('requested impersonation of groups or a uid without impersonating a user') : caller;
  }
  const sa = SERVICE_ACCOUNT.exec(name);
  const checks = [sa ? impersonate('serviceaccounts', sa[2] ?? '', sa[1] ?? '') : impersonate('users', name), ...groupHeaders.map((g) => impersonate('groups', g))];
  if (uid !== undefined) checks.push(impersonate('uids', uid, '', 'authentication.k8s.io'));
  for (const check of checks) {
    const decision = authorize(policy, caller, check);
    if (!decision.allowed) return forbidden(caller, check, decision.reason);
  }
  // A service account impersonated without groups gets its own, as its token would carry them.
  const groups = sa && groupHeaders.length === 0 ? ['system:serviceaccounts', `system:serviceaccounts:${sa[1] ?? ''}`] : groupHeaders;
  return { name, groups: withAuthenticated(groups), ...(uid !== undefined ? { uid } : {}) };
}
