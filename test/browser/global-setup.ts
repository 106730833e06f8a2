import type { TestProject } from 'vitest/node';
import { assertChromium } from '../support/chromium.ts';
import { startBrowserGateway } from '../support/browser-gateway.ts';
import type { TestWsServer } from '../support/ws-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    gatewayUrl: string;
  }
}

/** Shared with the browser commands in vitest.config.ts, which run in this same process. */
export interface BrowserTestGlobals {
  kvBrowserGateway?: TestWsServer;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  assertChromium();
  const gateway = await startBrowserGateway();
  (globalThis as BrowserTestGlobals).kvBrowserGateway = gateway;
  project.provide('gatewayUrl', gateway.httpUrl);
  return async () => {
    delete (globalThis as BrowserTestGlobals).kvBrowserGateway;
    await gateway.close();
  };
}
