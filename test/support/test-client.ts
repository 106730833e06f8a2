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
