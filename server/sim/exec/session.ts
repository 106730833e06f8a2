import type { WebSocket } from 'ws';
import { lookPath } from './command-path.js';
import type { ProcessPlace } from './environment.js';
import { encodeFrame, parseResize, toBuffer, type TerminalSize } from './frames.js';
import { signalSession } from './kill.js';
import type { ExecProcess, ProcessEvents } from './process.js';
import { Channel } from './protocol.js';
import { startPipeProcess } from './pipe-process.js';
import { startPtyProcess } from './pty-process.js';
import type { RegisteredSession } from './registry.js';
import type { ExecRequest } from './request.js';
import { runtimeExecError } from './runtime-error.js';
import { internalErrorStatus, nonZeroExitStatus, successStatus, type ChannelStatus } from './status.js';
import type { ProtocolFlavor } from './types.js';

/**
 * How long a tty session waits for the client's first resize before starting at 80x24. Clients
 * send their size right after the upgrade; starting before it arrives would let a quick
 * `stty size` see the wrong size.
 */
const FIRST_RESIZE_WAIT_MS = 300;
const DEFAULT_SIZE: TerminalSize = { cols: 80, rows: 24 };
/** After a client leaves, how long its processes get to exit on SIGHUP before SIGKILL. */
const HANGUP_GRACE_MS = 2000;
/** Output queued towards the client above which reading from the process stops, and resumes below. */
const HIGH_WATER_BYTES = 1 << 20;
const LOW_WATER_BYTES = 1 << 18;

/** Everything a session needs once the connection is upgraded. */
export interface SessionSetup {
  readonly ws: WebSocket;
  readonly flavor: ProtocolFlavor;
  readonly request: ExecRequest;
  readonly place: ProcessPlace;
  /** Registers the session for killPodProcesses; returns the function that unregisters it. */
  readonly register: (session: RegisteredSession) => () => void;
}

/**
 * Like the kubelet, announces the open connection with an empty frame on the lowest output
 * channel the client asked for. An empty status frame is left out: some clients parse every
 * frame on channel 3 as the final Status.
 */
function announce(ws: WebSocket, request: ExecRequest): void {
  const channel = request.stdout ? Channel.stdout : request.stderr ? Channel.stderr : null;
  if (channel !== null) ws.send(encodeFrame(channel, Buffer.alloc(0)));
}

/** Writes the final Status on channel 3 and closes normally, as the kubelet and apiserver finish. */
function reportAndClose(ws: WebSocket, status: ChannelStatus): void {
  if (ws.readyState !== ws.OPEN) return;
  ws.send(encodeFrame(Channel.error, Buffer.from(JSON.stringify(status))));
  ws.close(1000);
}

/** Answers an upgraded request that the kubelet would refuse: the Status only, then the close. */
export function refuseSession(ws: WebSocket, request: ExecRequest, status: ChannelStatus): void {
  ws.on('error', () => undefined);
  announce(ws, request);
  reportAndClose(ws, status);
}

/** Runs the exec session on an upgraded connection until the process exits or the client leaves. */
export function runExecSession(setup: SessionSetup): void {
  new ExecSession(setup).begin();
}

class ExecSession {
  private state: 'waiting' | 'running' | 'finished' = 'waiting';
  private process: ExecProcess | null = null;
  private readonly pendingInput: Buffer[] = [];
  private inputEnded = false;
  private clientGone = false;
  private queuedBytes = 0;
  private outputPaused = false;
  private startTimer: NodeJS.Timeout | undefined;
  private killTimer: NodeJS.Timeout | undefined;
  private unregister: () => void = () => undefined;

  constructor(private readonly setup: SessionSetup) {}

  begin(): void {
    const { ws, request } = this.setup;
    ws.on('message', (data) => this.onFrame(toBuffer(data)));
    // ws follows every 'error' with 'close', which is where the session reacts.
    ws.on('error', () => undefined);
    ws.on('close', () => this.onClientGone());
    this.unregister = this.setup.register({ terminate: () => this.terminate() });
    announce(ws, request);
    if (request.tty) this.startTimer = setTimeout(() => this.start(DEFAULT_SIZE), FIRST_RESIZE_WAIT_MS);
    else this.start(DEFAULT_SIZE);
  }

