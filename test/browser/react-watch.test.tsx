import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { Suspense, type ReactNode } from 'react';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { commands } from 'vitest/browser';
import type { Pod } from 'kubernetes-types/core/v1';
import { ConnectionStatus, KubeVisionProvider, useResourceWatch, useSuspenseResourceWatch } from '../../src/react/index.ts';
import '../../src/styles/theme.css';

const baseUrl = inject('realGatewayUrl');
const token = inject('realGatewayToken');
const podsUrl = `${baseUrl}/api/v1/clusters/prod-us/pods`;

afterEach(() => cleanup());

function PodNames(): ReactNode {
  const { items, isSynced } = useResourceWatch<Pod>({ cluster: 'prod-us', namespace: 'default', resource: 'pods' });
  if (!isSynced) return <p>pending</p>;
  return (
    <ul aria-label="pods">
      {items.map((p) => (
        <li key={p.metadata?.uid}>{p.metadata?.name}</li>
      ))}
    </ul>
  );
}

function Page(): ReactNode {
  return (
    <KubeVisionProvider baseUrl={baseUrl} getToken={() => token}>
      <ConnectionStatus />
      <PodNames />
    </KubeVisionProvider>
  );
}

async function gatewayRest(url: string, init: RequestInit): Promise<void> {
  // A JSON content type without a body is a 400 at the gateway, so DELETE goes without one.
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(url, { ...init, headers });
  expect(response.ok, `${init.method} ${url}: HTTP ${response.status}`).toBe(true);
}

const podNames = () => [...screen.getByRole('list', { name: 'pods' }).querySelectorAll('li')].map((li) => li.textContent);

describe('the React layer in Chromium against the real gateway', () => {
  it('updates a watched pod list when a pod is created and deleted through REST', async () => {
    render(<Page />);
    await waitFor(() => expect(podNames()).toContain('my-pod'), { timeout: 10_000 });
    const name = `react-watch-${Date.now()}`;
    await gatewayRest(`${podsUrl}?namespace=default`, {
      method: 'POST',
      body: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: 'default' },
        spec: { containers: [{ name: 'main', image: 'busybox' }] },
      }),
    });
    await waitFor(() => expect(podNames()).toContain(name), { timeout: 10_000 });
    await gatewayRest(`${podsUrl}/${name}?namespace=default`, { method: 'DELETE' });
    await waitFor(() => expect(podNames()).not.toContain(name), { timeout: 10_000 });
  });

  it('shows reconnecting with a countdown after the sockets are cut, then live again', async () => {
    render(<Page />);
    const badge = screen.getByRole('status');
    await waitFor(() => expect(badge.textContent).toBe('live'), { timeout: 10_000 });
    await commands.dropRealGatewaySockets();
    await waitFor(() => expect(badge.dataset.state).toBe('reconnecting'), { interval: 10 });
    // The first retry waits 0.5-1 s (DESIGN §4), long enough to catch the countdown.
    await waitFor(() => expect(badge.textContent).toMatch(/^reconnecting in [1-9]\d* s$/), { interval: 10 });
    await waitFor(() => expect(badge.textContent).toBe('live'), { timeout: 15_000 });
  });

  it('suspends until the first complete snapshot with useSuspenseResourceWatch', async () => {
    function Services(): ReactNode {
      const { items, isSynced } = useSuspenseResourceWatch({ cluster: 'prod-us', namespace: 'shop', resource: 'services' });
      return <p>{isSynced ? `services: ${items.map((s) => s.metadata?.name).join(',')}` : 'not synced'}</p>;
    }
    render(
      <KubeVisionProvider baseUrl={baseUrl} getToken={() => token}>
        <Suspense fallback={<p>loading services</p>}>
          <Services />
        </Suspense>
      </KubeVisionProvider>,
    );
    expect(screen.getByText('loading services')).toBeTruthy();
    await waitFor(() => expect(screen.getByText(/^services: /).textContent).toMatch(/frontend/), { timeout: 10_000 });
    expect(screen.queryByText('not synced')).toBeNull();
  });
});
