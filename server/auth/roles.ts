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
  /** Groups the user belongs to (config, or the ID token's groups claim); clusters in `impersonate` mode see them. */
  readonly groups?: readonly string[];
  /** The id of the sign-in (the access token's `jti`) that per-session state such as passthrough cluster tokens hangs on. */
  readonly session?: string | null;
}

function isNameList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((x) => typeof x === 'string');
}

/**
 * The identity a token's or a stored ticket's claims describe, or null when any field is malformed:
 * a limit that is not a list of names read as "no limit" would open everything, so it fails closed.
 */
export function identityFromClaims(v: Record<string, unknown>, user: unknown): Identity | null {
  const { role, clusters, namespaces, groups, session } = v;
  if (typeof user !== 'string' || !isRole(role)) return null;
  if ((clusters !== null && !isNameList(clusters)) || (namespaces !== null && !isNameList(namespaces))) return null;
  if (groups !== undefined && !isNameList(groups)) return null;
  if (session !== undefined && session !== null && typeof session !== 'string') return null;
  return { user, role, clusters, namespaces, ...(groups ? { groups } : {}), ...(typeof session === 'string' ? { session } : {}) };
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
