/**
 * Roles and scopes (DESIGN §8): viewer reads, watches and streams logs; operator adds terminals and
 * writes; admin adds the audit API. A user may also be limited to some clusters and namespaces.
 */

/** The three roles, weakest first. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;

/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/** Who is calling, with the clusters and namespaces they are limited to (null: all). */
export interface Identity {
  readonly user: string;
  readonly role: Role;
  readonly clusters: readonly string[] | null;
  readonly namespaces: readonly string[] | null;
}

/** What a request wants to do. */
export type Permission = 'read' | 'write' | 'terminal' | 'audit';

const NEEDS: Record<Permission, Role> = { read: 'viewer', write: 'operator', terminal: 'operator', audit: 'admin' };

/** True when `role` is at least `minimum`. */
export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}

/**
 * True when the identity may do `permission` in `cluster` / `namespace`. A namespace of "" (all
 * namespaces) is allowed only to users without a namespace limit.
 */
export function allows(identity: Identity, permission: Permission, cluster?: string, namespace?: string): boolean {
  if (!roleAtLeast(identity.role, NEEDS[permission])) return false;
  if (cluster !== undefined && identity.clusters && !identity.clusters.includes(cluster)) return false;
  if (namespace !== undefined && identity.namespaces && !identity.namespaces.includes(namespace)) return false;
  return true;
}

/** True for a string naming a role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
