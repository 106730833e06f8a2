import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { ExecProcess, ProcessEvents, ProcessSpec } from './process.js';
import { exitCode } from './process.js';
import { signalSession } from './kill.js';

/** Starts the command on plain pipes (tty=false); streams the client did not ask for go to /dev/null. */
export function startPipeProcess(spec: ProcessSpec, events: ProcessEvents): ExecProcess {
  const child = spawn(spec.file, spec.argv.slice(1), {
    argv0: spec.argv[0],
    cwd: spec.cwd,
    env: spec.env,
    // A session of its own, so that everything it starts can be found and killed.
    detached: true,
    stdio: [spec.stdin ? 'pipe' : 'ignore', spec.stdout ? 'pipe' : 'ignore', spec.stderr ? 'pipe' : 'ignore'],
  });
  let settled = false;
  child.stdout?.on('data', (data: Buffer) => events.output(1, data));
  child.stderr?.on('data', (data: Buffer) => events.output(2, data));
  // EPIPE when the program exits without reading all its input: not an error of the session.
  child.stdin?.on('error', () => undefined);
  child.on('error', (error) => {
    if (settled) return;
    settled = true;
    events.failed(error.message);
  });
  child.on('exit', () => {
    // Background jobs die with the exec: an emulator must not leave host processes behind, and
    // one left holding the pipes would keep 'close' from ever firing.
    if (child.pid !== undefined) signalSession(child.pid, 'SIGKILL');
  });
  // 'close' comes after 'exit' once stdout and stderr are read to the end.
  child.on('close', (code, signal) => {
    if (settled) return;
    settled = true;
    events.exit(exitCode(code, signal ? constants.signals[signal] : null));
  });
  return {
    pid: child.pid,
    write: (data) => child.stdin?.write(data) ?? true,
    onInputDrain(listener) {
      child.stdin?.once('drain', listener);
    },
    endInput() {
      child.stdin?.end();
    },
    resize() {
      // Pipes have no window size; the kubelet ignores resizes of a non-tty exec as well.
    },
    pause() {
      child.stdout?.pause();
      child.stderr?.pause();
    },
    resume() {
      child.stdout?.resume();
      child.stderr?.resume();
    },
  };
}
