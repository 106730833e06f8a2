/**
 * Node side of the page: one fresh browser context per measurement, each mounting one side, so no
 * run inherits another's scrollback, JIT state or sockets. Echo keys go through Playwright's real
 * keyboard input; the page stamps them itself, so the driver's own latency is not in the figure.
 */
import type { Browser, Page } from 'playwright-core';
import type { EchoSample, FloodResult, OursTarget, Side, TermBenchApi } from './protocol.ts';

/** Keys typed in turn; consecutive keys differ, so each echo is told from the one before. */
const KEYS = 'abcdefghijklmnopqrstuvwxyz';

/** What the page is served from and connects to. */
export interface PageSetup {
  readonly browser: Browser;
  readonly pageUrl: string;
  /** Time for an exec behind a just-opened socket to start before it is timed. */
  readonly settleMs: number;
}

/** What a side's terminal runs: for ours the command through the gateway, for raw the raw server URL. */
export type Mount = { readonly side: 'ours'; readonly target: OursTarget } | { readonly side: 'raw'; readonly url: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function onFreshPage<T>(setup: PageSetup, mount: Mount, body: (page: Page, side: Side) => Promise<T>): Promise<T> {
  const context = await setup.browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(setup.pageUrl);
    await page.waitForFunction(() => window.termBench !== undefined);
    if (mount.side === 'ours') {
      await page.evaluate((target) => (window.termBench as TermBenchApi).mountOurs(target), mount.target);
      await sleep(setup.settleMs);
    } else await page.evaluate((url) => (window.termBench as TermBenchApi).mountRaw(url), mount.url);
    return await body(page, mount.side);
  } finally {
    await context.close();
  }
}

/** Floods the mounted side with `bytes` bytes and returns what the page measured. */
export function floodRun(setup: PageSetup, mount: Mount, bytes: number): Promise<FloodResult> {
  return onFreshPage(setup, mount, (page, side) => page.evaluate(([s, b]) => (window.termBench as TermBenchApi).flood(s, b), [side, bytes] as const));
}

/** Types `keys` keys into the mounted side, `gapMs` apart, each after the previous one's echo is on screen. */
export function echoRun(setup: PageSetup, mount: Mount, keys: number, gapMs: number): Promise<EchoSample[]> {
  return onFreshPage(setup, mount, async (page, side) => {
    await page.evaluate((s) => (window.termBench as TermBenchApi).armEcho(s), side);
    const samples: EchoSample[] = [];
    for (let i = 0; i < keys; i++) {
      await page.keyboard.press(KEYS[i % KEYS.length] ?? 'a');
      samples.push(await page.evaluate(() => (window.termBench as TermBenchApi).nextEcho()));
      await sleep(gapMs);
    }
    return samples;
  });
}
