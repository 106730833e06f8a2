/**
 * Two gateway replicas with the same KUBEVISION_TOKEN_SECRET accept each other's access tokens
 * (DESIGN §10: no sticky sessions); with their own random keys they do not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenSecretFromEnv } from '../../server/auth/tokens.ts';
import { startHarness, type Harness } from '../support/gateway-harness.ts';

const SHARED = 'a-shared-signing-secret-of-32-characters-or-more';
const harnesses: Harness[] = [];
let first: Harness;
let second: Harness;
let stranger: Harness;

beforeAll(async () => {
  const secret = tokenSecretFromEnv(SHARED) as Uint8Array;
  first = await startHarness(() => undefined, { tokenSecret: secret });
  second = await startHarness(() => undefined, { tokenSecret: secret });
  stranger = await startHarness();
  harnesses.push(first, second, stranger);
}, 60_000);

afterAll(async () => {
  await Promise.all(harnesses.map((h) => h.stop()));
});

const me = (h: Harness, token: string) => fetch(`${h.url}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${token}` } });

describe('token signing across replicas', () => {
  it('accepts a token issued by another replica with the same secret, and refuses one from a different key', async () => {
    const token = await first.login('alice');
    const other = await me(second, token);
    expect(other.status).toBe(200);
    expect(await other.json()).toMatchObject({ user: { name: 'alice', role: 'operator' } });
    expect((await me(stranger, token)).status).toBe(401);
  });

  it('refuses a short secret without repeating it', () => {
    expect(() => tokenSecretFromEnv('too-short-secret')).toThrowError(/at least 32 characters/);
    expect(() => tokenSecretFromEnv('too-short-secret')).not.toThrowError(/too-short-secret/);
    expect(tokenSecretFromEnv(undefined)).toBeNull();
    expect(tokenSecretFromEnv('')).toBeNull();
  });
});
