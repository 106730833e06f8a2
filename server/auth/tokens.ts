/** Signed, short-lived access tokens (HS256 JWTs with jose) carrying the identity. */
import { SignJWT, jwtVerify } from 'jose';
import { isRole, type Identity } from './roles.js';

const ISSUER = 'kubevision-gateway';

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
    const token = await new SignJWT({ role: identity.role, clusters: identity.clusters, namespaces: identity.namespaces })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(identity.user)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt / 1000))
      .sign(this.key);
    return { token, expiresAt };
  }

  /** The identity of a valid token, or null for anything else (bad signature, expired, malformed). */
  async verify(token: string): Promise<Identity | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ['HS256'] });
      if (typeof payload.sub !== 'string' || !isRole(payload.role)) return null;
      const list = (v: unknown): string[] | null => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : null);
      return { user: payload.sub, role: payload.role, clusters: list(payload.clusters), namespaces: list(payload.namespaces) };
    } catch {
      return null;
    }
  }
}
