import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { TerminalSessionRecord, TokenProvider } from '../../src/core/index.ts';
import { fetchTerminalSessions, RecordingPlayer, TerminalSessions } from '../../src/audit/index.ts';
import { until } from '../support/until.ts';

afterEach(() => cleanup());

const baseUrl = inject('realGatewayUrl');
const token = inject('realGatewayToken');
const getToken: TokenProvider = () => token;

/** Runs one short shell session through the real gateway, which records it. */
async function recordSession(): Promise<void> {
  const url = `${baseUrl.replace('http', 'ws')}/api/v1/ws/terminal/prod-us/default/my-pod?container=app&command=sh&token=${token}`;
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  await new Promise<void>((resolve, reject) => {
    ws.onopen = () => ws.send(new TextEncoder().encode('echo recorded-hello; exit 0\r'));
    ws.onclose = () => resolve();
    ws.onerror = () => reject(new Error('terminal socket failed'));
  });
}

/** The session this file recorded: found through the API, since other test files record sessions too. */
let session: TerminalSessionRecord;

beforeAll(async () => {
  const since = new Date(Date.now() - 1000);
  await recordSession();
  session = await (async () => {
    for (let i = 0; i < 100; i++) {
      const page = await fetchTerminalSessions({ baseUrl, getToken }, { from: since, cluster: 'prod-us' });
      const mine = page.items.find((s) => s.pod === 'my-pod' && s.command.join(' ') === 'sh' && s.exitCode === 0);
      if (mine) return mine;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the recorded session never appeared in the audit API');
  })();
}, 30_000);

/** The table row of `session`, found by its start time. */
function sessionRow(): HTMLElement | null {
  return document.querySelector<HTMLElement>(`time[datetime="${session.startedAt}"]`)?.closest('tr') ?? null;
}

describe('<TerminalSessions> on the real gateway', () => {
  it('lists the recorded session, activates it by keyboard, and hides it when filtered by another cluster', async () => {
    const onSelect = vi.fn<(s: TerminalSessionRecord) => void>();
    render(<TerminalSessions baseUrl={baseUrl} getToken={getToken} onSelect={onSelect} />);
    const row = await until(sessionRow, 'the session row');
    const cells = within(row).getAllByRole('cell').map((c) => c.textContent);
    expect(cells[0]).toBe('admin-token');
    expect(cells.slice(1, 5)).toEqual(['prod-us', 'default', 'my-pod', 'app']);
    expect(cells[7]).toBe('0');

    row.focus();
    await userEvent.keyboard('{Enter}');
    expect(onSelect).toHaveBeenCalledWith(expect.objectContaining({ id: session.id }));

    await userEvent.fill(screen.getByLabelText('Cluster'), 'prod-eu');
    await userEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    await until(() => document.querySelector('table[aria-busy="false"]'), 'the filtered list');
    expect(sessionRow()).toBeNull();
  });

  it('pages with a cursor through "Load more"', async () => {
    // A second session guarantees two pages at a page size of one.
    await recordSession();
    render(<TerminalSessions baseUrl={baseUrl} getToken={getToken} pageSize={1} />);
    const more = await until(() => screen.queryByRole('button', { name: 'Load more' }), 'the load-more button');
    expect(screen.getAllByRole('row')).toHaveLength(2);
    await userEvent.click(more);
    await until(() => screen.getAllByRole('row').length === 3, 'the second page');
  });

  it('shows an error when the token is refused, asking once more with a refreshed token', async () => {
    const asked: boolean[] = [];
    // An inline token function, as apps write it: a new identity each render must not refetch.
    render(<TerminalSessions baseUrl={baseUrl} getToken={({ forceRefresh }) => (asked.push(forceRefresh), 'not-a-token')} />);
    const alert = await until(() => screen.queryByRole('alert'), 'the error');
    expect(alert.textContent).toMatch(/Could not load terminal sessions/);
    await new Promise((r) => setTimeout(r, 300));
    expect(asked).toEqual([false, true]);
  });
});

describe('<RecordingPlayer> on the real gateway', () => {
  it('loads the recording by id and shows its text when seeked to the end', async () => {
    render(<RecordingPlayer id={session.id} baseUrl={baseUrl} getToken={getToken} />);
    const seek = await until(() => screen.queryByRole<HTMLInputElement>('slider', { name: 'Seek' }), 'the seek slider');
    await until(() => !seek.disabled, 'the recording to load');
    await userEvent.fill(seek, seek.max);
    await until(() => document.querySelector('.kv-player-screen')?.textContent?.includes('recorded-hello'), 'the recorded text');
  });

  it('plays the recording to the end at a high speed', async () => {
    render(<RecordingPlayer id={session.id} baseUrl={baseUrl} getToken={getToken} />);
    await userEvent.selectOptions(await until(() => screen.queryByLabelText('Speed'), 'the speed menu'), '16');
    const play = await until(() => screen.queryByRole<HTMLButtonElement>('button', { name: 'Play' }), 'the play button');
    await until(() => !play.disabled, 'the recording to load');
    await userEvent.click(play);
    await until(() => document.querySelector('.kv-player-screen')?.textContent?.includes('recorded-hello'), 'the recorded text');
  });
});
