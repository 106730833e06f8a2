/**
 * OpenID Connect sign-in in the demo, in real Chromium: the demo started as `npm run dev` starts it
 * (demo/vite.config.ts and its dev gateway), the gateway configured through KUBEVISION_DEV_CONFIG
 * with a test issuer on loopback. The login page offers "Sign in with Test SSO"; the issuer approves
 * the test user and redirects back with a code, which the page redeems with its PKCE verifier and
 * exchanges at the gateway. A forged callback is refused without a sign-in.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, startDemo, type DemoRun } from '../support/demo-server.ts';
import { startTestIssuer, type TestIssuer } from '../support/oidc-issuer.ts';

/** Generous: the machine is shared, and every wait ends as soon as the page gets there. */
const POLL = { timeout: 30_000 };

let issuer: TestIssuer;
let demo: DemoRun;
let page: Page;
let demoUrl: string;
let pageErrors: string[];

beforeAll(async () => {
  issuer = await startTestIssuer('kubevision-demo', { sub: 'u-42', email: 'olivia@corp.example', groups: ['kv-ops'] });
  demo = await startDemo({ oidc: { issuers: [{ name: 'Test SSO', issuer: issuer.issuer, audience: issuer.clientId, roleMapping: { operator: ['kv-ops'] } }] } });
  ({ page, url: demoUrl, pageErrors } = demo);
});

afterAll(async () => {
  await demo?.stop();
  await issuer?.stop();
});

describe('OIDC sign-in in the demo', () => {
  it('signs in through the test issuer as its user with the mapped role', async () => {
    await page.goto(demoUrl);
    // Under npm run dev the first visit is the dev admin; signing out shows the login page.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in with Test SSO' }).click();
    await expect.poll(() => page.locator('.demo-user').innerText(), POLL).toBe('olivia@corp.example · operator');
    await page.locator('.kv-connection-status[data-state="live"]').waitFor(POLL);
    await page.locator('tr[data-name="my-pod"]').waitFor(POLL);
    // The code and state are gone from the address: a reload cannot replay them.
    expect(new URL(page.url()).search).toBe('');
    await page.screenshot({ path: join(ARTIFACTS, 'oidc-signed-in.png') });
    expect(pageErrors).toEqual([]);
  });

  it('refuses a callback whose state this tab never sent', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(`${demoUrl}?code=forged-code&state=forged-state`);
    await expect.poll(() => page.getByRole('alert').innerText(), POLL).toBe('the sign-in response does not belong to this sign-in; try again');
    expect(await page.locator('.demo-user').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Sign in with Test SSO' }).count()).toBe(1);
  });
});
