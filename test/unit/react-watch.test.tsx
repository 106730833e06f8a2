import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { Profiler, StrictMode, type ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { useResourceWatch } from '../../src/react/index.ts';
import { TestProvider, pod } from '../support/react-jsdom.tsx';
import { startWatchServer, type WatchServer } from '../support/watch-server.ts';

const KEY = { cluster: 'prod-us', namespace: 'default', resource: 'pods' };

let server: WatchServer;
beforeEach(async () => {
  server = await startWatchServer();
  server.put('prod-us', 'pods', pod('web-1'));
});
afterEach(async () => {
  cleanup();
  await server.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Shows the pod count and whether the list has synced. */
function PodCount({ id }: { id: string }): ReactNode {
  const { items, isSynced } = useResourceWatch<Pod>(KEY);
  return <p data-testid={id}>{isSynced ? `${items.length} pods` : 'pending'}</p>;
}

describe('useResourceWatch in jsdom against a real ws server', () => {
  it('renders a handful of times for 1,000 events', async () => {
    // Profiler counts commits of the list: one per React render of it.
    const counter = { renders: 0 };
    render(
      <TestProvider baseUrl={server.httpUrl}>
        <Profiler id="list" onRender={() => counter.renders++}>
          <PodCount id="list" />
        </Profiler>
      </TestProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('list').textContent).toBe('1 pods'));
    const before = counter.renders;
    act(() => {
      for (let i = 0; i < 1000; i++) server.put('prod-us', 'pods', pod(`burst-${i}`));
    });
    await waitFor(() => expect(screen.getByTestId('list').textContent).toBe('1001 pods'));
    await act(() => sleep(100));
    expect(counter.renders - before).toBeGreaterThanOrEqual(1);
    expect(counter.renders - before).toBeLessThanOrEqual(8);
  });

  it('opens exactly one socket and one subscription under StrictMode', async () => {
    render(
      <StrictMode>
        <TestProvider baseUrl={server.httpUrl}>
          <PodCount id="list" />
        </TestProvider>
      </StrictMode>,
    );
    await waitFor(() => expect(screen.getByTestId('list').textContent).toBe('1 pods'));
    // Past the core's 100 ms linger: a StrictMode remount must not have churned the subscription.
    await act(() => sleep(250));
    expect(server.connections).toHaveLength(1);
    expect(server.open()).toHaveLength(1);
    expect(server.received('subscribe')).toHaveLength(1);
    expect(server.received('unsubscribe')).toHaveLength(0);
  });

  it('shares one subscription between two components on one key and ends it after both unmount', async () => {
    const view = render(
      <TestProvider baseUrl={server.httpUrl}>
        <PodCount id="a" />
        <PodCount id="b" />
      </TestProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('b').textContent).toBe('1 pods'));
    expect(screen.getByTestId('a').textContent).toBe('1 pods');
    act(() => server.put('prod-us', 'pods', pod('web-2')));
    await waitFor(() => expect(screen.getByTestId('a').textContent).toBe('2 pods'));
    expect(screen.getByTestId('b').textContent).toBe('2 pods');
    expect(server.received('subscribe')).toHaveLength(1);
    view.rerender(<TestProvider baseUrl={server.httpUrl}>{null}</TestProvider>);
    await waitFor(() => expect(server.received('unsubscribe')).toHaveLength(1));
    expect(server.received('subscribe')).toHaveLength(1);
  });
});
