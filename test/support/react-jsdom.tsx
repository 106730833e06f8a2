/**
 * Shared by the jsdom React tests: a provider wired to a real in-test `ws` watch server. jsdom tests
 * run in Node, so the `ws` package's client is a real socket to it.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { WebSocket as NodeWebSocket } from 'ws';
import type { KubeVisionClientOptions, KubeObject, WebSocketConstructor } from '../../src/core/index.ts';
import { timerScheduler } from '../../src/core/index.ts';
import { KubeVisionProvider } from '../../src/react/index.ts';
import type { TokenProvider } from '../../src/core/client.ts';

/** Client options for jsdom: the `ws` client, no page signals, fast backoff, 16 ms frames. */
export const jsdomClientOptions: Omit<KubeVisionClientOptions, 'baseUrl' | 'getToken'> = {
  WebSocket: NodeWebSocket as unknown as WebSocketConstructor,
  page: null,
  backoff: { baseMs: 20, maxMs: 100 },
  scheduler: timerScheduler(16),
};

/** A provider on `baseUrl` with {@link jsdomClientOptions}. */
export function TestProvider({
  baseUrl,
  getToken = () => 'test-token',
  queryClient,
  children,
}: {
  baseUrl: string;
  getToken?: TokenProvider;
  queryClient?: QueryClient;
  children: ReactNode;
}): ReactNode {
  return (
    <KubeVisionProvider baseUrl={baseUrl} getToken={getToken} queryClient={queryClient} clientOptions={jsdomClientOptions}>
      {children}
    </KubeVisionProvider>
  );
}

/** A pod in `default` with a unique uid. */
export function pod(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: `uid-${name}` } };
}
