import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/core/index.ts';
import { useResourceWatch } from '../../src/react/index.ts';
import { useObjectEvents, useResource } from '../../src/resource/index.ts';
import { TestProvider } from '../support/react-jsdom.tsx';
import { startWatchServer, type WatchServer } from '../support/watch-server.ts';

const REF = { cluster: 'prod-us', namespace: 'default', resource: 'configmaps', name: 'settings' };

const configMap = (name: string, value: string, resourceVersion: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion },
  data: { value },
});

const event = (name: string, about: { uid?: string; kind?: string; name?: string }, reason: string, lastTimestamp: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
  involvedObject: about,
  reason,
  lastTimestamp,
});

let server: WatchServer;
beforeEach(async () => {
  server = await startWatchServer();
  server.put('prod-us', 'configmaps', configMap('settings', 'one', '1'));
  server.put('prod-us', 'configmaps', configMap('other', 'x', '2'));
});
afterEach(async () => {
  cleanup();
  await server.close();
});

/** Every distinct object the hook returned: the YAML and diff of a view are memoised on it. */
const seen = new Set<KubeObject>();
function Settings(): ReactNode {
  const { object, notFound } = useResource<KubeObject>(REF);
  if (object) seen.add(object);
  const events = useObjectEvents('prod-us', object);
  if (notFound) return <p data-testid="state">gone</p>;
  return (
    <>
      <p data-testid="state">{object ? `${(object.data as { value: string }).value} @${object.metadata?.resourceVersion}` : 'loading'}</p>
      <p data-testid="events">{events.map((e) => e.reason).join(',')}</p>
    </>
  );
}

function Table(): ReactNode {
  const { items } = useResourceWatch({ cluster: 'prod-us', namespace: 'default', resource: 'configmaps' });
  return <p data-testid="table">{items.map((o) => `${o.metadata?.name}@${o.metadata?.resourceVersion}`).join(' ')}</p>;
}

const text = (id: string) => screen.getByTestId(id).textContent;

describe('useResource', () => {
  it('follows one object on the watch a table of its type holds: one subscription, live, then gone', async () => {
    render(
      <TestProvider baseUrl={server.httpUrl}>
        <Table />
        <Settings />
      </TestProvider>,
    );
    await waitFor(() => expect(text('state')).toBe('one @1'));
    expect(text('table')).toBe('settings@1 other@2');
    expect(server.received('subscribe').filter((m) => m.resource === 'configmaps')).toHaveLength(1);

    act(() => server.put('prod-us', 'configmaps', configMap('settings', 'two', '3')));
    await waitFor(() => expect(text('state')).toBe('two @3'));

    // A change to another object of the namespace hands back the same object: nothing is recomputed.
    const before = seen.size;
    act(() => server.put('prod-us', 'configmaps', configMap('other', 'y', '4')));
    await waitFor(() => expect(text('table')).toBe('settings@3 other@4'));
    expect(seen.size).toBe(before);

    act(() => server.remove('prod-us', 'configmaps', 'default', 'settings'));
    await waitFor(() => expect(text('state')).toBe('gone'));
  });

  it('lists the events about the object, by uid or by kind and name, newest first', async () => {
    server.put('prod-us', 'events', event('a', { uid: 'uid-settings' }, 'Older', '2026-01-01T00:00:00Z'));
    server.put('prod-us', 'events', event('b', { kind: 'ConfigMap', name: 'settings' }, 'Newer', '2026-01-02T00:00:00Z'));
    server.put('prod-us', 'events', event('c', { uid: 'uid-other' }, 'NotOurs', '2026-01-03T00:00:00Z'));
    server.put('prod-us', 'events', event('d', { kind: 'Secret', name: 'settings' }, 'OtherKind', '2026-01-03T00:00:00Z'));
    render(
      <TestProvider baseUrl={server.httpUrl}>
        <Settings />
      </TestProvider>,
    );
    await waitFor(() => expect(text('events')).toBe('Newer,Older'));
    act(() => server.put('prod-us', 'events', event('e', { uid: 'uid-settings' }, 'Newest', '2026-01-04T00:00:00Z')));
    await waitFor(() => expect(text('events')).toBe('Newest,Newer,Older'));
  });
});
