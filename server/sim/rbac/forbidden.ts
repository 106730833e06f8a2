/**
 * The 403 kube-apiserver writes when authorization refuses a request (responsewriters.Forbidden
 * with apierrors.NewForbidden), word for word.
 */
import { status, type KubeStatus } from '../errors.js';
import type { RequestAttributes } from './request-attributes.js';
import type { UserInfo } from './user.js';

function refusal(user: UserInfo, a: RequestAttributes): string {
  if (a.kind === 'nonResource') return `User "${user.name}" cannot ${a.verb} path "${a.path}"`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return `User "${user.name}" cannot ${a.verb} resource "${resource}" in API group "${a.group}" ${scope}`;
}

/**
 * 403 Forbidden: `pods "web-1" is forbidden: User "alice" cannot get resource "pods/log" in API
 * group "" in the namespace "default"`, the authorizer's reason appended after a colon when it has one.
 */
export function forbidden(user: UserInfo, a: RequestAttributes, reason: string): KubeStatus {
  const text = reason ? `${refusal(user, a)}: ${reason}` : refusal(user, a);
  if (a.kind === 'nonResource') return status(403, 'Forbidden', `forbidden: ${text}`, {});
  const qualified = a.group ? `${a.resource}.${a.group}` : a.resource;
  const subject = a.name ? `${qualified} "${a.name}"` : qualified;
  const details = { ...(a.name ? { name: a.name } : {}), ...(a.group ? { group: a.group } : {}), kind: a.resource };
  return status(403, 'Forbidden', `${subject} is forbidden: ${text}`, details);
}
