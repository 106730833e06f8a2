import { QueryClient } from '@tanstack/react-query';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { resourceWatchKey, useResourceWatch, type ResourceWatchResult, type ResourceWatchSnapshot } from '../../src/react/index.ts';
import { TestProvider, pod } from '../support/react-jsdom.tsx';
import { startWatchServer, type WatchServer } from '../support/watch-server.ts';

const KEY = { cluster: 'prod-us', namespace: 'default', resource: 'pods' };

let server: WatchServer;
let queryClient: QueryClient;
beforeEach(async () => {
  server = await startWatchServer();
  server.put('prod-us', 'pods', pod('web-1'));
  queryClient = new QueryClient();
});
afterEach(async () => {
  cleanup();
  queryClient.clear();
  await server.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let selectCalls = 0;
/** Stable on purpose: `select` is memoised on the objects and this function. */
function podNames(items: readonly Pod[]): string[] {
  selectCalls++;
  return items.map((p) => p.metadata?.name ?? '');
}

const results: ResourceWatchResult<string[]>[] = [];
function Names({ label }: { label: string }): ReactNode {
  const result = useResourceWatch<Pod, string[]>(KEY, { select: podNames });
  results.push(result);
  return <p data-testid="names">{`${label}: ${result.isSynced ? result.items.join(',') : 'pending'}`}</p>;
}

describe('useResourceWatch and the react-query cache', () => {
  it('stays pending until SYNCED, then caches the snapshot under resourceWatchKey', async () => {
    server.holdSynced();
    render(
      <TestProvider baseUrl={server.httpUrl} queryClient={queryClient}>
        <Names label="a" />
      </TestProvider>,
    );
    await waitFor(() => expect(server.received('subscribe')).toHaveLength(1));
    await act(() => sleep(100));
    expect(screen.getByTestId('names').textContent).toBe('a: pending');
    expect(queryClient.getQueryState(resourceWatchKey(KEY))?.status).toBe('pending');
    act(() => server.releaseSynced());
    await waitFor(() => expect(screen.getByTestId('names').textContent).toBe('a: web-1'));
    const cached = queryClient.getQueryData<ResourceWatchSnapshot<Pod>>(resourceWatchKey(KEY));
    expect(cached?.synced).toBe(true);
    expect(cached?.items.map((p) => p.metadata?.name)).toEqual(['web-1']);
  });

  it('keeps the result and the selection referentially stable when nothing changed', async () => {
    results.length = 0;
    selectCalls = 0;
    const view = render(
      <TestProvider baseUrl={server.httpUrl} queryClient={queryClient}>
        <Names label="a" />
      </TestProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('names').textContent).toBe('a: web-1'));
    const settled = results.at(-1);
    const calls = selectCalls;
    view.rerender(
      <TestProvider baseUrl={server.httpUrl} queryClient={queryClient}>
        <Names label="b" />
      </TestProvider>,
    );
    expect(screen.getByTestId('names').textContent).toBe('b: web-1');
    expect(results.at(-1)).toBe(settled);
    expect(selectCalls).toBe(calls);
    act(() => server.put('prod-us', 'pods', pod('web-2')));
    await waitFor(() => expect(screen.getByTestId('names').textContent).toBe('b: web-1,web-2'));
    expect(results.at(-1)?.items).not.toBe(settled?.items);
  });
});
