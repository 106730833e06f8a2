import { spawn } from 'node-pty';
import type { ExecProcess, ProcessEvents, ProcessSpec } from './process.js';
import { exitCode } from './process.js';
import { signalSession } from './kill.js';

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
  // With encoding null node-pty hands out Buffers, although its typings promise strings.
  pty.onData((data: string | Buffer) => {
    if (spec.stdout) events.output(1, typeof data === 'string' ? Buffer.from(data) : data);
  });
  // node-pty reports exit only after the terminal's output has been read to the end.
  pty.onExit(({ exitCode: code, signal }) => {
    // Background jobs die with the exec: an emulator must not leave host processes behind.
    signalSession(pty.pid, 'SIGKILL');
    events.exit(exitCode(code, signal ?? null));
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
