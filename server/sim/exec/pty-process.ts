import { spawn } from 'node-pty';
import type { ExecProcess, ProcessEvents, ProcessSpec } from './process.js';
import { exitCode } from './process.js';
import { signalSession } from './kill.js';

/** Output silence after exit that counts as "the terminal has been read to the end". */
const QUIET_MS = 30;
/** Longest wait for that silence. */
const MAX_DRAIN_MS = 2000;

/**
 * Starts the command under a pseudo-terminal, as a container runtime does for tty=true: stderr is
 * the same terminal as stdout, so everything comes out on channel 1.
 */
export function startPtyProcess(spec: ProcessSpec, events: ProcessEvents): ExecProcess {
  const pty = spawn(spec.file, [...spec.argv.slice(1)], {
    name: spec.env.TERM ?? 'xterm-256color',
    cols: spec.size.cols,
    rows: spec.size.rows,
    cwd: spec.cwd,
    env: spec.env,
    // Raw bytes: decoding here would mangle a UTF-8 character split across two reads.
    encoding: null,
  });
  let lastData = Date.now();
  // With encoding null node-pty hands out Buffers, although its typings promise strings.
  pty.onData((data: string | Buffer) => {
    lastData = Date.now();
    if (spec.stdout) events.output(1, typeof data === 'string' ? Buffer.from(data) : data);
  });
  pty.onExit(({ exitCode: code, signal }) => {
    // Background jobs die with the exec: an emulator must not leave host processes behind.
    signalSession(pty.pid, 'SIGKILL');
    // A paused reader still has output in the terminal when the process exits: read it out and
    // report the exit once the terminal has gone quiet, so no output is lost.
    pty.resume();
    const started = Date.now();
    const settle = (): void => {
      const now = Date.now();
      if (now - lastData < QUIET_MS && now - started < MAX_DRAIN_MS) setTimeout(settle, QUIET_MS);
      else events.exit(exitCode(code, signal ?? null));
    };
    setTimeout(settle, QUIET_MS);
  });
  return {
    pid: pty.pid,
    write(data) {
      if (spec.stdin) pty.write(data);
      return true;
    },
    onInputDrain() {
      // Writes to a pty are queued by node-pty itself; there is never anything to wait for.
    },
    endInput() {
      // A terminal has no end of input of its own: a real runtime leaves the pty open, and the
      // program decides (a shell exits on ^D, which the client can send as a keystroke).
    },
    resize(cols, rows) {
      pty.resize(cols, rows);
    },
    pause: () => pty.pause(),
    resume: () => pty.resume(),
  };
}
