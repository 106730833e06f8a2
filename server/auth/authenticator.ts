/**
 * Turns a credential into an identity. A credential is an access token (JWT), a single-use ticket,
 * or the `KUBEVISION_ADMIN_TOKEN`; it arrives as `?token=`, an `Authorization: Bearer` header, or the
 * subprotocol `base64url.bearer.kubevision.io.<base64url(token)>` (DESIGN §3).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { TOKEN_SUBPROTOCOL_PREFIX } from '../../src/core/protocol.js';
import type { Identity } from './roles.js';
import { MemoryRevocationList, type RevocationList } from '../store/revocations.js';
import type { TicketBackend } from './tickets.js';
import type { TokenService } from './tokens.js';

/** The identity behind `KUBEVISION_ADMIN_TOKEN`. */
export const ADMIN_TOKEN_IDENTITY: Identity = Object.freeze({ user: 'admin-token', role: 'admin', clusters: null, namespaces: null });

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The token of an `Authorization: Bearer` header, or null. */
export function bearerOf(headers: IncomingHttpHeaders): string | null {
  return /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1] ?? null;
}

/** Finds the credential of a request: Bearer header, token subprotocol, then `?token=`. */
export function credentialOf(headers: IncomingHttpHeaders, url: string | undefined): string | null {
  const bearer = bearerOf(headers);
  if (bearer) return bearer;
  const protocols = (headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  const carried = protocols.find((p) => p.startsWith(TOKEN_SUBPROTOCOL_PREFIX));
  if (carried) {
    try {
      return Buffer.from(carried.slice(TOKEN_SUBPROTOCOL_PREFIX.length), 'base64url').toString('utf8') || null;
    } catch {
      return null;
    }
  }
  const query = new URL(url ?? '/', 'http://gateway.invalid').searchParams.get('token');
  return query || null;
}

/** Validates credentials of every kind. */
export class Authenticator {
  constructor(
    private readonly tokens: TokenService,
    private readonly tickets: TicketBackend,
    private readonly adminToken: string | null,
    private readonly revocations: RevocationList = new MemoryRevocationList(),
  ) {}

  /** The identity of `credential`, or null when it is not valid (a ticket is used up by this call); throws StoreUnavailableError while Redis is down. */
  async identify(credential: string | null): Promise<Identity | null> {
    if (!credential) return null;
    if (this.adminToken && safeEqual(credential, this.adminToken)) return ADMIN_TOKEN_IDENTITY;
    if (credential.startsWith('kvt_')) return this.tickets.redeem(credential);
    const claims = await this.tokens.verifyClaims(credential);
    // A signed-out token stays refused until it expires (POST /api/v1/auth/logout).
    if (!claims || (claims.jti !== null && (await this.revocations.isRevoked(claims.jti)))) return null;
    return claims.identity;
  }
}
