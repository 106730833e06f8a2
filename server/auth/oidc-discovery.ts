/**
 * An issuer's discovery document (`/.well-known/openid-configuration`): where its keys, its
 * authorization endpoint and its token endpoint are. Fetched on first use and kept once fetched;
 * a failed fetch is forgotten, so the next use tries again.
 */

/** The parts of a discovery document the gateway uses. */
export interface Discovery {
  jwksUri: string;
  authorizationEndpoint: string;
  tokenEndpoint: string | null;
}

/** Thrown when the issuer's discovery document or keys cannot be had right now (a 503, not a 401). */
export class IssuerUnavailable extends Error {
  override readonly name = 'IssuerUnavailable';
}

/** How long a discovery or JWKS request may take. */
export const ISSUER_FETCH_TIMEOUT_MS = 5000;

async function fetchDiscovery(issuer: string): Promise<Discovery> {
  const url = `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
  let doc: Record<string, unknown>;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(ISSUER_FETCH_TIMEOUT_MS), redirect: 'error' });
    if (!response.ok) throw new IssuerUnavailable(`discovery answered ${response.status}`);
    doc = (await response.json()) as Record<string, unknown>;
  } catch (error) {
    throw error instanceof IssuerUnavailable ? error : new IssuerUnavailable('discovery failed', { cause: error });
  }
  // OpenID Connect Discovery §4.3: a document for another issuer must not be used.
  if (doc.issuer !== issuer || typeof doc.jwks_uri !== 'string' || typeof doc.authorization_endpoint !== 'string') {
    throw new IssuerUnavailable('discovery document does not describe this issuer');
  }
  return { jwksUri: doc.jwks_uri, authorizationEndpoint: doc.authorization_endpoint, tokenEndpoint: typeof doc.token_endpoint === 'string' ? doc.token_endpoint : null };
}

/** One issuer's discovery document, fetched once it is first needed. */
export class DiscoveryCache {
  private pending: Promise<Discovery> | null = null;

  constructor(private readonly issuer: string) {}

  /** The document; rejects with {@link IssuerUnavailable} when it cannot be fetched. */
  get(): Promise<Discovery> {
    this.pending ??= fetchDiscovery(this.issuer).catch((error: unknown) => {
      this.pending = null;
      throw error;
    });
    return this.pending;
  }
}
