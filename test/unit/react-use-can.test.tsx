/**
 * `useCan` in jsdom against a narrow fetch mock of `GET /api/v1/auth/can`: one request per distinct
 * question, nothing allowed until the answer is in, errors surfaced, and a new token asks again.
 */
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GatewayApiError, useCan, type CanQuestion } from '../../src/react/index.ts';
import { TestProvider } from '../support/react-jsdom.tsx';

const BASE = 'http://gateway.test';

/** What the mock gateway answers for one request: a JSON body and a status. */
type Answer = { status?: number; body: unknown } | Promise<{ status?: number; body: unknown }>;

let answer: (url: URL, token: string | null) => Answer;
const fetchMock = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
  const url = new URL(String(input));
  const auth = new Headers(init?.headers).get('authorization');
  const { status = 200, body } = await answer(url, auth?.replace(/^Bearer /, '') ?? null);
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
});

/** The can-questions fetched so far, as `verb resource[/subresource] name?namespace@token`. */
function asked(): string[] {
  return fetchMock.mock.calls.map(([input, init]) => {
    const q = new URL(String(input)).searchParams;
    const sub = q.get('subresource') ? `/${q.get('subresource')}` : '';
    const token = new Headers(init?.headers).get('authorization')?.replace(/^Bearer /, '');
    return `${q.get('verb')} ${q.get('resource')}${sub} ${q.get('name') ?? ''}?${q.get('namespace') ?? ''}@${token}`;
  });
}

function Can({ id, question }: { id: string; question: CanQuestion }): ReactNode {
  const { allowed, reason, isLoading, error } = useCan(question);
  const parts = error ? ['error', error instanceof GatewayApiError ? String(error.status) : '', error.message] : [String(allowed), reason ?? '', isLoading ? 'loading' : 'done'];
  return <p data-testid={id}>{parts.filter(Boolean).join(' ')}</p>;
}

const text = (id: string) => screen.getByTestId(id).textContent;
const deletePod = (name: string): CanQuestion => ({ cluster: 'prod-us', namespace: 'default', resource: 'pods', verb: 'delete', name });

