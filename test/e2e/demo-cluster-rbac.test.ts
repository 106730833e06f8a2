/**
 * The demo in real Chromium on an `impersonate` cluster, as a user whose gateway role (operator)
 * would allow everything but whose bindings in the emulated cluster allow only viewing `shop`: the
 * pods page shows shop's pods and no other namespace's, even for all namespaces, and hides New pod,
 * Delete and the Terminal tab while the cluster says no; once kubectl grants `edit`, they are offered.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords.ts';
import { ARTIFACTS, startDemo, type DemoRun } from '../support/demo-server.ts';
import { kubectlFor, type Kubectl } from '../support/kubectl.ts';

const POLL = { timeout: 30_000 };
const PASSWORD = 'olga-secret-pw';

let demo: DemoRun;
let kubectl: Kubectl;
let shopPod: string;

beforeAll(async () => {
  demo = await startDemo({
    users: [{ name: 'olga', passwordHash: await hashPassword(PASSWORD), role: 'operator' }], clusterAuth: { 'prod-us': 'impersonate' },
    // The gateway keeps the cluster's answers a second, so the grant below shows at the next reload.
    limits: { accessReviewSeconds: 1 },
  });
  kubectl = kubectlFor(demo.kubeconfig);
  const run = async (...args: string[]) => {
    const result = await kubectl.run(['--context', 'prod-us', ...args]);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout;
  };
  await run('create', 'rolebinding', 'olga-view', '-n', 'shop', '--clusterrole=view', '--user=olga');
  shopPod = await run('get', 'pods', '-n', 'shop', '-o', 'jsonpath={.items[0].metadata.name}');
  const { page } = demo;
  await page.goto(demo.url);
  // Under npm run dev the first visit is the dev admin; olga signs in from the login page.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Username').fill('olga');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.locator('.demo-user', { hasText: 'olga · operator' }).waitFor(POLL);
}, 120_000);

afterAll(async () => {
  await demo?.stop();
  if (kubectl) rmSync(kubectl.dir, { recursive: true, force: true });
});

/** Waits for the gateway's answer to the page's `can` question about `verb` (and `subresource`). */
function canAnswer(verb: string, subresource = ''): Promise<Response> {
  return demo.page.waitForResponse((r) => {
    const url = new URL(r.url());
    return url.pathname === '/api/v1/auth/can' && url.searchParams.get('verb') === verb && (url.searchParams.get('subresource') ?? '') === subresource;
  }, POLL);
}

async function openPods(hash: string, answers: Promise<Response>[]): Promise<void> {
  // A fresh page load, so that the page asks `can` again; leaving through about:blank closes its sockets cleanly.
  await demo.page.goto('about:blank');
  await demo.page.goto(`${demo.url}${hash}`);
  await demo.page.locator(`tr[data-name="${shopPod}"]`).waitFor(POLL);
  for (const answer of await Promise.all(answers)) expect(answer.status()).toBe(200);
  // The answers have been rendered after the next frame.
  await demo.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
}

describe('the demo on a cluster whose RBAC decides', () => {
  it("lists only the namespace the user's bindings allow, also for all namespaces", async () => {
    const { page } = demo;
    await openPods('#/c/prod-us/*/pods', []);
    await page.locator('.kv-connection-status[data-state="live"]').waitFor(POLL);
    const namespaces = await page.locator('tbody tr .demo-cell--namespace').allInnerTexts();
    expect(namespaces.length).toBeGreaterThan(0);
    expect(new Set(namespaces)).toEqual(new Set(['shop']));
    expect(await page.locator('tr[data-name="my-pod"]').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'rbac-viewer-all-namespaces.png') });
  });

  it('hides New pod, Delete and the Terminal tab while the cluster says no', async () => {
    const { page } = demo;
    const answers = [canAnswer('create'), canAnswer('delete')];
    await openPods('#/c/prod-us/shop/pods', answers);
    expect(await page.getByRole('button', { name: 'New pod' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: `Delete ${shopPod}` }).count()).toBe(0);
    const exec = canAnswer('create', 'exec');
    await page.goto(`${demo.url}#/c/prod-us/shop/pods/${shopPod}/logs`);
    expect((await exec).status()).toBe(200);
    // Viewing includes the log: it streams, while the terminal is not offered.
    await page.getByRole('log').locator('[data-seq]').first().waitFor(POLL);
    expect(await page.getByRole('link', { name: 'Terminal' }).count()).toBe(0);
  });

  it('offers them once kubectl grants edit in the namespace', async () => {
    const { page } = demo;
    expect((await kubectl.run(['--context', 'prod-us', 'create', 'rolebinding', 'olga-edit', '-n', 'shop', '--clusterrole=edit', '--user=olga'])).code).toBe(0);
    // The gateway may still hold the refusal it was given a moment ago (for accessReviewSeconds): load the
    // page again until the new answer is there.
    await expect
      .poll(async () => {
        await openPods('#/c/prod-us/shop/pods', [canAnswer('create')]);
        return page.getByRole('button', { name: 'New pod' }).count();
      }, POLL)
      .toBe(1);
    await page.getByRole('button', { name: `Delete ${shopPod}` }).waitFor(POLL);
    await page.goto(`${demo.url}#/c/prod-us/shop/pods/${shopPod}/logs`);
    await page.getByRole('link', { name: 'Terminal' }).waitFor(POLL);
    expect(demo.pageErrors).toEqual([]);
  });
});
