import { defineConfig, mergeConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import type { BrowserCommand } from 'vitest/node';
import viteConfig from './vite.config.ts';
import { chromiumLaunchArgs, chromiumPath } from './test/support/chromium.ts';

/** Cuts the page's network (navigator.onLine false, `offline` event) the way a user's Wi-Fi drop does. */
const setOffline: BrowserCommand<[offline: boolean]> = async (ctx, offline) => {
  if (!('context' in ctx)) throw new Error('setOffline needs the playwright provider');
  await ctx.context.setOffline(offline);
};

/** A fresh browser block per project: two projects must never share one config object (STACK.md). */
function browserBlock() {
  return {
    enabled: true,
    headless: true,
    provider: playwright({
      launchOptions: { executablePath: chromiumPath(), args: chromiumLaunchArgs },
    }),
    instances: [{ browser: 'chromium' as const }],
    commands: { setOffline },
  };
}

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            environment: 'jsdom',
            include: ['test/unit/**/*.test.{ts,tsx}'],
            globals: false,
          },
        },
        {
          extends: true,
          test: {
            name: 'node',
            environment: 'node',
            include: ['test/node/**/*.test.ts'],
            execArgv: ['--experimental-websocket'],
            testTimeout: 30_000,
            hookTimeout: 60_000,
          },
        },
        {
          extends: true,
          test: {
            name: 'browser',
            include: ['test/browser/**/*.test.{ts,tsx}'],
            globalSetup: ['test/browser/global-setup.ts'],
            browser: browserBlock(),
            testTimeout: 30_000,
          },
        },
      ],
    },
  }),
);
