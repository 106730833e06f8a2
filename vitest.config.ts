import { defineConfig, mergeConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import type { BrowserCommand } from 'vitest/node';
import viteConfig from './vite.config.ts';
import { chromiumLaunchArgs, chromiumPath } from './test/support/chromium.ts';
import { fetchWithCa } from './test/support/fetch-with-ca.ts';
import { kubectlFor, type Kubectl, type KubectlResult } from './test/support/kubectl.ts';
import type { BrowserTestGlobals } from './test/browser/global-setup.ts';

function browserGateway() {
  const gateway = (globalThis as BrowserTestGlobals).kvBrowserGateway;
  if (!gateway) throw new Error('the browser test gateway is not running (test/browser/global-setup.ts)');
  return gateway;
}

/** Cuts every socket of the browser test gateway without a close frame (the page sees 1006). */
const dropConnections: BrowserCommand<[]> = () => {
  browserGateway().dropAll();
};

function realGateway() {
  const real = (globalThis as BrowserTestGlobals).kvRealGateway;
  if (!real) throw new Error('the real gateway is not running (test/browser/global-setup.ts)');
  return real;
}

/** Cuts every WebSocket of the real gateway without a close frame, as a network loss does. */
const dropRealGatewaySockets: BrowserCommand<[]> = () => {
  for (const client of realGateway().gateway.app.websocketServer.clients) client.terminate();
};

/** GETs a path of one emulated cluster over the emulator's HTTPS API (not through the gateway): the truth to compare with. */
const emulatorGet: BrowserCommand<[cluster: string, path: string]> = (_context, cluster, path) => {
  const { sim } = realGateway();
  return fetchWithCa(`${sim.url}/clusters/${cluster}${path}`, sim.caPem, sim.token);
};

/** The emulator's own log of a container, timestamped. */
const emulatorLog: BrowserCommand<[cluster: string, namespace: string, pod: string, container: string]> = (context, cluster, namespace, pod, container) =>
  emulatorGet(context, cluster, `/api/v1/namespaces/${namespace}/pods/${pod}/log?container=${container}&timestamps=true`);

/** Runs kubectl (context prod-us) against the real gateway's emulator, as a colleague in a terminal would. */
const kubectl: BrowserCommand<[args: string[], input?: string]> = (_context, args, input): Promise<KubectlResult> => {
  // One kubectl directory (and discovery cache) per kubeconfig, not one per call.
  const kubeconfig = realGateway().sim.kubeconfig('prod-us');
  const bound = kubectls.get(kubeconfig) ?? kubectlFor(kubeconfig);
  kubectls.set(kubeconfig, bound);
  return bound.run(args, input);
};
const kubectls = new Map<string, Kubectl>();

/** Churns prod-us at this many store events per second; 0 stops it. */
const emulatorChurn: BrowserCommand<[eventsPerSecond: number]> = (_context, eventsPerSecond) => {
  realGateway().churn('prod-us', eventsPerSecond);
};

/** One fault under the page: its sockets cut, the emulator restarted (history lost), its watch streams cut, or the gateway restarted. */
const injectFault: BrowserCommand<[fault: 'dropSockets' | 'restartEmulator' | 'cutEmulatorWatches' | 'restartGateway']> = async (_context, fault) => {
  const real = realGateway();
  if (fault === 'dropSockets') for (const client of real.gateway.app.websocketServer.clients) client.terminate();
  else if (fault === 'restartEmulator') await real.sim.restart();
  else if (fault === 'cutEmulatorWatches') real.sim.dropWatches();
  else await real.restartGateway();
};

/** Black-holes every WebSocket through the fault proxy in front of the real gateway: no bytes either way, no close. */
const stallProxiedSockets: BrowserCommand<[]> = () => {
  const proxy = (globalThis as BrowserTestGlobals).kvFaultProxy;
  if (!proxy) throw new Error('the fault proxy is not running (test/browser/global-setup.ts)');
  return proxy.stallWhere((path) => path.startsWith('/api/v1/ws/'));
};

/** How many WebSocket connections the browser test gateway has accepted so far. */
const connectionCount: BrowserCommand<[]> = () => browserGateway().connections.length;

/** A fresh browser block per project: two projects must never share one config object (STACK.md). */
function browserBlock() {
  return {
    enabled: true,
    headless: true,
    provider: playwright({
      launchOptions: { executablePath: chromiumPath(), args: chromiumLaunchArgs },
    }),
    instances: [{ browser: 'chromium' as const }],
    commands: { dropConnections, connectionCount, dropRealGatewaySockets, emulatorLog, emulatorGet, emulatorChurn, injectFault, stallProxiedSockets, kubectl },
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
          // Fault injection against the real gateway and emulator (bounded; `npm run chaos` is the full run).
          test: {
            name: 'chaos',
            environment: 'node',
            include: ['test/chaos/**/*.test.ts'],
            execArgv: ['--experimental-websocket'],
            testTimeout: 120_000,
            hookTimeout: 60_000,
          },
        },
        {
          extends: true,
          // Hostile input with a fixed seed (bounded; `npm run fuzz` is the full run with a random seed).
          test: {
            name: 'fuzz',
            environment: 'node',
            include: ['test/fuzz/**/*.test.ts'],
            execArgv: ['--experimental-websocket'],
            testTimeout: 120_000,
            hookTimeout: 60_000,
          },
        },
        {
          extends: true,
          // The demo as `npm run dev` serves it, driven in real Chromium by playwright-core.
          test: {
            name: 'e2e',
            environment: 'node',
            include: ['test/e2e/**/*.test.ts'],
            testTimeout: 120_000,
            hookTimeout: 180_000,
          },
        },
        {
          extends: true,
          // Pre-bundled up front: a re-optimisation in the middle of a cold run loads a second React.
          optimizeDeps: {
            include: [
              'react',
              'react/jsx-runtime',
              'react/jsx-dev-runtime',
              'react-dom',
              'react-dom/client',
              '@testing-library/react',
              '@tanstack/react-query',
              'zustand',
              '@xterm/xterm',
              '@xterm/addon-fit',
              '@xterm/addon-webgl',
              '@xterm/addon-search',
              '@xterm/addon-web-links',
              'asciinema-player',
            ],
          },
          test: {
            name: 'browser',
            include: ['test/browser/**/*.test.{ts,tsx}'],
            globalSetup: ['test/browser/global-setup.ts'],
            browser: browserBlock(),
            testTimeout: 30_000,
          },
        },
        {
          extends: true,
          // Every story of .storybook/main.ts is a test: rendered in Chromium, its play function asserted.
          plugins: [storybookTest({ configDir: '.storybook' })],
          test: {
            name: 'storybook',
            browser: browserBlock(),
            testTimeout: 30_000,
          },
        },
      ],
    },
  }),
);
