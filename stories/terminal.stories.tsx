import type { Meta, StoryObj } from '@storybook/react-vite';
import { createRef } from 'react';
import { expect, fn, waitFor } from 'storybook/test';
import { CloseCode, Terminal, type TerminalHandle } from '@kubevision/kit';
import { withMocks } from './mocks/story.ts';
import { mockTerminal } from './mocks/terminal.ts';

/** The terminal of the rendered story, for play functions to search the screen and scrollback. */
const terminal = createRef<TerminalHandle>();

/** True when `text` is anywhere in the terminal's screen or scrollback. */
const shows = (text: string) => terminal.current?.findNext(text) ?? false;

/** `<Terminal>` on the mocked shell: binary stdin echoed as binary output, exit status, refusals. */
const meta = {
  title: 'Terminal/Terminal',
  component: Terminal,
  args: { cluster: 'prod-us', namespace: 'default', pod: 'my-pod', container: 'app', onExit: fn() },
  render: (args) => (
    <div style={{ height: 320 }}>
      <Terminal ref={terminal} {...args} />
    </div>
  ),
} satisfies Meta<typeof Terminal>;

export default meta;
type Story = StoryObj<typeof meta>;

const SLOW = { timeout: 15_000 };

const shell = mockTerminal();
/** A live shell: typed keys go out as binary stdin, the echo and command output come back as binary PTY output. */
export const LiveShell: Story = {
  ...withMocks({ terminal: shell.endpoint.handler }, shell.reset),
  play: async ({ canvas, userEvent }) => {
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Connected'), SLOW);
    // The session starts at the fitted size (DESIGN §6).
    expect(shell.controls[0]).toMatchObject({ type: 'resize', cols: expect.any(Number), rows: expect.any(Number) });
    await waitFor(() => expect(shows('KubeVision mock shell')).toBe(true));
    terminal.current?.focus();
    await userEvent.keyboard('whoami{Enter}');
    await waitFor(() => expect(shows('storybook-user')).toBe(true));
    expect(shows('whoami')).toBe(true);
  },
};

const exiting = mockTerminal();
/** `exit 3`: the exit status frame, a 1000 close, the exit code in the screen and the status line, and no reconnect. */
export const Exited: Story = {
  ...withMocks({ terminal: exiting.endpoint.handler }, exiting.reset),
  play: async ({ args, canvas, userEvent }) => {
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Connected'), SLOW);
    terminal.current?.focus();
    await userEvent.keyboard('exit 3{Enter}');
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Exited with code 3'));
    expect(shows('Process exited with code 3.')).toBe(true);
    expect(args.onExit).toHaveBeenCalledWith(3);
    expect(exiting.endpoint.attempts).toBe(1);
  },
};

const REFUSAL = 'user "viewer" may not open a terminal in prod-us/default';
const forbidden = mockTerminal(() => ({ close: CloseCode.Forbidden, reason: REFUSAL }));
/** 4403: the gateway refuses the shell; the kit shows why and does not retry. */
export const Forbidden: Story = {
  ...withMocks({ terminal: forbidden.endpoint.handler }, forbidden.reset),
  play: async ({ canvas }) => {
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent(`Disconnected: ${REFUSAL}`), SLOW);
    expect(shows(REFUSAL)).toBe(true);
    expect(forbidden.endpoint.attempts).toBe(1);
  },
};
