/**
 * A fake `/api/v1/ws/terminal/:cluster/:ns/:pod` endpoint (DESIGN §6) on a real `ws` server: binary
 * stdin is echoed back as binary output (a shell in raw echo mode), text control frames are recorded,
 * a test can make it emit a burst of output, and typing `exit N\r` ends the session with
 * `{"type":"exit","code":N}` and a 1000 close.
 */
import { acceptPodSocket, startWsServer, type TestConnection, type TestWsServer } from './ws-server.ts';
import { installUpgradeGate, type UpgradeGate } from './log-server.ts';

/** A text frame the client sent, as text and as parsed JSON (null when it was not JSON). */
export interface ControlFrame {
  readonly text: string;
  readonly json: unknown;
}

/** One shell session (one accepted connection). */
export interface TerminalSession {
  readonly conn: TestConnection;
  readonly path: { readonly cluster: string; readonly namespace: string; readonly pod: string };
  /** The query exactly as the client sent it (token included). */
  readonly query: URLSearchParams;
  /** Every frame in arrival order. */
  readonly frames: ({ kind: 'binary'; data: Buffer } | { kind: 'text'; text: string })[];
  /** The text (control) frames only. */
  readonly controls: ControlFrame[];
  /** All stdin bytes received so far. */
  readonly stdin: () => Buffer;
  /** Whether the last flow-control frame was a pause. */
  readonly paused: () => boolean;
  /** Output bytes sent so far (echo and bursts). */
  readonly outputBytes: () => number;
  /** The exit code sent, once `exit N\r` was typed. */
  readonly exitCode: () => number | null;
}

/** The fake terminal endpoint. */
export interface FakeTerminalServer {
  readonly server: TestWsServer;
  readonly httpUrl: string;
  readonly sessions: readonly TerminalSession[];
  readonly gate: UpgradeGate;
  /** Sends `bytes` bytes of output (a known pattern) in binary frames of at most `chunk` bytes. */
  burst(session: TerminalSession, bytes: number, chunk?: number): Uint8Array;
  /** Resolves with the next session accepted. */
  nextSession(): Promise<TerminalSession>;
  close(): Promise<void>;
}

const EXIT_COMMAND = /exit (\d+)\r/;

/** Starts the fake terminal endpoint on a random loopback port. */
export async function startTerminalServer(options: { token?: string } = {}): Promise<FakeTerminalServer> {
  const token = options.token ?? 'test-token';
  const sessions: TerminalSession[] = [];
  const waiters: ((session: TerminalSession) => void)[] = [];
  const output = new WeakMap<TerminalSession, (data: Uint8Array) => void>();

  function serve(conn: TestConnection): void {
    const socket = conn.socket;
    const accepted = acceptPodSocket(conn, 'terminal', token);
    if (!accepted) return;
    const { query } = accepted;
    const { cluster, namespace, pod } = accepted;
    const stdinChunks: Buffer[] = [];
    let typed = '';
    let paused = false;
    let sent = 0;
    let exitCode: number | null = null;
    const session: TerminalSession = {
      conn,
      path: { cluster: decodeURIComponent(cluster), namespace: decodeURIComponent(namespace), pod: decodeURIComponent(pod) },
      query,
      frames: [],
      controls: [],
      stdin: () => Buffer.concat(stdinChunks),
      paused: () => paused,
      outputBytes: () => sent,
      exitCode: () => exitCode,
    };
    const write = (data: Uint8Array): void => {
      sent += data.byteLength;
      socket.send(data, { binary: true });
    };
    output.set(session, write);
    socket.on('message', (raw, isBinary) => {
      if (exitCode !== null) return;
      const data = Buffer.isBuffer(raw) ? raw : Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw);
      if (!isBinary) {
        const text = data.toString('utf8');
        let json: unknown = null;
        try {
          json = JSON.parse(text);
        } catch {
          // recorded as text only
        }
        session.frames.push({ kind: 'text', text });
        session.controls.push({ text, json });
        const type = typeof json === 'object' && json !== null ? (json as { type?: unknown }).type : undefined;
        if (type === 'pause') paused = true;
        if (type === 'resume') paused = false;
        return;
      }
      const bytes = Buffer.from(data);
      session.frames.push({ kind: 'binary', data: bytes });
      stdinChunks.push(bytes);
      write(bytes);
      // latin1 keeps one character per byte, so a command split across frames is still found.
      typed = (typed + bytes.toString('latin1')).slice(-64);
      const exit = EXIT_COMMAND.exec(typed);
      if (exit) {
        exitCode = Number(exit[1]);
        socket.send(JSON.stringify({ type: 'exit', code: exitCode }));
        socket.close(1000, 'process exited');
      }
    });
    sessions.push(session);
    waiters.splice(0).forEach((w) => w(session));
  }

  const server = await startWsServer(serve);
  const gate = installUpgradeGate(server);

  return {
    server,
    httpUrl: server.httpUrl,
    sessions,
    gate,
    burst(session, bytes, chunk = 4096) {
      const write = output.get(session);
      if (!write) throw new Error('unknown session');
      const data = new Uint8Array(bytes);
      for (let i = 0; i < bytes; i++) data[i] = (i * 31 + 7) % 256;
      for (let offset = 0; offset < bytes; offset += chunk) write(data.subarray(offset, Math.min(bytes, offset + chunk)));
      return data;
    },
    nextSession: () => new Promise((resolve) => waiters.push(resolve)),
    close: () => server.close(),
  };
}
