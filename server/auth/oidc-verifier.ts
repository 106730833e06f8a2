/**
 * Verifies ID tokens of the configured OpenID Connect issuers with jose and the issuer's JWKS
 * (cached by jose), and maps their claims to an identity. Every refusal has a fixed message that
 * never repeats anything of the token.
 */
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { identityFromClaims } from './oidc-claims.js';
import type { OidcIssuerConfig } from './oidc-config.js';
import { DiscoveryCache, ISSUER_FETCH_TIMEOUT_MS, IssuerUnavailable, type Discovery } from './oidc-discovery.js';
import type { Identity } from './roles.js';

/** Asymmetric algorithms only: an HS256 token would be signed with the client secret, "none" with nothing. */
export const OIDC_ALGORITHMS = ['RS256', 'ES256'];

/** The result of checking an ID token: an identity, or the HTTP status and message of the refusal. */
export type OidcOutcome = { ok: true; identity: Identity } | { ok: false; status: 401 | 403 | 503; message: string };

/** What the login page needs to send a user to an issuer. */
export interface OidcProvider {
  name: string;
  issuer: string;
  clientId: string;
  authorizationEndpoint: string;
  tokenEndpoint: string | null;
}

/** The message of a 503: the issuer's keys could not be fetched. */
export const KEYS_UNAVAILABLE = "the issuer's signing keys cannot be fetched; try again later";

function refuse(status: 401 | 403 | 503, message: string): OidcOutcome {
  return { ok: false, status, message };
}

/** The fixed message for a jose verification error. */
function refusalOf(error: unknown): OidcOutcome {
  if (error instanceof IssuerUnavailable) return refuse(503, KEYS_UNAVAILABLE);
  if (error instanceof errors.JWTExpired) return refuse(401, 'the ID token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') return refuse(401, `the ID token has no "${error.claim}" claim`);
    if (error.claim === 'aud') return refuse(401, 'the ID token is for another audience');
    if (error.claim === 'nbf') return refuse(401, 'the ID token is not valid yet');
    return refuse(401, `the ID token's "${error.claim}" claim is not valid`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return refuse(401, "the ID token's signing algorithm is not allowed");
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return refuse(401, "the ID token's signature is not valid");
  }
  return refuse(401, 'the ID token is not a well-formed JWT');
}

/** One issuer: its config, discovery document and key set. */
class TrustedIssuer {
  readonly discovery: DiscoveryCache;
  private keys: JWTVerifyGetKey | null = null;

  constructor(readonly config: OidcIssuerConfig) {
    this.discovery = new DiscoveryCache(config.issuer);
  }

  /**
   * The key resolver. A failure to reach the key set becomes {@link IssuerUnavailable}; a key set
   * without the token's key stays jose's error, a bad signature and not an outage.
   */
  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    try {
      this.keys ??= createRemoteJWKSet(new URL(this.config.jwksUri ?? (await this.discovery.get()).jwksUri), { timeoutDuration: ISSUER_FETCH_TIMEOUT_MS });
      return await this.keys(header, token);
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys || error instanceof IssuerUnavailable) throw error;
      throw new IssuerUnavailable('the key set cannot be fetched', { cause: error });
    }
  };
}

/** Checks ID tokens against the configured issuers. */
export class OidcVerifier {
  private readonly issuers: Map<string, TrustedIssuer>;

  constructor(configs: readonly OidcIssuerConfig[]) {
    this.issuers = new Map(configs.map((c) => [c.issuer, new TrustedIssuer(c)]));
  }

  /** True when at least one issuer is configured. */
  get enabled(): boolean {
    return this.issuers.size > 0;
  }

  /** The issuers whose discovery documents could be fetched, for the login page. */
  async providers(): Promise<OidcProvider[]> {
    const found = await Promise.all(
      [...this.issuers.values()].map(async ({ config, discovery }) => {
        let doc: Discovery;
        try {
          doc = await discovery.get();
        } catch {
          return null;
        }
        return { name: config.name, issuer: config.issuer, clientId: config.audience, authorizationEndpoint: doc.authorizationEndpoint, tokenEndpoint: doc.tokenEndpoint };
      }),
    );
    return found.filter((p): p is OidcProvider => p !== null);
  }

  /** Verifies `idToken` (and its nonce when `nonce` is given) and maps it to an identity. */
  async verify(idToken: string, nonce?: string): Promise<OidcOutcome> {
    let unverified: JWTPayload;
    try {
      unverified = decodeJwt(idToken);
    } catch {
      return refuse(401, 'the ID token is not a well-formed JWT');
    }
    // The issuer is only a hint for which keys to check against; the signature and `iss` are verified below.
    const trusted = typeof unverified.iss === 'string' ? this.issuers.get(unverified.iss) : undefined;
    if (!trusted) return refuse(401, "the ID token's issuer is not configured");
    const { config } = trusted;
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(idToken, trusted.getKey, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: OIDC_ALGORITHMS,
        clockTolerance: config.clockSkewSeconds,
        requiredClaims: ['exp', 'iat', 'sub'],
      }));
    } catch (error) {
      return refusalOf(error);
    }
    // jose checks `iat` only against a maximum age; one in the future means a wrong clock or a forgery.
    if (typeof claims.iat === 'number' && claims.iat > Date.now() / 1000 + config.clockSkewSeconds) return refuse(401, 'the ID token is not valid yet');
    if (nonce !== undefined && claims.nonce !== nonce) return refuse(401, "the ID token's nonce does not match this sign-in");
    const identity = identityFromClaims(claims, config);
    if (identity === 'no-user') return refuse(401, `the ID token has no usable "${config.userClaim ?? 'email" or "sub'}" claim`);
    if (identity === 'no-role') return refuse(403, "no role is mapped to the user's groups");
    return { ok: true, identity };
  }
}