beforeEach(() => {
  fetchMock.mockClear();
  vi.stubGlobal('fetch', fetchMock);
  answer = () => ({ body: { allowed: true, reason: '' } });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('useCan', () => {
  it('asks once per distinct question, however many components ask it', async () => {
    render(
      <TestProvider baseUrl={BASE}>
        {['a', 'b', 'c', 'd'].map((id) => (
          <Can key={id} id={id} question={deletePod('my-pod')} />
        ))}
        <Can id="other" question={deletePod('api-7d9f')} />
        <Can id="exec" question={{ cluster: 'prod-us', namespace: 'default', resource: 'pods', subresource: 'exec', verb: 'create', name: 'my-pod' }} />
      </TestProvider>,
    );
    await waitFor(() => expect(['a', 'b', 'c', 'd', 'other', 'exec'].map(text)).toEqual(Array(6).fill('true done')));
    expect(asked().sort()).toEqual(['create pods/exec my-pod?default@test-token', 'delete pods api-7d9f?default@test-token', 'delete pods my-pod?default@test-token']);
    const first = new URL(String(fetchMock.mock.calls[0]?.[0]));
    expect(`${first.origin}${first.pathname}`).toBe(`${BASE}/api/v1/auth/can`);
  });

  it('leaves empty optional fields out of the question', async () => {
    render(
      <TestProvider baseUrl={BASE}>
        <Can id="nodes" question={{ cluster: 'prod-us', namespace: '', resource: 'nodes', verb: 'list' }} />
      </TestProvider>,
    );
    await waitFor(() => expect(text('nodes')).toBe('true done'));
    expect([...new URL(String(fetchMock.mock.calls[0]?.[0])).searchParams.keys()].sort()).toEqual(['cluster', 'resource', 'verb']);
  });

  it('says neither yes nor no while the answer is on its way', async () => {
    let release: (a: { body: unknown }) => void = () => undefined;
    answer = () => new Promise((resolve) => (release = resolve));
    render(
      <TestProvider baseUrl={BASE}>
        <Can id="q" question={deletePod('my-pod')} />
      </TestProvider>,
    );
    expect(text('q')).toBe('undefined loading');
    await waitFor(() => expect(fetchMock.mock.calls.length).toBe(1));
    expect(text('q')).toBe('undefined loading');
    release({ body: { allowed: false, reason: 'RBAC: pods "my-pod" is forbidden' } });
    await waitFor(() => expect(text('q')).toBe('false RBAC: pods "my-pod" is forbidden done'));
  });

  it("surfaces the gateway's error, without retrying a 4xx, and allows nothing", async () => {
    answer = () => ({ status: 404, body: { error: { code: 404, reason: 'NotFound', message: 'no cluster "nowhere"' } } });
    render(
      <TestProvider baseUrl={BASE}>
        <Can id="q" question={{ ...deletePod('my-pod'), cluster: 'nowhere' }} />
      </TestProvider>,
    );
    await waitFor(() => expect(text('q')).toBe('error 404 no cluster "nowhere"'));
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('refreshes the token once after a 401, but not for a missing cluster token', async () => {
    // As a real provider does: once refreshed, the fresh token is the one it hands out.
    let current = 'stale-token';
    const getToken = vi.fn(({ forceRefresh }: { forceRefresh: boolean }) => (forceRefresh ? (current = 'fresh-token') : current));
    answer = (url, token) => {
      if (url.searchParams.get('cluster') === 'personal') return { status: 401, body: { error: { code: 401, reason: 'ClusterTokenRequired', message: 'this cluster needs your own token' } } };
      return token === 'fresh-token' ? { body: { allowed: true } } : { status: 401, body: { error: { code: 401, reason: 'Unauthorized', message: 'expired' } } };
    };
    render(
      <TestProvider baseUrl={BASE} getToken={getToken}>
        <Can id="expired" question={deletePod('my-pod')} />
      </TestProvider>,
    );
    await waitFor(() => expect(text('expired')).toBe('true done'));
    // The refreshed token is news to the provider, which asks again under it: never with the stale one.
    expect(asked()[0]).toBe('delete pods my-pod?default@stale-token');
    expect(new Set(asked().slice(1))).toEqual(new Set(['delete pods my-pod?default@fresh-token']));

    getToken.mockClear();
    render(
      <TestProvider baseUrl={BASE} getToken={getToken}>
        <Can id="personal" question={{ ...deletePod('my-pod'), cluster: 'personal' }} />
      </TestProvider>,
    );
    await waitFor(() => expect(text('personal')).toBe('error 401 this cluster needs your own token'));
    expect(getToken.mock.calls.map(([options]) => options.forceRefresh)).toEqual([false]);
  });

  it('asks again with a new token as soon as a request sees it, showing nothing meanwhile', async () => {
    let token = 'operator-token';
    answer = (_url, sent) => ({ body: { allowed: sent === 'operator-token' } });
    const { rerender } = render(
      <TestProvider baseUrl={BASE} getToken={() => token}>
        <Can id="first" question={deletePod('my-pod')} />
      </TestProvider>,
    );
    await waitFor(() => expect(text('first')).toBe('true done'));

    // Another user signs in; the next request of the kit (here a new question) carries the new token.
    token = 'viewer-token';
    rerender(
      <TestProvider baseUrl={BASE} getToken={() => token}>
        <Can id="first" question={deletePod('my-pod')} />
        <Can id="second" question={deletePod('api-7d9f')} />
      </TestProvider>,
    );
    await waitFor(() => expect(text('first')).toBe('false done'));
    await waitFor(() => expect(text('second')).toBe('false done'));
    expect(asked()).toContain('delete pods my-pod?default@viewer-token');
    expect(asked().filter((q) => q.startsWith('delete pods my-pod'))).toEqual(['delete pods my-pod?default@operator-token', 'delete pods my-pod?default@viewer-token']);
  });

  it('does not reuse answers of another provider (another sign-in) sharing the QueryClient', async () => {
    const { QueryClient } = await import('@tanstack/react-query');
    const shared = new QueryClient();
    answer = (_url, sent) => ({ body: { allowed: sent === 'admin-token' } });
    const first = render(
      <TestProvider baseUrl={BASE} getToken={() => 'admin-token'} queryClient={shared}>
        <Can id="q" question={deletePod('my-pod')} />
      </TestProvider>,
    );
    await waitFor(() => expect(text('q')).toBe('true done'));
    first.unmount();
    render(
      <TestProvider baseUrl={BASE} getToken={() => 'viewer-token'} queryClient={shared}>
        <Can id="q" question={deletePod('my-pod')} />
      </TestProvider>,
    );
    expect(text('q')).toBe('undefined loading');
    await waitFor(() => expect(text('q')).toBe('false done'));
  });
});
