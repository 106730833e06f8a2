import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState, type ReactNode } from 'react';
import { expect, fn, waitFor, within } from 'storybook/test';
import type { TerminalSessionRecord } from '@kubevision/kit';
import { RecordingPlayer, TerminalSessions } from '@kubevision/kit/audit';
import { auditHandlers, RECORDED_TEXT, SESSIONS } from './mocks/audit.ts';
import { MOCK_BASE_URL, getMockToken } from './mocks/gateway.ts';
import { withMocks } from './mocks/story.ts';

/** The audit components on the mocked audit API: the recorded sessions and their playback. */
const meta = {
  title: 'Audit/TerminalSessions',
  component: TerminalSessions,
  args: { baseUrl: MOCK_BASE_URL, getToken: getMockToken, pageSize: 5, onSelect: fn() },
  ...withMocks({ audit: auditHandlers() }),
} satisfies Meta<typeof TerminalSessions>;

export default meta;
type Story = StoryObj<typeof meta>;

const SLOW = { timeout: 10_000 };
const bodyRows = (canvasElement: HTMLElement) => [...canvasElement.querySelectorAll<HTMLElement>('tbody tr')];

/** The newest sessions a page at a time; "Load more" follows the cursor; Enter on a row selects it. */
export const Paged: Story = {
  play: async ({ args, canvas, canvasElement, userEvent }) => {
    await waitFor(() => expect(bodyRows(canvasElement)).toHaveLength(5), SLOW);
    await userEvent.click(canvas.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(bodyRows(canvasElement)).toHaveLength(10));
    await userEvent.click(canvas.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(bodyRows(canvasElement)).toHaveLength(SESSIONS.length));
    expect(canvas.queryByRole('button', { name: 'Load more' })).toBeNull();

    const [first] = bodyRows(canvasElement);
    first?.focus();
    await userEvent.keyboard('{Enter}');
    expect(args.onSelect).toHaveBeenCalledWith(SESSIONS[0]);
  },
};

/** Filtered by cluster through the form: only that cluster's sessions remain. */
export const FilteredByCluster: Story = {
  play: async ({ canvas, canvasElement, userEvent }) => {
    await waitFor(() => expect(bodyRows(canvasElement)).toHaveLength(5), SLOW);
    await userEvent.type(canvas.getByLabelText('Cluster'), 'staging-eu');
    await userEvent.click(canvas.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() => expect(canvas.getByRole('table')).toHaveAttribute('aria-busy', 'false'));
    await waitFor(() => expect(bodyRows(canvasElement).map((tr) => within(tr).getAllByRole('cell')[1]?.textContent)).toEqual(Array(5).fill('staging-eu')));
  },
};

/** No session matches: the table says so. */
export const Empty: Story = {
  ...withMocks({ audit: auditHandlers({ sessions: [] }) }),
  play: async ({ canvas }) => {
    await waitFor(() => expect(canvas.getByText('No recorded sessions match these filters.')).toBeInTheDocument(), SLOW);
  },
};

/** A non-admin token: the gateway answers 403 and the component shows its message. */
export const Forbidden: Story = {
  ...withMocks({ audit: auditHandlers({ fail: { status: 403, reason: 'Forbidden', message: 'the audit API needs the admin role' } }) }),
  play: async ({ canvas }) => {
    await waitFor(() => expect(canvas.getByRole('alert')).toHaveTextContent('Could not load terminal sessions: the audit API needs the admin role'), SLOW);
  },
};

/** Settings → Audit as the demo builds it: pick a session, watch its recording. */
function SessionsWithPlayback(): ReactNode {
  const [selected, setSelected] = useState<TerminalSessionRecord | null>(null);
  return (
    <div style={{ display: 'grid', gap: '1rem' }}>
      <TerminalSessions baseUrl={MOCK_BASE_URL} getToken={getMockToken} pageSize={5} selectedId={selected?.id} onSelect={setSelected} />
      {selected && <RecordingPlayer key={selected.id} id={selected.id} baseUrl={MOCK_BASE_URL} getToken={getMockToken} />}
    </div>
  );
}

/** A click on a session loads its asciicast recording into the player; seeking to the end shows what it printed. */
export const WithPlayback: Story = {
  render: () => <SessionsWithPlayback />,
  play: async ({ canvas, canvasElement, userEvent }) => {
    await waitFor(() => expect(bodyRows(canvasElement)).toHaveLength(5), SLOW);
    const [, second] = bodyRows(canvasElement);
    if (!second) throw new Error('no second session row');
    await userEvent.click(second);
    const seek = await canvas.findByRole<HTMLInputElement>('slider', { name: 'Seek' }, SLOW);
    await waitFor(() => expect(seek).toBeEnabled(), SLOW);
    expect(Number(seek.max)).toBeCloseTo(3, 0);
    await userEvent.click(canvas.getByRole('button', { name: 'Play' }));
    await waitFor(() => expect(canvasElement.querySelector('.kv-player-screen')).toHaveTextContent(RECORDED_TEXT), SLOW);
  },
};
