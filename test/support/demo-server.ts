/**
 * The demo as `npm run dev` serves it (demo/vite.config.ts with its dev gateway on the emulator),
 * started in this process with an optional gateway config, and a Chromium page on it. The emulator's
 * admin kubeconfig is handed out, so a test can change the clusters under the page with kubectl.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { assertChromium, chromiumLaunchArgs } from './chromium.ts';

/** A file of the repository. */
export const repo = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));
/** Where e2e screenshots go. */
export const ARTIFACTS = repo('test-results/e2e');

/** The Chromium page size of the e2e tests. */
export const VIEWPORT = { width: 1280, height: 800 };
/** The demo's vite config, as `npm run dev` loads it. */
export const DEMO_CONFIG = repo('demo/vite.config.ts');

/** A running demo with its page. */
export interface DemoRun {
  readonly url: string;
  /** The browser of `page`, for more pages. */
  readonly browser: Browser;
  readonly page: Page;
  /** Uncaught errors of the page, in order. */
  readonly pageErrors: string[];
  /** The emulator's admin kubeconfig (its text). */
  readonly kubeconfig: string;
  stop(): Promise<void>;
}

/** Starts the demo with `devConfig` as its gateway's config file (the defaults without one). */
export async function startDemo(devConfig?: unknown): Promise<DemoRun> {
  await mkdir(ARTIFACTS, { recursive: true });
  const dir = await mkdtemp(join(tmpdir(), 'kv-demo-e2e-'));
  const kubeconfigFile = join(dir, 'kubeconfig');
  const configFile = join(dir, 'gateway.json');
  if (devConfig !== undefined) await writeFile(configFile, JSON.stringify(devConfig));
  // The dev gateway plugin reads these while vite loads the config, in this process.
  process.env.KUBEVISION_DEV_KUBECONFIG = kubeconfigFile;
  if (devConfig !== undefined) process.env.KUBEVISION_DEV_CONFIG = configFile;
  let server: ViteDevServer;
  try {
    // No file watching: other work on src/ while the test runs must not reload the page under it.
    server = await createServer({ configFile: DEMO_CONFIG, server: { port: 0, hmr: false, watch: null }, logLevel: 'warn' });
  } finally {
    delete process.env.KUBEVISION_DEV_KUBECONFIG;
    delete process.env.KUBEVISION_DEV_CONFIG;
  }
  await server.listen();
  // Without WebGL xterm draws with its DOM renderer, so a test can read the screen as text.
  const browser: Browser = await chromium.launch({ executablePath: assertChromium(), args: [...chromiumLaunchArgs, '--disable-webgl'] });
  const page = await browser.newPage({ viewport: VIEWPORT });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return {
    url: server.resolvedUrls?.local[0] ?? '',
    browser,
    page,
    pageErrors,
    kubeconfig: await readFile(kubeconfigFile, 'utf8'),
    async stop() {
      // Leaving the page closes its sockets with a close frame; cut with the browser they would reset.
      await page.goto('about:blank');
      await browser.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
