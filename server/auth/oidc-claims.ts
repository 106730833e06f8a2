/** Turns the verified claims of an ID token into a gateway identity (user, role, limits). */
import type { JWTPayload } from 'jose';
import type { OidcIssuerConfig } from './oidc-config.js';
import { ROLES, type Identity, type Role } from './roles.js';

/** Why claims give no identity: no usable user name, or no role for the user's groups. */
export type ClaimsRefusal = 'no-user' | 'no-role';

/** Longest user name taken from a claim; it ends up in audit records and per-user counters. */
const MAX_USER_LENGTH = 256;

function userOf(claims: JWTPayload, issuer: OidcIssuerConfig): string | null {
  const value = issuer.userClaim === null ? (typeof claims.email === 'string' ? claims.email : claims.sub) : claims[issuer.userClaim];
  // Control characters would let a name forge lines in logs and recordings' metadata.
  if (typeof value !== 'string' || value === '' || value.length > MAX_USER_LENGTH || /\p{Cc}/u.test(value)) return null;
  return value;
}

/** Most groups carried into an access token (and towards clusters as Impersonate-Group); a token stays small. */
const MAX_GROUPS = 64;

/** A group a cluster can be told about: no control characters, and short. */
function isGroupName(group: string): boolean {
  return group !== '' && group.length <= MAX_USER_LENGTH && !/\p{Cc}/u.test(group);
}

function groupsOf(claims: JWTPayload, issuer: OidcIssuerConfig): string[] {
  const value = claims[issuer.groupsClaim];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string') : [];
}

/** The strongest role any of `groups` is mapped to, else the issuer's default role. */
export function roleFor(groups: readonly string[], issuer: OidcIssuerConfig): Role | null {
  const strongestFirst = [...ROLES].reverse();
  return strongestFirst.find((role) => issuer.roleMapping[role].some((g) => groups.includes(g))) ?? issuer.defaultRole;
}

/** The identity behind verified `claims`, or why there is none. */
export function identityFromClaims(claims: JWTPayload, issuer: OidcIssuerConfig): Identity | ClaimsRefusal {
  const user = userOf(claims, issuer);
  if (user === null) return 'no-user';
  const groups = groupsOf(claims, issuer);
  const role = roleFor(groups, issuer);
  if (role === null) return 'no-role';
  return { user, role, clusters: issuer.clusters, namespaces: issuer.namespaces, groups: groups.filter(isGroupName).slice(0, MAX_GROUPS) };
}
