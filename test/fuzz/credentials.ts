/**
 * Puts a case's credential where the case says (Bearer header, `?token=`, token subprotocol), and
 * renders query pairs; the tokens come from the gateway child and are never part of a case.
 */
import { SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX } from '../../src/core/protocol.ts';
import type { Credential, CredentialPlace, QueryPair } from './cases.ts';
import type { GatewayUnderTest } from './gateway-child.ts';

/** Where a socket's credential went. */
export interface SocketAuth {
  readonly headers: Record<string, string>;
  readonly protocols: string[];
  readonly query: QueryPair[];
}

/** The token of a credential kind; `garbage` is a string that is no token, `none` nothing. */
export function tokenOf(gateway: GatewayUnderTest, credential: Credential): string | null {
  switch (credential) {
    case 'admin':
      return gateway.adminToken;
    case 'garbage':
      return 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.';
    case 'none':
      return null;
    default:
      return gateway.tokens[credential];
  }
}

/** The socket credential of a case. */
export function socketAuth(gateway: GatewayUnderTest, credential: Credential, place: CredentialPlace): SocketAuth {
  const token = tokenOf(gateway, credential);
  if (token === null) return { headers: {}, protocols: [], query: [] };
  if (place === 'bearer') return { headers: { authorization: `Bearer ${token}` }, protocols: [], query: [] };
  if (place === 'subprotocol') return { headers: {}, protocols: [SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${Buffer.from(token).toString('base64url')}`], query: [] };
  return { headers: {}, protocols: [], query: [{ name: 'token', raw: encodeURIComponent(token) }] };
}

/** `?a=1&b=2` from raw pairs (an empty list gives ''). */
export function queryString(pairs: readonly QueryPair[]): string {
  return pairs.length === 0 ? '' : `?${pairs.map((p) => `${p.name}=${p.raw}`).join('&')}`;
}
