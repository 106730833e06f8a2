/** Signed, short-lived access tokens (HS256 JWTs with jose) carrying the identity. */
import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { identityFromClaims, type Identity } from './roles.js';

/** The `iss` of every access token. */
export const TOKEN_ISSUER = 'kubevision-gateway';

/** Shortest `KUBEVISION_TOKEN_SECRET` accepted: HS256 wants at least 256 bits of key. */
export const MIN_SECRET_LENGTH = 32;

/**
 * The signing key from `KUBEVISION_TOKEN_SECRET`, so that replicas accept each other's tokens and a
 * restart signs nobody out; `null` when unset (then each process draws a random key). A short secret
 * is refused without echoing it.
 */
export function tokenSecretFromEnv(value: string | undefined): Uint8Array | null {
  if (value === undefined || value === '') return null;
  if (value.length < MIN_SECRET_LENGTH) throw new Error(`KUBEVISION_TOKEN_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
  return new TextEncoder().encode(value);
}

/** What a valid token says: its identity, and the id and expiry a sign-out revokes. */
export interface TokenClaims {
  identity: Identity;
  /** The token's `jti`; null for a token issued before tokens carried one. */
  jti: string | null;
  /** Expiry, epoch ms. */
  expiresAt: number;
}

/** Issues and verifies access tokens with one secret. */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(
    secret: Uint8Array,
    private readonly ttlSeconds: number,
  ) {
    this.key = secret;
  }

  /** A token for `identity`, valid `ttlSeconds`; returns it with its expiry (epoch ms). */
  async issue(identity: Identity): Promise<{ token: string; expiresAt: number }> {
    const expiresAt = Date.now() + this.ttlSeconds * 1000;
    const token = await new SignJWT({ role: identity.role, clusters: identity.clusters, namespaces: identity.namespaces, ...(identity.groups ? { groups: identity.groups } : {}) })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(identity.user)
      .setIssuer(TOKEN_ISSUER)
      .setIssuedAt()
      // The id a sign-out revokes (DESIGN §3), so one token can be refused without changing the key.
      .setJti(randomUUID())
      .setExpirationTime(Math.floor(expiresAt / 1000))
      .sign(this.key);
    return { token, expiresAt };
  }

  /** The identity of a valid token, or null for anything else (bad signature, expired, malformed). */
  async verify(token: string): Promise<Identity | null> {
    return (await this.verifyClaims(token))?.identity ?? null;
  }

  /** The claims of a valid token, or null for anything else. */
  async verifyClaims(token: string): Promise<TokenClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: TOKEN_ISSUER, algorithms: ['HS256'] });
      const jti = typeof payload.jti === 'string' ? payload.jti : null;
      // The session is the token's own id: set after the spread, a claim named "session" cannot stand.
      const identity = identityFromClaims({ ...payload, session: jti }, payload.sub);
      return identity ? { identity, jti, expiresAt: (payload.exp ?? 0) * 1000 } : null;
    } catch {
      return null;
    }
  }
}
