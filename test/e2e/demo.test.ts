/**
 * The demo end to end, in real Chromium, started exactly as `npm run dev` starts it (demo/vite.config.ts
 * with its dev-gateway plugin: the gateway on the emulator behind vite's /api proxy). Screenshots of
 * each page go to test-results/e2e/; with UPDATE_SCREENSHOT=1 the pods page also becomes docs/screenshot.png for the README.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, DEMO_CONFIG as CONFIG, repo, startDemo, VIEWPORT, type DemoRun } from '../support/demo-server.ts';

/** Generous: the machine is shared, and every wait ends as soon as the page gets there. */
const POLL = { timeout: 30_000 };

let demo: DemoRun;
let browser: Browser;
let page: Page;
let demoUrl: string;
let pageErrors: string[];

async function shot(name: string, target: Page = page): Promise<string> {
  const path = join(ARTIFACTS, `${name}.png`);
  await target.screenshot({ path });
  return path;
}

/** Resolves when some line of the element's rendered text is exactly `text`. */
async function lineShown(selector: string, text: string): Promise<void> {
  await page.waitForFunction(
    ([s, t]) => [...document.querySelectorAll<HTMLElement>(s)].some((el) => el.innerText.split('\n').some((line) => line.trim() === t)),
    [selector, text] as const,
    POLL,
  );
}

