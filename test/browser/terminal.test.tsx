import { StrictMode, createRef, type ReactNode } from 'react';
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { commands, userEvent } from 'vitest/browser';
import type { WebSocketConstructor } from '../../src/core/index.ts';
import { KubeVisionProvider } from '../../src/react/provider.tsx';
import { Terminal, type TerminalHandle, type TerminalProps, type TerminalSize } from '../../src/terminal/index.ts';
import { until } from '../support/until.ts';

afterEach(() => cleanup());

/** Terminal sockets the page opened, counted by wrapping the WebSocket constructor the client uses. */
const terminalSockets: string[] = [];
class CountingSocket extends WebSocket {
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols);
    if (url.includes('/ws/terminal/')) terminalSockets.push(url);
  }
}
// The DOM's handler types are narrower than the core's structural WebSocketLike; the runtime shape is the same.
const CountingWebSocket = CountingSocket as unknown as WebSocketConstructor;

function mount(props: Partial<TerminalProps> = {}, strict = false) {
  const ref = createRef<TerminalHandle>();
  const sizes: TerminalSize[] = [];
  const onExit = vi.fn<(code: number | null) => void>();
  const tree: ReactNode = (
    <KubeVisionProvider
      baseUrl={inject('realGatewayUrl')}
      getToken={() => inject('realGatewayToken')}
      clientOptions={{ WebSocket: CountingWebSocket }}
    >
      <div data-testid="box" style={{ width: '640px', height: '360px' }}>
        <Terminal ref={ref} cluster="prod-us" namespace="default" pod="my-pod" container="app" onExit={onExit} onResize={(s) => sizes.push(s)} {...props} />
      </div>
    </KubeVisionProvider>
  );
  const view = render(strict ? <StrictMode>{tree}</StrictMode> : tree);
  const status = () => view.getByRole('status').textContent ?? '';
  const handle = () => {
    if (!ref.current) throw new Error('no terminal handle');
    return ref.current;
  };
  /** True when the text is anywhere in the screen or scrollback (xterm's buffer, searched by the handle). */
  const shows = (text: string) => ref.current?.findNext(text) ?? false;
  return { view, handle, sizes, onExit, status, shows };
}

async function typeLine(t: ReturnType<typeof mount>, line: string): Promise<void> {
  t.handle().focus();
  await userEvent.keyboard(`${line}{Enter}`);
}

describe('<Terminal> against the real gateway', () => {
  it('loads no xterm code or CSS until a terminal mounts', async () => {
    const xtermCss = () => [...document.styleSheets].some((s) => [...s.cssRules].some((r) => r.cssText.includes('.xterm-helper-textarea')));
    expect(xtermCss()).toBe(false);
    const t = mount();
    await until(() => t.status() === 'Connected', 'connected');
    expect(xtermCss()).toBe(true);
  });

  it('has an accessible region and a status line', async () => {
    const t = mount();
    expect(t.view.getByRole('region', { name: 'Terminal: default/my-pod' })).toBeTruthy();
    await until(() => t.status() === 'Connected', 'connected');
  });

  it('echoes what the user types', async () => {
    const t = mount();
    await until(() => t.status() === 'Connected', 'connected');
    await typeLine(t, 'echo $((6*7))kv');
    await until(() => t.shows('42kv'), 'the shell output 42kv');
  });

  it('sends input and clears the screen through the imperative handle', async () => {
    const t = mount();
    await until(() => t.status() === 'Connected', 'connected');
    expect(t.handle().write('echo $((8*8))hw\r')).toBe(true);
    await until(() => t.shows('64hw'), 'the shell output 64hw');
    t.handle().clear();
    // The search addon caches line text until the cursor moves; typed input (echoed) moves it.
    t.handle().write('#');
    await until(() => !t.shows('64hw'), 'the cleared screen');
    expect(t.shows('#')).toBe(true);
  });

  it('starts at the fitted size and follows container resizes (stty size)', async () => {
    const t = mount();
    await until(() => t.status() === 'Connected', 'connected');
    const first = t.sizes.at(-1);
    expect(first).toBeDefined();
    expect(first).not.toEqual({ cols: 80, rows: 24 });
    await typeLine(t, 'echo S=$(stty size)=E');
    await until(() => t.shows(`S=${first?.rows} ${first?.cols}=E`), `stty size ${first?.rows} ${first?.cols}`);

    t.view.getByTestId('box').style.width = '900px';
    t.view.getByTestId('box').style.height = '500px';
    await until(() => (t.sizes.at(-1)?.cols ?? 0) > (first?.cols ?? 0), 'a wider fit');
    const second = t.sizes.at(-1);
    await typeLine(t, 'echo T=$(stty size)=E');
    await until(() => t.shows(`T=${second?.rows} ${second?.cols}=E`), `stty size ${second?.rows} ${second?.cols}`);
  });

  it('shows the exit code and calls onExit', async () => {
    const t = mount();
    await until(() => t.status() === 'Connected', 'connected');
    await typeLine(t, 'exit 7');
    await until(() => t.onExit.mock.calls.length > 0, 'onExit');
    expect(t.onExit).toHaveBeenCalledTimes(1);
    expect(t.onExit).toHaveBeenCalledWith(7);
    expect(t.status()).toBe('Exited with code 7');
    await until(() => t.shows('Process exited with code 7'), 'the exit notice');
  });

  it('reconnects into a new shell after a network loss, says so and resets the screen', async () => {
    const t = mount();
    await until(() => t.status() === 'Connected', 'connected');
    await typeLine(t, 'echo before-$((1+1))-drop');
    await until(() => t.shows('before-2-drop'), 'output before the drop');

    await commands.dropRealGatewaySockets();
    await until(() => /^Connection lost\. Reconnecting/.test(t.status()), 'the reconnecting status');
    await until(() => t.status() === 'Connected', 'connected again');
    await until(() => t.shows('A new shell started'), 'the new-shell notice');
    expect(t.shows('before-2-drop')).toBe(false);
    expect(t.onExit).not.toHaveBeenCalled();

    await typeLine(t, 'echo $((5*5))after');
    await until(() => t.shows('25after'), 'the new shell answers');
  });

  it('renders with WebGL and falls back to the DOM renderer when the context is lost', async () => {
    const t = mount();
    await until(() => t.status() === 'Connected', 'connected');
    // The WebGL renderer's canvas; xterm keeps other (2D) canvases for measuring and overlays.
    const webglCanvases = () => [...t.view.container.querySelectorAll('canvas')].filter((c) => c.getContext('webgl2') !== null);
    const gl = webglCanvases()[0]?.getContext('webgl2');
    expect(gl).toBeTruthy();
    const rows = () => t.view.container.querySelector('.xterm-rows')?.textContent ?? '';
    expect(rows()).toBe('');
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
    await typeLine(t, 'echo $((4*4))dom');
    await until(() => rows().includes('16dom'), 'the DOM renderer showing 16dom');
    expect(webglCanvases()).toHaveLength(0);
  });

  it('opens a single socket under StrictMode', async () => {
    terminalSockets.length = 0;
    const t = mount({}, true);
    await until(() => t.status() === 'Connected', 'connected');
    await typeLine(t, 'echo $((3*3))strict');
    await until(() => t.shows('9strict'), 'the shell output 9strict');
    expect(terminalSockets).toHaveLength(1);
  });
});
