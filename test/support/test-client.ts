import { afterEach } from 'vitest';
import { createKubeVisionClient, type KubeVisionClient, type KubeVisionClientOptions } from '../../src/core/client.ts';
import { timerScheduler } from '../../src/core/scheduler.ts';

/** A client for node tests: no page signals, fast backoff, 10 ms batches; `overrides` win. */
export function testClient(baseUrl: string, overrides: Partial<KubeVisionClientOptions> = {}): KubeVisionClient {
  return createKubeVisionClient({
    baseUrl,
    getToken: () => 'test-token',
    page: null,
    backoff: { baseMs: 20, maxMs: 100 },
    scheduler: timerScheduler(10),
    ...overrides,
  });
}

/**
 * One fake endpoint and one client per test, both closed after it: returns the function that
 * adopts a started endpoint and gives its client.
 */
export function clientPerTest<S extends { httpUrl: string; close(): Promise<void> }>(): (server: S, overrides?: Partial<KubeVisionClientOptions>) => KubeVisionClient {
  let server: S | null = null;
  let client: KubeVisionClient | null = null;
  afterEach(async () => {
    client?.dispose();
    client = null;
    await server?.close();
    server = null;
  });
  return (started, overrides = {}) => {
    server = started;
    client = testClient(started.httpUrl, overrides);
    return client;
  };
}
