/**
 * The baseline in the page: the kit's own xterm setup (same options, addons and renderer) on a plain
 * WebSocket, output written straight into xterm, input sent straight back. Bytes are credited to the
 * server as xterm parses them, the least flow control that keeps xterm from discarding a flood.
 */
import type { XtermView } from '../../src/terminal/xterm-view.js';

/** Parsed bytes are reported to the server at least this often. */
const ACK_EVERY_BYTES = 16 * 1024;

/** A bare xterm on a raw socket. */
export interface RawTerminal {
  readonly view: XtermView;
  readonly socket: WebSocket;
}

/** Opens the raw side in `host`; resolves once the socket is open. */
export async function openRawTerminal(host: HTMLElement, url: string): Promise<RawTerminal> {
  // Loaded as <Terminal> loads it, so both sides share one xterm chunk.
  const { createXtermView } = await import('../../src/terminal/xterm-view.js');
  const view = createXtermView(host, { theme: undefined, fontSize: undefined });
  view.fit();
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  let parsed = 0;
  let credited = 0;
  socket.onmessage = (event: MessageEvent<ArrayBuffer>) => {
    const bytes = new Uint8Array(event.data);
    view.term.write(bytes, () => {
      parsed += bytes.byteLength;
      if (parsed - credited < ACK_EVERY_BYTES) return;
      credited = parsed;
      socket.send(String(parsed));
    });
  };
  const encoder = new TextEncoder();
  view.term.onData((data) => socket.send(encoder.encode(data)));
  return new Promise((resolve, reject) => {
    socket.onopen = () => resolve({ view, socket });
    socket.onerror = () => reject(new Error(`raw socket to ${url} failed`));
  });
}
