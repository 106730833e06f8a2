/**
 * OpenID Connect sign-in in the page: authorization code with PKCE (S256) for a public client.
 * `startOidcSignIn` sends the browser to the issuer with a fresh state, nonce and code challenge
 * kept in sessionStorage; back on the page, `finishOidcSignIn` checks the state, redeems the code
 * with the verifier at the issuer's token endpoint and exchanges the ID token at the gateway.
 */
import type { OidcProvider } from '../../server/auth/oidc-verifier.js';
import { oidcSignIn } from '../api.js';
import type { Session } from './session.js';

/** What survives the round trip through the issuer; in sessionStorage, so only this tab has it. */
interface PendingSignIn {
  provider: OidcProvider;
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
}

const PENDING_KEY = 'kubevision-demo-oidc';

function randomText(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return base64url(bytes);
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function readPending(): PendingSignIn | null {
  try {
    return JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as PendingSignIn | null;
  } catch {
    return null;
  }
}

/** The page itself, without query or hash: the issuer sends the browser back here. */
function redirectUri(): string {
  return `${location.origin}${location.pathname}`;
}

/** Sends the browser to `provider` to sign in. */
export async function startOidcSignIn(provider: OidcProvider): Promise<void> {
  const pending: PendingSignIn = { provider, state: randomText(), nonce: randomText(), verifier: randomText(), redirectUri: redirectUri() };
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(pending.verifier))));
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const target = new URL(provider.authorizationEndpoint);
  for (const [key, value] of Object.entries({
    response_type: 'code',
    client_id: provider.clientId,
    redirect_uri: pending.redirectUri,
    scope: 'openid email profile',
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  })) {
    target.searchParams.set(key, value);
  }
  location.assign(target.toString());
}

/** True when this page load is the issuer sending the browser back (a code or an error, and a state). */
export function isOidcCallback(): boolean {
  const q = new URLSearchParams(location.search);
  return q.has('state') && (q.has('code') || q.has('error'));
}

async function redeem(pending: PendingSignIn, code: string): Promise<string> {
  if (!pending.provider.tokenEndpoint) throw new Error(`${pending.provider.name} has no token endpoint`);
  const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: pending.redirectUri, client_id: pending.provider.clientId, code_verifier: pending.verifier });
  const response = await fetch(pending.provider.tokenEndpoint, { method: 'POST', body: form });
  const body = (await response.json().catch(() => null)) as { id_token?: unknown; error?: unknown } | null;
  if (!response.ok || typeof body?.id_token !== 'string') throw new Error(`${pending.provider.name} did not issue an ID token (${typeof body?.error === 'string' ? body.error : response.status})`);
  return body.id_token;
}

let finishing: Promise<Session> | null = null;

/**
 * Completes a sign-in on the callback page load, once however often it is called (React's strict
 * mode runs effects twice, and the second run would find the state already used).
 */
export function finishOidcSignIn(): Promise<Session> {
  finishing ??= finish();
  return finishing;
}

/** The query (code, state) is removed from the address at once, so a reload or a shared link never replays it. */
async function finish(): Promise<Session> {
  const q = new URLSearchParams(location.search);
  const pending = readPending();
  sessionStorage.removeItem(PENDING_KEY);
  history.replaceState(null, '', `${location.pathname}${location.hash}`);
  // A state that is not the one this tab sent is someone else's response (login CSRF): never redeemed.
  if (!pending || q.get('state') !== pending.state) throw new Error('the sign-in response does not belong to this sign-in; try again');
  const error = q.get('error');
  if (error !== null) throw new Error(`${pending.provider.name} refused the sign-in (${error})`);
  const idToken = await redeem(pending, q.get('code') ?? '');
  // The gateway checks the nonce with the signature; a mismatch is its 401.
  return oidcSignIn(idToken, pending.nonce);
}
