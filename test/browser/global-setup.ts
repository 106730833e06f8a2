import type { TestProject } from 'vitest/node';
import { assertChromium } from '../support/chromium.ts';
import { startBrowserGateway } from '../support/browser-gateway.ts';
import type { TestWsServer } from '../support/ws-server.ts';
import { BROWSER_ADMIN_TOKEN, startRealGateway, type RealGateway } from '../support/browser-real-gateway.ts';
import { startFaultProxy, type FaultProxy } from '../chaos/fault-proxy.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The tiny fake gateway of test/support/browser-gateway.ts. */
    gatewayUrl: string;
    /** The real gateway on the emulator, and its admin token. */
    realGatewayUrl: string;
    realGatewayToken: string;
    /** The real gateway behind the fault proxy, for black-hole tests. */
    proxiedGatewayUrl: string;
  }
}

/** Shared with the browser commands in vitest.config.ts, which run in this same process. */
export interface BrowserTestGlobals {
  kvBrowserGateway?: TestWsServer;
  kvRealGateway?: RealGateway;
  kvFaultProxy?: FaultProxy;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  assertChromium();
  const gateway = await startBrowserGateway();
  const real = await startRealGateway();
  const proxy = await startFaultProxy(Number(new URL(real.url).port));
  const globals = globalThis as BrowserTestGlobals;
  globals.kvBrowserGateway = gateway;
  globals.kvRealGateway = real;
  globals.kvFaultProxy = proxy;
  project.provide('gatewayUrl', gateway.httpUrl);
  project.provide('realGatewayUrl', real.url);
  project.provide('realGatewayToken', BROWSER_ADMIN_TOKEN);
  project.provide('proxiedGatewayUrl', proxy.url);
  return async () => {
    delete globals.kvBrowserGateway;
    delete globals.kvRealGateway;
    delete globals.kvFaultProxy;
    await proxy.close();
    await gateway.close();
    await real.stop();
  };
}