/** `vite build` of the demo as a user runs it: its own process, where NODE_ENV is not vitest's "test". */
async function buildForProduction(outDir: string): Promise<void> {
  const env = { ...process.env };
  delete env.NODE_ENV;
  await promisify(execFile)(process.execPath, [repo('node_modules/vite/bin/vite.js'), 'build', '--config', CONFIG, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { env, cwd: repo('') });
}

beforeAll(async () => {
  demo = await startDemo();
  ({ browser, page, url: demoUrl, pageErrors } = demo);
});

afterAll(() => demo?.stop());

describe('the demo on npm run dev', () => {
  it('signs in as the dev admin and shows the live pods of prod-us', async () => {
    expect(demoUrl).toMatch(/^http:\/\/localhost:\d+\/$/);
    await page.goto(demoUrl);
    await page.locator('tr[data-name="my-pod"]').waitFor();
    await page.locator('.kv-connection-status[data-state="live"]').waitFor();
    expect(await page.getByRole('combobox', { name: 'Cluster' }).inputValue()).toBe('prod-us');
    expect(await page.locator('.demo-user').innerText()).toContain('admin');
    await expect.poll(() => page.locator('tr[data-name="my-pod"] .demo-status').innerText(), POLL).toBe('Running');
    await shot('pods');
  });

  it('sorts by a clicked column and filters by the text in the filter box', async () => {
    const names = () => page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')));
    const byName = page.getByRole('columnheader', { name: 'Name' });
    expect(await byName.getAttribute('aria-sort')).toBe('ascending');
    const ascending = await names();
    expect(ascending.length).toBeGreaterThan(2);
    await byName.getByRole('button').click();
    expect(await byName.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(names, POLL).toEqual([...ascending].reverse());
    await byName.getByRole('button').click();
    await page.getByRole('searchbox', { name: 'Filter pods' }).fill('my-pod');
    await expect.poll(names, POLL).toEqual(['my-pod']);
    await page.getByRole('searchbox', { name: 'Filter pods' }).fill('');
    await expect.poll(names, POLL).toEqual(ascending);
  });

  it('lists deployments, services, nodes and events from their own watches, in any namespace', async () => {
    const tabs = page.getByRole('navigation', { name: 'Resource types' });
    for (const [tab, row] of [
      ['Deployments', 'tr[data-name="web"]'],
      ['Services', 'tr[data-name="web"]'],
      ['Nodes', 'tr[data-name="us-west-2-worker-1"]'],
    ] as const) {
      await tabs.getByRole('link', { name: tab }).click();
      await page.locator(row).waitFor();
      await shot(tab.toLowerCase());
    }
    // The emulator's events are about the unschedulable pod in namespace shop.
    await page.getByRole('combobox', { name: 'Namespace' }).selectOption('');
    await tabs.getByRole('link', { name: 'Events' }).click();
    await page.locator('tbody tr', { hasText: 'FailedScheduling' }).first().waitFor();
    await shot('events');
    await tabs.getByRole('link', { name: 'Pods' }).click();
    await page.locator('tr[data-name="my-pod"]').waitFor();
    await page.locator('tbody tr', { hasText: 'shop' }).first().waitFor();
    const podsShot = await shot('pods-all-namespaces');
    // The README's screenshot is refreshed on request only: a test run leaves tracked files alone.
    if (process.env.UPDATE_SCREENSHOT === '1') await copyFile(podsShot, repo('docs/screenshot.png'));
    await page.getByRole('combobox', { name: 'Namespace' }).selectOption('default');
    await page.locator('tbody tr', { hasText: 'shop' }).first().waitFor({ state: 'detached' });
  });

  it("opens a listed object's detail page from its table: the live YAML and its events", async () => {
    await page.getByRole('navigation', { name: 'Resource types' }).getByRole('link', { name: 'Services' }).click();
    await page.locator('tr[data-name="web"]').getByRole('link', { name: 'web' }).click();
    const yaml = page.getByLabel('YAML');
    await expect.poll(() => yaml.innerText(), POLL).toContain('kind: Service');
    expect(await yaml.innerText()).toContain('name: web');
    await page.getByRole('complementary', { name: 'Events' }).waitFor();
    await shot('service-detail');
    await page.getByRole('link', { name: '← services' }).click();
    await page.getByRole('navigation', { name: 'Resource types' }).getByRole('link', { name: 'Pods' }).click();
    await page.locator('tr[data-name="my-pod"]').waitFor();
  });

  it('creates a pod through the REST API, shows it, and deletes it after confirmation', async () => {
    const name = `e2e-${Date.now().toString(36)}`;
    await page.getByRole('button', { name: 'New pod' }).click();
    const form = page.getByRole('form', { name: 'New pod' });
    await form.getByLabel('Name').fill(name);
    await shot('new-pod');
    await form.getByRole('button', { name: 'Create' }).click();
    await page.locator(`tr[data-name="${name}"]`).waitFor();
    await expect.poll(() => page.locator(`tr[data-name="${name}"] .demo-status`).innerText(), POLL).toBe('Running');
    const age = page.locator(`tr[data-name="${name}"] .demo-cell--age`);
    const firstAge = await age.innerText();
    expect(firstAge).toMatch(/^\d+s$/);
    await expect.poll(() => age.innerText(), POLL).not.toBe(firstAge);

    await page.getByRole('button', { name: `Delete ${name}` }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.getByRole('heading').innerText(), POLL).toBe(`Delete pod ${name}?`);
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.locator(`tr[data-name="${name}"]`).waitFor({ state: 'detached', timeout: 60_000 });
  });

  it("streams my-pod's logs in the Logs tab", async () => {
    await page.getByRole('link', { name: 'my-pod', exact: true }).click();
    await page.getByRole('heading', { name: 'my-pod' }).waitFor();
    const rows = page.getByRole('log').locator('[data-seq]');
    await expect.poll(() => rows.count(), POLL).toBeGreaterThan(3);
    await shot('logs');
  });

  it('runs echo hello in a terminal, and after exit plays the session back under Audit', async () => {
    await page.getByRole('link', { name: 'Terminal' }).click();
    await expect.poll(() => page.locator('.kv-terminal__status').innerText(), POLL).toBe('Connected');
    expect(await page.getByRole('combobox', { name: 'Container' }).inputValue()).toBe('app');
    await page.locator('.kv-terminal__screen').click();
    await page.keyboard.type('echo hello');
    await page.keyboard.press('Enter');
    await lineShown('.kv-terminal .xterm-rows', 'hello');
    await shot('terminal');
    await page.keyboard.type('exit');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.kv-terminal__status').innerText(), POLL).toBe('Exited with code 0');

    await page.getByRole('link', { name: 'Settings' }).click();
    const session = page.locator('tr.kv-table-row', { hasText: 'my-pod' }).first();
    await session.waitFor();
    await session.click();
    await lineShown('.kv-player-screen', 'hello');
    await shot('audit');
  });

  it('signs out to the login page, which asks the gateway and offers the dev sign-in', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Username').fill('nobody');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').innerText(), POLL).toBe('invalid username or password');
    await shot('login-dev');
    await page.getByRole('button', { name: 'Sign in as the dev admin' }).click();
    await page.locator('.kv-connection-status[data-state="live"]').waitFor();
    expect(pageErrors).toEqual([]);
  });
});

describe('the demo built for production', () => {
  it('contains nothing of the dev sign-in and opens on the login page', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'kv-demo-build-'));
    try {
      await buildForProduction(outDir);
      const files = (await readdir(outDir, { recursive: true })).filter((f) => /\.(js|html)$/.test(f));
      const text = (await Promise.all(files.map((f) => readFile(join(outDir, f), 'utf8')))).join('\n');
      // Matched as booleans: a failure must not print megabytes of bundle.
      expect(text.includes('Sign in')).toBe(true);
      expect(text.includes('__kubevision')).toBe(false);
      expect(text.includes('dev admin')).toBe(false);

      const served = await preview({ configFile: CONFIG, logLevel: 'warn', preview: { port: 0 }, build: { outDir } });
      const prod = await browser.newPage({ viewport: VIEWPORT });
      try {
        await prod.goto(served.resolvedUrls?.local[0] ?? '');
        await prod.getByLabel('Password').waitFor();
        expect(await prod.getByRole('button', { name: 'Sign in as the dev admin' }).count()).toBe(0);
        await shot('login', prod);
      } finally {
        await prod.close();
        await served.close();
      }
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});
