/**
 * The terminal benchmark page: mounts `<Terminal>` (through the gateway) or the raw pipe's bare xterm
 * and exposes `window.termBench` for the Node driver. All timing happens here, on the page's clock.
 */
import './xterm-meter.js';
import { createRef } from 'react';
import { createRoot } from 'react-dom/client';
import type { Terminal as Xterm } from '@xterm/xterm';
import { KubeVisionProvider } from '../../src/react/provider.js';
import { Terminal, type TerminalHandle } from '../../src/terminal/index.js';
import { EchoProbe } from './echo-probe.js';
import type { Side, TermBenchApi } from './protocol.js';
import { openRawTerminal, type RawTerminal } from './raw-view.js';
import { lastOpened, untilParsed } from './xterm-meter.js';

const host = document.getElementById('root') as HTMLElement;
const handle = createRef<TerminalHandle>();
let ours: Xterm | null = null;
let raw: RawTerminal | null = null;
let probe: EchoProbe | null = null;

function until(check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const poll = (): void => (check() ? resolve() : void setTimeout(poll, 10));
    poll();
  });
}

function termOf(side: Side): Xterm {
  const term = side === 'ours' ? ours : raw?.view.term;
  if (!term) throw new Error(`mount ${side} first`);
  return term;
}

const api: TermBenchApi = {
  async mountOurs(target) {
    const { baseUrl, token, command, ...pod } = target;
    createRoot(host).render(
      <KubeVisionProvider baseUrl={baseUrl} getToken={() => token}>
        <div style={{ width: '100%', height: '100%' }}>
          <Terminal ref={handle} {...pod} command={command} />
        </div>
      </KubeVisionProvider>,
    );
    await until(() => host.querySelector('.kv-terminal[data-state="open"]') !== null && lastOpened() !== undefined);
    ours = lastOpened() ?? null;
  },

  async mountRaw(url) {
    raw = await openRawTerminal(host, url);
  },

  async flood(side, bytes) {
    const parsed = untilParsed(termOf(side), bytes);
    const start = performance.now();
    if (side === 'ours') handle.current?.write('\r');
    else raw?.socket.send('go');
    const writes = await parsed;
    return { ms: performance.now() - start, writes };
  },

  armEcho(side) {
    const term = termOf(side);
    term.focus();
    probe = new EchoProbe(term);
  },

  nextEcho() {
    if (!probe) return Promise.reject(new Error('armEcho first'));
    return probe.next();
  },
};

window.termBench = api;