  private onFrame(frame: Buffer): void {
    if (frame.length === 0) return;
    const channel = frame[0];
    const payload = frame.subarray(1);
    if (channel === Channel.close) {
      // Only v5 defines the close signal; under v4 channel 255 is out of range and ignored.
      if (this.setup.flavor === 'v5' && payload[0] === Channel.stdin) this.endInput();
    } else if (channel === Channel.stdin) {
      if (this.setup.request.stdin) this.input(payload);
    } else if (channel === Channel.resize) {
      this.resize(payload);
    }
  }

  private input(data: Buffer): void {
    if (this.inputEnded || data.length === 0 || this.state === 'finished') return;
    if (this.process) this.deliver(this.process, data);
    else this.pendingInput.push(data);
  }

  /** Writes to the program's stdin; input sent before the close signal still counts after it. */
  private deliver(target: ExecProcess, data: Buffer): void {
    if (!target.write(data)) {
      // Stop reading the socket until the program has taken its input.
      this.setup.ws.pause();
      target.onInputDrain(() => this.setup.ws.resume());
    }
  }

  private endInput(): void {
    if (this.inputEnded) return;
    this.inputEnded = true;
    this.process?.endInput();
  }

  private resize(payload: Buffer): void {
    if (!this.setup.request.tty) return;
    const size = parseResize(payload);
    if (!size) return;
    if (this.state === 'waiting') this.start(size);
    else this.process?.resize(size.cols, size.rows);
  }

  private start(size: TerminalSize): void {
    if (this.state !== 'waiting') return;
    clearTimeout(this.startTimer);
    const { request, place, flavor } = this.setup;
    const argv = request.command;
    const found = lookPath(argv[0] ?? '', place.env.PATH ?? '', place.cwd);
    if (!found.ok) {
      this.finish(internalErrorStatus(flavor, runtimeExecError(found.error), true));
      return;
    }
    const { stdin, stdout, stderr } = request;
    const spec = { file: found.path, argv, cwd: place.cwd, env: place.env, size, stdin, stdout, stderr };
    try {
      this.process = (request.tty ? startPtyProcess : startPipeProcess)(spec, this.events());
    } catch (error) {
      this.finish(internalErrorStatus(flavor, runtimeExecError(describe(error)), true));
      return;
    }
    this.state = 'running';
    for (const data of this.pendingInput.splice(0)) this.deliver(this.process, data);
    if (this.inputEnded) this.process.endInput();
  }

  private events(): ProcessEvents {
    return {
      output: (channel, data) => this.output(channel, data),
      exit: (code) => {
        const { flavor, request } = this.setup;
        this.finish(code === 0 ? successStatus() : nonZeroExitStatus(flavor, request.command, code));
      },
      failed: (message) => this.finish(internalErrorStatus(this.setup.flavor, runtimeExecError(message), true)),
    };
  }

  private output(channel: 1 | 2, data: Buffer): void {
    if (this.clientGone || data.length === 0) return;
    const frame = encodeFrame(channel, data);
    this.queuedBytes += frame.length;
    this.setup.ws.send(frame, () => {
      this.queuedBytes -= frame.length;
      if (this.outputPaused && this.queuedBytes < LOW_WATER_BYTES) {
        this.outputPaused = false;
        this.process?.resume();
      }
    });
    if (!this.outputPaused && this.queuedBytes > HIGH_WATER_BYTES) {
      this.outputPaused = true;
      this.process?.pause();
    }
  }

  private finish(status: ChannelStatus): void {
    if (this.state === 'finished') return;
    this.state = 'finished';
    clearTimeout(this.startTimer);
    clearTimeout(this.killTimer);
    this.unregister();
    reportAndClose(this.setup.ws, status);
  }

  private onClientGone(): void {
    this.clientGone = true;
    if (this.state === 'waiting') {
      this.state = 'finished';
      clearTimeout(this.startTimer);
      this.unregister();
      return;
    }
    const pid = this.process?.pid;
    if (this.state !== 'running' || pid === undefined) return;
    // A hang-up first, as when a terminal goes away, so shells can exit cleanly; then no mercy.
    signalSession(pid, 'SIGHUP');
    this.killTimer = setTimeout(() => signalSession(pid, 'SIGKILL'), HANGUP_GRACE_MS);
  }

  private terminate(): void {
    if (this.state === 'waiting') {
      const name = JSON.stringify(this.setup.request.container.name);
      this.finish(internalErrorStatus(this.setup.flavor, `unable to upgrade connection: container not found (${name})`, false));
      return;
    }
    const pid = this.process?.pid;
    if (this.state === 'running' && pid !== undefined) signalSession(pid, 'SIGKILL');
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
