/**
 * The `oidc` section of the gateway config: the OpenID Connect issuers whose ID tokens
 * `POST /api/v1/auth/oidc` exchanges for access tokens, and how their claims become a role.
 */
import { isRole, type Role } from './roles.js';

/** Groups that give each role; a user gets the strongest role any of their groups gives. */
export type RoleMapping = Record<Role, string[]>;

/** One trusted issuer. */
export interface OidcIssuerConfig {
  /** Shown on the login button ("Sign in with NAME"); default the issuer's host. */
  name: string;
  /** Exactly the `iss` of its ID tokens. */
  issuer: string;
  /** The client id the ID tokens are for (their `aud`). */
  audience: string;
  /** Where its signing keys are; null: `jwks_uri` of its discovery document. */
  jwksUri: string | null;
  /** Allowed clock difference for `exp`, `nbf` and `iat`. */
  clockSkewSeconds: number;
  /** The claim naming the user; null: `email` when the token has one, else `sub`. */
  userClaim: string | null;
  /** The claim listing the user's groups. */
  groupsClaim: string;
  roleMapping: RoleMapping;
  /** The role of a user none of whose groups is mapped; null: such a user is refused. */
  defaultRole: Role | null;
  /** Clusters every user of this issuer is limited to; null: all. */
  clusters: string[] | null;
  /** Namespaces every user of this issuer is limited to; null: all. */
  namespaces: string[] | null;
}

/** The whole `oidc` section. */
export interface OidcConfig {
  issuers: OidcIssuerConfig[];
}

function fail(path: string, message: string): never {
  throw new Error(`config ${path}: ${message}`);
}

function text(v: unknown, path: string): string {
  if (typeof v !== 'string' || v === '') fail(path, 'must be a non-empty string');
  return v;
}

function names(v: unknown, path: string): string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x !== '')) fail(path, 'must be a list of non-empty strings');
  return v;
}

/** An http(s) URL; plain http only on loopback, where nobody can tamper with the keys on the way. */
function secureUrl(v: unknown, path: string): string {
  const raw = text(v, path);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    fail(path, 'must be a URL');
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) fail(path, 'must be an https URL (http only on loopback)');
  return raw;
}

function parseRoleMapping(v: unknown, path: string): RoleMapping {
  const mapping: RoleMapping = { viewer: [], operator: [], admin: [] };
  if (v === undefined) return mapping;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'must be an object of role: [groups]');
  for (const [role, groups] of Object.entries(v)) {
    if (!isRole(role)) fail(`${path}.${role}`, 'is not a role (viewer, operator or admin)');
    mapping[role] = names(groups, `${path}.${role}`);
  }
  return mapping;
}

function parseIssuer(v: unknown, i: number): OidcIssuerConfig {
  const path = `oidc.issuers[${i}]`;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'must be an object');
  const o = v as Record<string, unknown>;
  const issuer = secureUrl(o.issuer, `${path}.issuer`);
  const skew = o.clockSkewSeconds ?? 60;
  if (typeof skew !== 'number' || !Number.isInteger(skew) || skew < 0 || skew > 600) fail(`${path}.clockSkewSeconds`, 'must be a whole number of seconds, 0-600');
  if (o.defaultRole !== undefined && !isRole(o.defaultRole)) fail(`${path}.defaultRole`, 'must be viewer, operator or admin');
  return {
    name: o.name === undefined ? new URL(issuer).host : text(o.name, `${path}.name`),
    issuer,
    audience: text(o.audience, `${path}.audience`),
    jwksUri: o.jwksUri === undefined ? null : secureUrl(o.jwksUri, `${path}.jwksUri`),
    clockSkewSeconds: skew,
    userClaim: o.userClaim === undefined ? null : text(o.userClaim, `${path}.userClaim`),
    groupsClaim: o.groupsClaim === undefined ? 'groups' : text(o.groupsClaim, `${path}.groupsClaim`),
    roleMapping: parseRoleMapping(o.roleMapping, `${path}.roleMapping`),
    defaultRole: isRole(o.defaultRole) ? o.defaultRole : null,
    clusters: o.clusters === undefined ? null : names(o.clusters, `${path}.clusters`),
    namespaces: o.namespaces === undefined ? null : names(o.namespaces, `${path}.namespaces`),
  };
}

/** Validates the `oidc` section; the error names the bad field. */
export function parseOidcConfig(v: unknown): OidcConfig {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail('oidc', 'must be an object');
  const issuers = (v as Record<string, unknown>).issuers ?? [];
  if (!Array.isArray(issuers)) fail('oidc.issuers', 'must be a list');
  const parsed = issuers.map(parseIssuer);
  const seen = new Set<string>();
  parsed.forEach((p, i) => {
    if (seen.has(p.issuer)) fail(`oidc.issuers[${i}].issuer`, 'is configured twice');
    seen.add(p.issuer);
  });
  return { issuers: parsed };
}
