import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fireEvent, waitFor } from 'storybook/test';
import { RecordingPlayer } from '@kubevision/kit/audit';
import { auditHandlers, RECORDED_TEXT, SESSIONS } from './mocks/audit.ts';
import { MOCK_BASE_URL, getMockToken } from './mocks/gateway.ts';
import { withMocks } from './mocks/story.ts';

/** `<RecordingPlayer>` on the mocked audit API: a short asciicast v2 recording fetched with the Bearer token. */
const meta = {
  title: 'Audit/RecordingPlayer',
  component: RecordingPlayer,
  args: { id: SESSIONS[1]?.id, baseUrl: MOCK_BASE_URL, getToken: getMockToken },
  ...withMocks({ audit: auditHandlers() }),
} satisfies Meta<typeof RecordingPlayer>;

export default meta;
type Story = StoryObj<typeof meta>;

const SLOW = { timeout: 10_000 };

/** Loaded and paused at the start; seeking to the end shows everything the session printed. */
export const Seek: Story = {
  play: async ({ canvas, canvasElement }) => {
    const seek = await canvas.findByRole<HTMLInputElement>('slider', { name: 'Seek' }, SLOW);
    await waitFor(() => expect(seek).toBeEnabled(), SLOW);
    expect(canvasElement.querySelector('.kv-player-screen')).not.toHaveTextContent(RECORDED_TEXT);
    // user-event cannot drag a range input; a change to its maximum is what dragging to the end produces.
    fireEvent.change(seek, { target: { value: seek.max } });
    await waitFor(() => expect(canvasElement.querySelector('.kv-player-screen')).toHaveTextContent(RECORDED_TEXT), SLOW);
  },
};

/** Plays by itself at 4× speed. */
export const AutoPlay: Story = {
  args: { autoPlay: true, speed: 4 },
  play: async ({ canvas, canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector('.kv-player-screen')).toHaveTextContent(RECORDED_TEXT), SLOW);
    await waitFor(() => expect(canvas.getByRole('button', { name: 'Play' })).toBeInTheDocument(), SLOW);
  },
};

/** An id the gateway does not know: the player says why instead of showing an empty screen. */
export const NotFound: Story = {
  args: { id: 'no-such-session' },
  play: async ({ canvas }) => {
    await waitFor(() => expect(canvas.getByRole('alert')).toHaveTextContent('Could not load the recording: recording "no-such-session" not found'), SLOW);
  },
};
