/**
 * A small OpenID Connect issuer for tests, on 127.0.0.1: discovery, JWKS, an authorization
 * endpoint that approves the configured user at once and redirects with a code, and a token
 * endpoint that checks the PKCE verifier and returns an ID token carrying the nonce. `mint` makes
 * ID tokens directly, including the broken ones of the negative tests.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';

/** The user the authorization endpoint signs in. */
export interface TestUser {
  sub: string;
  email?: string;
  groups?: string[];
}

/** How `mint` breaks a token. */
export interface MintOptions {
  /** Signed with a key the JWKS does not publish (under the published key id). */
  otherKey?: boolean;
  /** An unsigned token, `alg: none`. */
  algNone?: boolean;
  /** Seconds added to `iat` (and `exp`), as from an issuer whose clock is ahead. */
  iatOffset?: number;
  /** Lifetime in seconds from `iat`; negative gives a token that has expired. */
  ttl?: number;
  /** Another `aud`. */
  audience?: string;
}

/** A running test issuer. */
export interface TestIssuer {
  /** `http://127.0.0.1:PORT`, also the `iss` of its tokens. */
  readonly issuer: string;
  readonly clientId: string;
  /** The user the authorization endpoint approves; tests may change it. */
  user: TestUser;
  /** When false, discovery and JWKS answer 503 (an issuer outage). */
  up: boolean;
  /** An ID token for `claims` over the user's, signed with the issuer's key unless `options` break it. */
  mint(claims?: JWTPayload, options?: MintOptions): Promise<string>;
  stop(): Promise<void>;
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  nonce: string | undefined;
}

const KID = 'test-key-1';

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' });
  response.end(JSON.stringify(body));
}

async function formOf(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function unsigned(payload: JWTPayload): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.`;
}

/** Starts an issuer for `clientId` that signs in `user`. */
export async function startTestIssuer(clientId: string, user: TestUser): Promise<TestIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const other = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  const codes = new Map<string, PendingCode>();
  let base = '';

  const state: TestIssuer = {
    get issuer() {
      return base;
    },
    clientId,
    user,
    up: true,
    async mint(claims = {}, options = {}) {
      const iat = Math.floor(Date.now() / 1000) + (options.iatOffset ?? 0);
      const payload: JWTPayload = { ...state.user, iss: base, aud: options.audience ?? clientId, iat, exp: iat + (options.ttl ?? 300), ...claims };
      if (options.algNone) return unsigned(payload);
      const key: CryptoKey = options.otherKey ? other.privateKey : privateKey;
      return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' }).sign(key);
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };

  async function token(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const form = await formOf(request);
    const pending = codes.get(form.get('code') ?? '');
    // A code is single-use, like a real issuer's.
    codes.delete(form.get('code') ?? '');
    const verifier = form.get('code_verifier') ?? '';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    if (form.get('grant_type') !== 'authorization_code' || !pending || pending.clientId !== form.get('client_id') || pending.redirectUri !== form.get('redirect_uri') || pending.challenge !== challenge) {
      json(response, 400, { error: 'invalid_grant' });
      return;
    }
    const idToken = await state.mint(pending.nonce === undefined ? {} : { nonce: pending.nonce });
    json(response, 200, { id_token: idToken, access_token: randomBytes(16).toString('base64url'), token_type: 'Bearer', expires_in: 300 });
  }

  function authorize(url: URL, response: ServerResponse): void {
    const q = url.searchParams;
    const redirectUri = q.get('redirect_uri');
    const challenge = q.get('code_challenge');
    if (q.get('response_type') !== 'code' || q.get('client_id') !== clientId || !redirectUri || !challenge || q.get('code_challenge_method') !== 'S256') {
      json(response, 400, { error: 'invalid_request' });
      return;
    }
    const code = randomBytes(16).toString('base64url');
    codes.set(code, { clientId, redirectUri, challenge, nonce: q.get('nonce') ?? undefined });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    const stateParam = q.get('state');
    if (stateParam !== null) target.searchParams.set('state', stateParam);
    response.writeHead(302, { Location: target.toString() });
    response.end();
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', base);
    if (request.method === 'OPTIONS') {
      response.writeHead(204, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET, POST', 'Access-Control-Allow-Headers': 'Content-Type' });
      response.end();
      return;
    }
    const keysPath = url.pathname === '/.well-known/openid-configuration' || url.pathname === '/jwks';
    if (keysPath && !state.up) return json(response, 503, { error: 'temporarily_unavailable' });
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(response, 200, { issuer: base, authorization_endpoint: `${base}/authorize`, token_endpoint: `${base}/token`, jwks_uri: `${base}/jwks`, response_types_supported: ['code'], id_token_signing_alg_values_supported: ['RS256'], code_challenge_methods_supported: ['S256'] });
    }
    if (url.pathname === '/jwks') return json(response, 200, { keys: [jwk] });
    if (url.pathname === '/authorize' && request.method === 'GET') return authorize(url, response);
    if (url.pathname === '/token' && request.method === 'POST') {
      token(request, response).catch(() => json(response, 500, { error: 'server_error' }));
      return;
    }
    json(response, 404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
