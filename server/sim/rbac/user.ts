/** Who a request runs as, after authentication and impersonation, as kube-apiserver's user.Info. */

/** An authenticated (or impersonated) user. */
export interface UserInfo {
  readonly name: string;
  readonly groups: readonly string[];
  readonly uid?: string;
}

/** The group every authenticated user is in. */
export const AUTHENTICATED_GROUP = 'system:authenticated';

/** The privileged group: its members pass every authorization check, as kube-apiserver's first authorizer allows them. */
export const MASTERS_GROUP = 'system:masters';

/** The user name of the emulator's admin token, as kubeadm names its admin credential. */
export const ADMIN_USER = 'kubernetes-admin';

/** `groups` with `system:authenticated` appended unless present: the apiserver adds it to every authenticated user. */
export function withAuthenticated(groups: readonly string[]): string[] {
  return groups.includes(AUTHENTICATED_GROUP) ? [...groups] : [...groups, AUTHENTICATED_GROUP];
}

/** True for a member of `system:masters`. */
export function isPrivileged(user: UserInfo): boolean {
  return user.groups.includes(MASTERS_GROUP);
}
