/**
 * OIDC sign-in through `POST /api/v1/auth/oidc` against test issuers on loopback: a valid ID token
 * becomes an access token that opens a watch socket; every broken token is refused with its
 * documented message; groups map to roles; clock skew at its edges; an issuer outage is a 503 that
 * heals on the next try; and no token ever reaches the access log.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS_UNAVAILABLE } from '../../server/auth/oidc-verifier.ts';
import { parseConfig } from '../../server/config.ts';
import { startHarness, WebSocket, type Harness } from '../support/gateway-harness.ts';
import { startTestIssuer, type MintOptions, type TestIssuer } from '../support/oidc-issuer.ts';

let h: Harness;
/** Role mapping by groups, discovery for its keys. */
let corp: TestIssuer;
/** A default role, a namespace limit and a custom user claim. */
let partner: TestIssuer;
/** Its key set goes down before first use. */
let flaky: TestIssuer;
/** Trusted by nobody. */
let stranger: TestIssuer;
/** Every token this file made, to look for in the logs at the end. */
const minted: string[] = [];

async function mint(issuer: TestIssuer, claims: Record<string, unknown> = {}, options: MintOptions = {}): Promise<string> {
  const token = await issuer.mint(claims, options);
  minted.push(token);
  return token;
}

async function exchange(body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${h.url}/api/v1/auth/oidc`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function refusal(idToken: string): Promise<[number, unknown]> {
  const { status, json } = await exchange({ idToken });
  return [status, (json.error as { message?: unknown } | undefined)?.message];
}

const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  corp = await startTestIssuer('kubevision-demo', { sub: 'u-1', email: 'olivia@corp.example', groups: ['kv-ops'] });
  partner = await startTestIssuer('kv-partner', { sub: 'p-7' });
  flaky = await startTestIssuer('kv-flaky', { sub: 'f-1', email: 'fay@flaky.example' });
  stranger = await startTestIssuer('kubevision-demo', { sub: 'u-1', email: 'olivia@corp.example', groups: ['kv-admins'] });
  h = await startHarness((c) => {
    c.oidc = parseConfig({
      oidc: {
        issuers: [
          { name: 'Corp SSO', issuer: corp.issuer, audience: corp.clientId, roleMapping: { admin: ['kv-admins'], operator: ['kv-ops'], viewer: ['kv-viewers'] } },
          { issuer: partner.issuer, audience: partner.clientId, userClaim: 'preferred_username', defaultRole: 'viewer', namespaces: ['shop'], clockSkewSeconds: 60 },
          { issuer: flaky.issuer, audience: flaky.clientId, jwksUri: `${flaky.issuer}/jwks`, defaultRole: 'viewer' },
        ],
      },
    }).oidc;
  });
}, 60_000);

afterAll(async () => {
  await h?.stop();
  await Promise.all([corp, partner, flaky, stranger].map((i) => i?.stop()));
});

describe('config', () => {
  it('names the bad field of an oidc issuer', () => {
    expect(() => parseConfig({ oidc: { issuers: [{ issuer: 'http://idp.example', audience: 'x' }] } })).toThrow('config oidc.issuers[0].issuer: must be an https URL (http only on loopback)');
    expect(() => parseConfig({ oidc: { issuers: [{ issuer: 'https://idp.example' }] } })).toThrow('config oidc.issuers[0].audience: must be a non-empty string');
    expect(() => parseConfig({ oidc: { issuers: [{ issuer: 'https://idp.example', audience: 'x', roleMapping: { root: ['g'] } }] } })).toThrow('config oidc.issuers[0].roleMapping.root: is not a role');
    expect(() => parseConfig({ oidc: { issuers: [{ issuer: 'https://idp.example', audience: 'x', clockSkewSeconds: -1 }] } })).toThrow('config oidc.issuers[0].clockSkewSeconds');
    const parsed = parseConfig({ oidc: { issuers: [{ issuer: 'https://idp.example', audience: 'x' }] } }).oidc.issuers[0];
    expect(parsed).toMatchObject({ name: 'idp.example', jwksUri: null, clockSkewSeconds: 60, userClaim: null, groupsClaim: 'groups', defaultRole: null });
  });
});

describe('the ID token exchange', () => {
  it('refuses with 503 while the key set is down and succeeds on the next try once it is back', async () => {
    flaky.up = false;
    const token = await mint(flaky);
    expect(await refusal(token)).toEqual([503, KEYS_UNAVAILABLE]);
    flaky.up = true;
    expect((await exchange({ idToken: token })).json).toMatchObject({ user: { name: 'fay@flaky.example', role: 'viewer' } });
  });

  it('lists the issuers for the login page', async () => {
    const res = await fetch(`${h.url}/api/v1/auth/providers`);
    const providers = (await res.json()) as unknown[];
    expect(providers).toContainEqual({ name: 'Corp SSO', issuer: corp.issuer, clientId: 'kubevision-demo', authorizationEndpoint: `${corp.issuer}/authorize`, tokenEndpoint: `${corp.issuer}/token` });
    expect(providers).toHaveLength(3);
  });

  it('turns a valid ID token into an access token that opens a watch socket', async () => {
    const { status, json } = await exchange({ idToken: await mint(corp, { nonce: 'n-1' }), nonce: 'n-1' });
    expect(status).toBe(200);
    expect(json).toMatchObject({ user: { name: 'olivia@corp.example', role: 'operator' } });
    expect(Date.parse(String(json.expiresAt))).toBeGreaterThan(Date.now());
    const accessToken = String(json.accessToken);
    minted.push(accessToken);
    const me = await fetch(`${h.url}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${accessToken}` } });
    expect(await me.json()).toEqual({ user: { name: 'olivia@corp.example', role: 'operator', clusters: null, namespaces: null } });
    const ws = new WebSocket(`${h.wsUrl}/api/v1/ws/watch`, { headers: { Authorization: `Bearer ${accessToken}` } });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('close', reject);
    });
    ws.close();
  });

  it('accepts an ID token only at the exchange, never as a Bearer credential', async () => {
    const idToken = await mint(corp);
    expect((await fetch(`${h.url}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${idToken}` } })).status).toBe(401);
    const ws = new WebSocket(`${h.wsUrl}/api/v1/ws/watch`, { headers: { Authorization: `Bearer ${idToken}` } });
    expect(await h.closed(ws)).toEqual({ code: 4401, reason: 'missing, invalid or expired token' });
  });

  it('refuses each broken token with 401 and its own message', async () => {
    const secret = new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes!');
    const hs256 = await new SignJWT({ sub: 'u-1', aud: corp.clientId, iss: corp.issuer }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('5m').sign(secret);
    minted.push(hs256);
    const cases: [string, string][] = [
      [await mint(corp, {}, { audience: 'someone-else' }), 'the ID token is for another audience'],
      [await mint(corp, {}, { ttl: -600 }), 'the ID token has expired'],
      [await mint(corp, {}, { otherKey: true }), "the ID token's signature is not valid"],
      [await mint(corp, {}, { algNone: true }), "the ID token's signing algorithm is not allowed"],
      [hs256, "the ID token's signing algorithm is not allowed"],
      [await mint(corp, {}, { iatOffset: 600 }), 'the ID token is not valid yet'],
      [await mint(corp, { nbf: now() + 600 }), 'the ID token is not valid yet'],
      [await mint(stranger), "the ID token's issuer is not configured"],
      [await mint(corp, { sub: undefined }), 'the ID token has no "sub" claim'],
      ['not.a.jwt', 'the ID token is not a well-formed JWT'],
    ];
    for (const [token, message] of cases) expect(await refusal(token)).toEqual([401, message]);
    expect((await exchange({ idToken: await mint(corp, { nonce: 'a' }), nonce: 'b' })).json).toMatchObject({ error: { code: 401, message: "the ID token's nonce does not match this sign-in" } });
    expect((await exchange({})).status).toBe(400);
    expect((await exchange({ idToken: 'x'.repeat(20_000) })).status).toBe(400);
  });

  it('maps groups to the strongest role, a default role and limits, and refuses a user without a role', async () => {
    const role = async (issuer: TestIssuer, claims: Record<string, unknown>) => ((await exchange({ idToken: await mint(issuer, claims) })).json.user as { role?: string } | undefined)?.role;
    expect(await role(corp, { groups: ['kv-viewers', 'kv-admins'] })).toBe('admin');
    expect(await role(corp, { groups: 'kv-viewers' })).toBe('viewer');
    expect(await refusal(await mint(corp, { groups: ['elsewhere'] }))).toEqual([403, "no role is mapped to the user's groups"]);
    expect(await refusal(await mint(corp, { groups: undefined }))).toEqual([403, "no role is mapped to the user's groups"]);

    expect(await refusal(await mint(partner))).toEqual([401, 'the ID token has no usable "preferred_username" claim']);
    const { json } = await exchange({ idToken: await mint(partner, { preferred_username: 'pat' }) });
    const me = await fetch(`${h.url}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${String(json.accessToken)}` } });
    expect(await me.json()).toEqual({ user: { name: 'pat', role: 'viewer', clusters: null, namespaces: ['shop'] } });
    const pods = await fetch(`${h.url}/api/v1/clusters/prod-us/pods?namespace=default`, { headers: { Authorization: `Bearer ${String(json.accessToken)}` } });
    expect(pods.status).toBe(403);
  });

  it('allows the configured clock skew and not more', async () => {
    const t = now();
    // Margins of half the skew either side, so the test's own runtime cannot tip an edge.
    expect((await exchange({ idToken: await mint(partner, { preferred_username: 'pat', iat: t - 600, exp: t - 30 }) })).status).toBe(200);
    expect(await refusal(await mint(partner, { preferred_username: 'pat', iat: t - 600, exp: t - 90 }))).toEqual([401, 'the ID token has expired']);
    expect((await exchange({ idToken: await mint(partner, { preferred_username: 'pat', iat: t + 30, exp: t + 300 }) })).status).toBe(200);
    expect(await refusal(await mint(partner, { preferred_username: 'pat', iat: t + 90, exp: t + 300 }))).toEqual([401, 'the ID token is not valid yet']);
    expect((await exchange({ idToken: await mint(partner, { preferred_username: 'pat', nbf: t + 30 }) })).status).toBe(200);
  });

  it('never writes an ID token or an access token to the log', () => {
    const log = h.logs.join('');
    expect(log).toContain('/api/v1/auth/oidc');
    expect(minted.length).toBeGreaterThan(10);
    expect(minted.filter((token) => log.includes(token))).toEqual([]);
  });
});
