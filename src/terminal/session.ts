/**
 * Joins one xterm view to one terminal connection: input, output with flow control, resize, the
 * new-shell and exit notices. Runs inside the lazily loaded part, after xterm has arrived.
 */
import type { KubeVisionClient, TerminalConnection } from '../core/index.js';
import { errorNotice, exitNotice, NEW_SHELL_NOTICE } from './notices.js';
import type { TerminalSize, TerminalViewStatus } from './types.js';
import type { XtermView } from './xterm-view.js';

/** Which shell to open. */
export interface SessionTarget {
  cluster: string;
  namespace: string;
  pod: string;
  container: string | undefined;
  command: string[] | undefined;
}

/** Where a session reports; read at call time so changing props never reopens the shell. */
export interface SessionCallbacks {
  status(status: TerminalViewStatus): void;
  exit(code: number | null): void;
  resize(size: TerminalSize): void;
}

/** A live session; `dispose` closes the shell and unmounts xterm. */
export interface TerminalSession {
  readonly view: XtermView;
  readonly connection: TerminalConnection | null;
  dispose(): void;
}

const latin1 = (data: string): Uint8Array => Uint8Array.from(data, (ch) => ch.charCodeAt(0) & 0xff);

/** Fits the view, then opens the shell at the fitted size, so it starts with the right rows and columns. */
export function startSession(view: XtermView, client: KubeVisionClient, target: SessionTarget, on: SessionCallbacks): TerminalSession {
  const { term } = view;
  let connection: TerminalConnection | null = null;
  const sizeListener = term.onResize((size) => {
    connection?.resize(size.cols, size.rows);
    on.resize(size);
  });
  view.fit();
  on.resize({ cols: term.cols, rows: term.rows });
  try {
    connection = client.openTerminal({ ...target, cols: term.cols, rows: term.rows });
  } catch (error) {
    // Invalid names throw before any socket is opened; show why instead of an empty screen.
    const message = error instanceof Error ? error.message : String(error);
    term.write(errorNotice(message));
    on.status({ state: 'error', reason: message });
    const dispose = () => {
      sizeListener.dispose();
      view.dispose();
    };
    return { view, connection: null, dispose };
  }
  const conn = connection;
  const input = term.onData((data) => conn.write(data));
  const binaryInput = term.onBinary((data) => conn.write(latin1(data)));
  // Acknowledge only once xterm has parsed the bytes: that is what lets the gateway pause a flood.
  conn.on('output', (bytes) => term.write(bytes, () => conn.ack(bytes.byteLength)));
  conn.on('session', ({ index }) => {
    if (index > 0) term.write(NEW_SHELL_NOTICE);
  });
  conn.on('error', (message) => term.write(errorNotice(message)));
  conn.on('status', (status) => {
    on.status(status);
    if (status.state === 'exited') {
      term.options.disableStdin = true;
      term.write(exitNotice(status.exitCode ?? null));
      on.exit(status.exitCode ?? null);
    } else if (status.state === 'error') {
      term.write(errorNotice(status.reason ?? 'The connection failed.'));
    }
  });
  on.status(conn.status);
  return {
    view,
    connection: conn,
    dispose() {
      input.dispose();
      binaryInput.dispose();
      sizeListener.dispose();
      conn.dispose();
      view.dispose();
    },
  };
}
