/**
 * The emulator's front door for one request, in kube-apiserver's filter order: authenticate the
 * bearer token (401), apply impersonation (403), authorize every check of the request (403).
 */
import type { IncomingMessage } from 'node:http';
import { unauthorized, type KubeStatus } from '../errors.js';
import type { Authenticator } from './authenticate.js';
import { authorize } from './authorizer.js';
import { forbidden } from './forbidden.js';
import { impersonatedUser } from './impersonation.js';
import type { RbacPolicy } from './policy.js';
import { requestChecks } from './request-attributes.js';
import { isPrivileged, type UserInfo } from './user.js';

/**
 * The user `req` runs as when it may do what it asks on `path` (below the cluster, `/api/v1/pods`)
 * with `query`; otherwise the Status to answer.
 */
export function admit(req: IncomingMessage, path: string, query: URLSearchParams, authenticator: Authenticator, policy: RbacPolicy): UserInfo | KubeStatus {
  const caller = authenticator.authenticate(req.headers.authorization);
  if (!caller) return unauthorized();
  const user = impersonatedUser(req, caller, policy);
  if ('kind' in user) return user;
  // system:masters may do anything: skip building the attributes on the benchmarks' path.
  if (isPrivileged(user)) return user;
  for (const check of requestChecks(req.method ?? 'GET', path, query)) {
    const decision = authorize(policy, user, check);
    if (!decision.allowed) return forbidden(user, check, decision.reason);
  }
  return user;
}
