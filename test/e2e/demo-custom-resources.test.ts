/**
 * Custom resources in the demo, in real Chromium against the real gateway and emulator: a CRD
 * created with kubectl appears in the Custom tab's picker without a reload, and once it is chosen its
 * objects created, changed and deleted with kubectl stream into the table live.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, startDemo, type DemoRun } from '../support/demo-server.ts';
import { kubectlFor, type Kubectl } from '../support/kubectl.ts';
import { WIDGET_CRD as CRD, widgetJson } from '../support/widget-crd.ts';

const POLL = { timeout: 30_000 };


let demo: DemoRun;
let kubectl: Kubectl;

async function run(...args: string[]): Promise<string> {
  const result = await kubectl.run(['--context', 'prod-us', ...args]);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

beforeAll(async () => {
  demo = await startDemo();
  kubectl = kubectlFor(demo.kubeconfig);
}, 120_000);

afterAll(async () => {
  await demo?.stop();
  if (kubectl) rmSync(kubectl.dir, { recursive: true, force: true });
});

describe('custom resources in the demo', () => {
  it('shows a CRD created with kubectl in the picker and streams its objects live', async () => {
    const { page } = demo;
    await page.goto(`${demo.url}#/c/prod-us/default/custom`);
    const picker = page.getByLabel('Custom resource');
    await page.locator('option', { hasText: 'No custom resources' }).waitFor({ state: 'attached', ...POLL });

    await run('apply', '-f', kubectl.file('crd.yaml', CRD));
    await run('wait', '--for', 'condition=established', '--timeout=20s', 'crd/widgets.example.com');
    // No reload: the picker watches the CRDs.
    await page.locator('option', { hasText: 'Widget (widgets.example.com)' }).waitFor({ state: 'attached', ...POLL });
    await picker.selectOption('widgets.example.com');
    await page.waitForURL(/#\/c\/prod-us\/default\/custom\/widgets\.example\.com$/, POLL);
    await page.getByText('No widgets.example.com.').waitFor(POLL);

    expect((await kubectl.run(['--context', 'prod-us', 'create', '-f', '-'], widgetJson('first'))).stderr).toBe('');
    await page.locator('tr[data-name="first"]').waitFor(POLL);
    await page.screenshot({ path: join(ARTIFACTS, 'custom-resources.png') });

    await run('delete', 'widget', 'first', '-n', 'default');
    await page.locator('tr[data-name="first"]').waitFor({ state: 'detached', ...POLL });
    await run('delete', 'crd', 'widgets.example.com');
    await page.locator('option', { hasText: 'No custom resources' }).waitFor({ state: 'attached', ...POLL });
    expect(demo.pageErrors).toEqual([]);
  });
});
