import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { LogViewer } from '@kubevision/kit';
import { mockLogs, type LogMock } from './mocks/logs.ts';
import { SMALL_WORLD } from './mocks/pods.ts';
import { withMocks } from './mocks/story.ts';
import { mockWatch } from './mocks/watch.ts';

/** `<LogViewer>` on a mocked container log; the pod watch behind its container picker is mocked too. */
const meta = {
  title: 'Logs/LogViewer',
  component: LogViewer,
  args: { cluster: 'prod-us', namespace: 'default', pod: 'my-pod' },
  render: (args) => (
    <div style={{ height: 420 }}>
      <LogViewer {...args} />
    </div>
  ),
} satisfies Meta<typeof LogViewer>;

export default meta;
type Story = StoryObj<typeof meta>;

const SLOW = { timeout: 15_000 };
const pods = mockWatch({ answer: () => SMALL_WORLD });

/** The story's handlers: the pods watch and `logs`, whose container starts over before each render. */
const withLog = (logs: LogMock) => withMocks({ watch: pods.endpoint.handler, logs: logs.endpoint.handler }, pods.endpoint.reset, logs.start);

/** The number of entries the status bar says the viewer holds. */
function heldLines(canvasElement: HTMLElement): number {
  const text = canvasElement.querySelector('.kv-log__status-count')?.textContent ?? '';
  return Number(text.replace(/[^\d]/g, ''));
}

const REQUESTS = ['GET /api/orders 200 12ms', 'POST /api/cart 201 48ms', 'GET /healthz 200 1ms', 'GET /api/orders/42 404 3ms'];
const live = mockLogs({
  line: (n) => `\x1b[32mINFO\x1b[0m [req ${n}] ${REQUESTS[n % REQUESTS.length] ?? ''}`,
  history: 100,
  rate: { lines: 1, everyMs: 400 },
});
/** A live stream: the last 100 lines of history, then new lines as the container writes them. */
export const LiveStream: Story = {
  ...withLog(live),
  play: async ({ canvas, canvasElement }) => {
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Streaming'), SLOW);
    await waitFor(() => expect(heldLines(canvasElement)).toBeGreaterThan(101), SLOW);
    const newest = live.written - 1;
    await waitFor(() => expect(within(canvas.getByRole('log')).getByText(new RegExp(`\\[req ${newest}\\]`))).toBeInTheDocument(), SLOW);
  },
};

const flood = mockLogs({
  line: (n) => `${n} flood ${'x'.repeat(n % 80)}`,
  history: 1000,
  rate: { lines: 250, everyMs: 50 },
});
/** Thousands of lines a second: batched once per frame into a virtualized list, so only visible rows exist. */
export const LogFlood: Story = {
  args: { tail: 1000 },
  ...withLog(flood),
  play: async ({ canvas, canvasElement }) => {
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Streaming'), SLOW);
    await waitFor(() => expect(heldLines(canvasElement)).toBeGreaterThan(5_000), { timeout: 20_000 });
    expect(canvasElement.querySelectorAll('.kv-log__row').length).toBeLessThan(200);
  },
};

const MEGABYTE_LINE = `{"event":"dump","payload":"${'A'.repeat(1_000_000 - 40)}","end":"END-OF-DUMP"}`;
const long = mockLogs({ line: (n) => (n === 18 ? MEGABYTE_LINE : `line ${n}: short`), history: 20 });
/** A 1 MB line is cut for display with a "show all" control; expanding it shows the whole line. */
export const VeryLongLine: Story = {
  ...withLog(long),
  play: async ({ canvas, userEvent }) => {
    const expand = await canvas.findByRole('button', { name: /^Show all of line \d+ \(1\.0 MB\)$/ }, SLOW);
    const log = canvas.getByRole('log');
    expect(log).not.toHaveTextContent('END-OF-DUMP');
    await userEvent.click(expand);
    await waitFor(() => expect(log).toHaveTextContent('END-OF-DUMP'));
    expect(canvas.queryByRole('button', { name: /^Show all of line/ })).toBeNull();
  },
};

const COLOURED = [
  '\x1b[32mINFO\x1b[0m server listening on :8080',
  '\x1b[1;31mERROR\x1b[0m upstream timed out',
  '\x1b[33mWARN\x1b[0m retrying in 2s',
  '\x1b[38;5;208morange 256-colour\x1b[0m text',
  '\x1b[38;2;255;105;180mhot pink truecolor\x1b[0m text',
  '\x1b[4munderlined\x1b[0m and \x1b[7minverse\x1b[0m',
];
const ansi = mockLogs({ line: (n) => COLOURED[n % COLOURED.length] ?? '', history: COLOURED.length });
/** ANSI colours and attributes become styled spans; no escape sequence reaches the screen. */
export const AnsiColours: Story = {
  ...withLog(ansi),
  play: async ({ canvas }) => {
    const log = await canvas.findByRole('log');
    const error = await within(log).findByText('ERROR', {}, SLOW);
    expect(error).toHaveClass('kv-log-ansi--bold');
    // Basic colours come from the theme's palette: red, whatever it is, is not the plain text colour.
    const plain = within(log).getByText(/server listening/);
    expect(getComputedStyle(error).color).not.toBe(getComputedStyle(plain).color);
    expect(within(log).getByText('hot pink truecolor')).toHaveStyle({ color: 'rgb(255, 105, 180)' });
    expect(within(log).getByText('underlined')).toHaveStyle({ textDecorationLine: 'underline' });
    expect(log.textContent).not.toContain('\x1b');
    expect(log.textContent).not.toMatch(/\[\d+(;\d+)*m/);
  },
};

const resumed = mockLogs({ line: (n) => `event ${n}`, history: 50 });
/**
 * The connection drops (1006) while the container keeps writing: a marker shows where, and the
 * resumed stream (sinceTime) brings every missed line exactly once.
 */
export const DisconnectMarker: Story = {
  ...withLog(resumed),
  play: async ({ canvas, canvasElement }) => {
    const status = canvas.getByRole('status');
    await waitFor(() => expect(heldLines(canvasElement)).toBe(50), SLOW);
    resumed.write(3);
    await waitFor(() => expect(heldLines(canvasElement)).toBe(53));
    resumed.endpoint.drop();
    resumed.write(3);
    await waitFor(() => expect(canvas.getByRole('separator', { name: /^Connection lost at \d\d:\d\d:\d\d — resumed/ })).toBeInTheDocument(), SLOW);
    await waitFor(() => expect(status).toHaveTextContent('Streaming'));
    // 56 lines and one marker: nothing lost while offline, nothing repeated by the resume.
    await waitFor(() => expect(heldLines(canvasElement)).toBe(57));
    expect(within(canvas.getByRole('log')).getByText('event 55')).toBeInTheDocument();
  },
};
