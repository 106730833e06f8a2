/**
 * Credentials that must not work, made the way an attacker or a clock would make them: expired,
 * forged (payload changed, signature kept), signed with another key, tickets of another gateway.
 */
import { randomBytes } from 'node:crypto';
import type { Identity } from '../../server/auth/roles.ts';
import { TicketStore } from '../../server/auth/tickets.ts';
import { SignJWT } from 'jose';
import { TOKEN_ISSUER, TokenService } from '../../server/auth/tokens.ts';

/** A token for `identity` signed with the gateway's key but expired a minute ago. */
export async function expiredToken(secret: Uint8Array, identity: Identity): Promise<string> {
  return (await new TokenService(secret, -60).issue(identity)).token;
}

/**
 * A token signed with the gateway's own key whose namespace limit is a bare string instead of a
 * list: what a bug in an issuer would make. Read as "no limit" it would open every namespace.
 */
export async function malformedLimitsToken(secret: Uint8Array, user: string): Promise<string> {
  return new SignJWT({ role: 'viewer', clusters: null, namespaces: 'shop' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user)
    .setIssuer(TOKEN_ISSUER)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(secret);
}

/** `token` with its payload changed by `change` and its header and signature kept. */
export function forgedToken(token: string, change: (payload: Record<string, unknown>) => void): string {
  const [header, payload, signature] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined) throw new Error('not a JWT');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  change(claims);
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}

/** `token`'s claims with `"alg": "none"` and no signature: a JWT that signs nothing. */
export function unsignedToken(token: string): string {
  const payload = token.split('.')[1] ?? '';
  return [Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url'), payload, ''].join('.');
}

/** A well-formed, unexpired token for `identity` signed with a key the gateway does not have. */
export async function wrongSecretToken(identity: Identity): Promise<string> {
  return (await new TokenService(randomBytes(32), 3600).issue(identity)).token;
}

/** A real ticket, issued by a ticket store the gateway does not share (another gateway's). */
export function foreignTicket(identity: Identity): string {
  return new TicketStore().issue(identity);
}

/**
 * `value` with one character near its end replaced: the same shape, not the same credential (not the
 * last character, whose low bits base64 decoders may ignore).
 */
export function tampered(value: string): string {
  const i = value.length - 5;
  return value.slice(0, i) + (value[i] === 'A' ? 'B' : 'A') + value.slice(i + 1);
}
