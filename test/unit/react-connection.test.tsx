import { cleanup, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectionStatus, useConnectionState, useResourceWatch } from '../../src/react/index.ts';
import { TestProvider, pod } from '../support/react-jsdom.tsx';
import { startWatchServer, type WatchServer } from '../support/watch-server.ts';

let server: WatchServer;
beforeEach(async () => {
  server = await startWatchServer({ refuse: (key) => (key.resource === 'secrets' ? { code: 403, message: 'forbidden' } : null) });
  server.put('prod-us', 'pods', pod('web-1'));
});
afterEach(async () => {
  cleanup();
  await server.close();
});

/** The socket only opens with a subscription, so every test watches something. */
function Watch({ resource = 'pods' }: { resource?: string }): ReactNode {
  const { error } = useResourceWatch({ cluster: 'prod-us', namespace: 'default', resource });
  return <p data-testid="error">{error ? `${error.code} ${error.reason}` : 'none'}</p>;
}

function StateProbe(): ReactNode {
  const { state, code } = useConnectionState();
  return <p data-testid="state">{`${state} ${code ?? ''}`.trim()}</p>;
}

const badge = () => screen.getByRole('status');

describe('connection state and <ConnectionStatus> in jsdom', () => {
  it('goes connecting, live, reconnecting in N s after a cut, and live again', async () => {
    render(
      <TestProvider baseUrl={server.httpUrl}>
        <Watch />
        <ConnectionStatus className="mine" />
      </TestProvider>,
    );
    expect(badge().textContent).toBe('connecting');
    expect(badge().getAttribute('aria-live')).toBe('polite');
    await waitFor(() => expect(badge().textContent).toBe('live'));
    expect(badge().className).toBe('kv-connection-status kv-connection-status--live mine');
    server.dropAll();
    await waitFor(() => expect(badge().dataset.state).toBe('reconnecting'), { interval: 1 });
    await waitFor(() => expect(badge().textContent).toBe('live'));
  });

  it('reports signed-out when the token provider has no token', async () => {
    render(
      <TestProvider baseUrl={server.httpUrl} getToken={() => null}>
        <Watch />
        <StateProbe />
        <ConnectionStatus />
      </TestProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('state').textContent).toBe('signed-out 4401'));
    expect(badge().textContent).toBe('signed out');
    expect(server.connections).toHaveLength(0);
  });

  it('sets error from a refused subscription while the socket stays live', async () => {
    render(
      <TestProvider baseUrl={server.httpUrl}>
        <Watch resource="secrets" />
        <ConnectionStatus />
      </TestProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('error').textContent).toBe('403 forbidden'));
    expect(badge().textContent).toBe('live');
  });
});
