import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor } from 'storybook/test';
import { CloseCode, ConnectionStatus } from '@kubevision/kit';
import { mockWatch } from './mocks/watch.ts';
import { SMALL_WORLD } from './mocks/pods.ts';
import { withMocks } from './mocks/story.ts';
import { PodTable } from './pod-table.tsx';

/**
 * `<ConnectionStatus>` follows the page's shared watch socket, which opens with the first
 * subscription: each story shows the badge above a pods table that subscribes.
 */
const meta = {
  title: 'React/ConnectionStatus',
  component: ConnectionStatus,
  render: () => <PodTable />,
} satisfies Meta<typeof ConnectionStatus>;

export default meta;
type Story = StoryObj<typeof meta>;

const SLOW = { timeout: 10_000 };

const unreachable = mockWatch({ attempt: () => 'unreachable' });
/** The gateway never answers: the badge stays on "connecting" across failed attempts. */
export const Connecting: Story = {
  ...withMocks({ watch: unreachable.endpoint.handler }, unreachable.endpoint.reset),
  play: async ({ canvas }) => {
    const badge = canvas.getByRole('status');
    await waitFor(() => expect(unreachable.endpoint.attempts).toBeGreaterThanOrEqual(2), SLOW);
    expect(badge).toHaveTextContent('connecting');
    expect(badge).toHaveAttribute('data-state', 'connecting');
  },
};

const live = mockWatch({ answer: () => SMALL_WORLD });
/** Connected: the snapshot arrived and events flow. */
export const Live: Story = {
  ...withMocks({ watch: live.endpoint.handler }, live.endpoint.reset),
  play: async ({ canvas }) => {
    await waitFor(() => expect(canvas.getByTestId('pod-count')).toHaveTextContent('4 pods in default'), SLOW);
    expect(canvas.getByRole('status')).toHaveTextContent('live');
  },
};

const dropped = mockWatch({ answer: () => SMALL_WORLD, attempt: (n) => (n === 0 ? 'serve' : 'unreachable') });
/** The connection was lost (1006) and the gateway stays away: "reconnecting in N s", counting down between attempts. */
export const ReconnectingAfterDrop: Story = {
  ...withMocks({ watch: dropped.endpoint.handler }, dropped.endpoint.reset),
  play: async ({ canvas }) => {
    const badge = canvas.getByRole('status');
    await waitFor(() => expect(badge).toHaveTextContent('live'), SLOW);
    dropped.endpoint.drop(CloseCode.Abnormal);
    await waitFor(() => expect(badge.textContent).toMatch(/^reconnecting in [1-9]\d* s$/));
    await waitFor(() => expect(dropped.endpoint.attempts).toBeGreaterThanOrEqual(2), SLOW);
    // A failed retry after a drop is still "reconnecting", never back to "connecting".
    expect(badge).toHaveAttribute('data-state', 'reconnecting');
    // The list the user had stays on screen while the socket is down.
    expect(canvas.getByTestId('pod-count')).toHaveTextContent('4 pods in default');
  },
};

const restarted = mockWatch({ answer: () => SMALL_WORLD });
/** The gateway failed (1011) and came back: reconnecting, then live again with the list resynced. */
export const RecoversAfterServerError: Story = {
  ...withMocks({ watch: restarted.endpoint.handler }, restarted.endpoint.reset),
  play: async ({ canvas }) => {
    const badge = canvas.getByRole('status');
    await waitFor(() => expect(badge).toHaveTextContent('live'), SLOW);
    restarted.endpoint.drop(CloseCode.InternalError, 'internal error');
    await waitFor(() => expect(badge).toHaveAttribute('data-state', 'reconnecting'));
    await waitFor(() => expect(badge).toHaveTextContent('live'), SLOW);
    expect(restarted.endpoint.attempts).toBe(2);
    expect(canvas.getByTestId('pod-count')).toHaveTextContent('4 pods in default');
  },
};

const expired = mockWatch({ attempt: () => ({ close: CloseCode.Unauthorized, reason: 'token expired' }) });
/** 4401: the kit asks for a fresh token once, is refused again, and shows "signed out". */
export const SignedOut: Story = {
  ...withMocks({ watch: expired.endpoint.handler }, expired.endpoint.reset),
  play: async ({ canvas }) => {
    const badge = canvas.getByRole('status');
    await waitFor(() => expect(badge).toHaveTextContent('signed out'), SLOW);
    expect(badge).toHaveAttribute('data-state', 'signed-out');
    expect(expired.endpoint.attempts).toBe(2);
  },
};

const forbidden = mockWatch({ attempt: () => ({ close: CloseCode.Forbidden, reason: 'user "viewer" may not watch cluster prod-us' }) });
/** 4403: authenticated but not allowed. The kit stops (no retry) and the badge carries the reason as its title. */
export const Forbidden: Story = {
  ...withMocks({ watch: forbidden.endpoint.handler }, forbidden.endpoint.reset),
  play: async ({ canvas }) => {
    const badge = canvas.getByRole('status');
    await waitFor(() => expect(badge).toHaveTextContent('connection error'), SLOW);
    expect(badge).toHaveAttribute('title', 'user "viewer" may not watch cluster prod-us');
    expect(forbidden.endpoint.attempts).toBe(1);
  },
};
