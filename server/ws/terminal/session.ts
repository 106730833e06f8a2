/**
 * One terminal session: the client's socket on one side, the exec (through the launcher) on the
 * other. Binary frames are stdin, text frames control; output goes back as binary frames. The
 * session ends exactly once, whichever comes first: exit, failure, idle timeout, the client
 * leaving or the gateway shutting down; each way finishes the recording and ends the exec.
 */
import type { RawData, WebSocket } from 'ws';
import { CloseCode, parseTerminalControl, type TerminalControl, type TerminalStatus } from '../../../src/core/protocol.js';
import type { Identity } from '../../auth/roles.js';
import type { Release, SocketMeter } from '../../metrics/gateway-metrics.js';
import { sendMetered } from '../../metrics/metered-send.js';
import type { Recording, SessionRecorder } from '../../recording/index.js';
import type { GatewayContext } from '../context.js';
import { closeSocket } from '../socket-util.js';
import type { EarlyFrames } from './early-frames.js';
import type { SessionFailure } from './exec-outcome.js';
import { IdleTimer } from './idle-timer.js';
import { ShellLauncher } from './launcher.js';
import { OutputFlow } from './output-flow.js';
import type { SessionPlan } from './plan.js';

type Ending =
  | { kind: 'exit'; code: number }
  | ({ kind: 'failed' } & SessionFailure)
  | { kind: 'idle' }
  | { kind: 'shutdown' }
  | { kind: 'client-gone' };

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

/** A running terminal session. */
export class TerminalSession {
  private readonly launcher: ShellLauncher;
  private readonly flow: OutputFlow;
  private readonly idle: IdleTimer;
  private recording: Recording | null = null;
  private readonly meter: SocketMeter;
  /** Ends this session's count in the active-sessions gauge. */
  private active: Release | null = null;
  private ended = false;
  private readonly onShutdown = () => this.end({ kind: 'shutdown' });

  constructor(
    private readonly socket: WebSocket,
    private readonly ctx: GatewayContext,
    private readonly identity: Identity,
    private readonly plan: SessionPlan,
    private readonly recorder: SessionRecorder | null,
  ) {
    this.launcher = new ShellLauncher(plan.kubeConfig, plan.target, plan.candidates, plan.size, {
      accepted: (command, typedAhead) => this.startRecording(command, typedAhead),
      output: (data) => this.output(data),
      exit: (code) => this.end({ kind: 'exit', code }),
      failed: (failure) => this.end({ kind: 'failed', ...failure }),
    }, ctx.config.limits.clusterAnswerSeconds);
    this.flow = new OutputFlow(socket, ctx.config.limits.sendBufferBytes, (paused) => this.launcher.setPaused(paused));
    const idleSeconds = ctx.config.limits.terminalIdleSeconds;
    this.idle = new IdleTimer(idleSeconds * 1000, () => this.end({ kind: 'idle' }));
    this.meter = ctx.metrics.meter('terminal');
  }

  /** Starts the exec and takes over the socket's frames (those held during setup first). */
  start(early: EarlyFrames): void {
    this.active = this.ctx.metrics.terminalSessionStarted();
    this.socket.on('close', () => this.end({ kind: 'client-gone' }));
    this.ctx.shutdown.addEventListener('abort', this.onShutdown, { once: true });
    early.handOver((data, isBinary) => this.frame(data, isBinary));
    if (this.ctx.shutdown.aborted) this.end({ kind: 'shutdown' });
    else if (this.socket.readyState !== this.socket.OPEN) this.end({ kind: 'client-gone' });
    else this.launcher.start();
  }

  private frame(data: RawData, isBinary: boolean): void {
    if (this.ended) return;
    if (isBinary) {
      const bytes = toBuffer(data);
      this.idle.touch();
      this.launcher.write(bytes);
      this.record((r) => r.input(bytes));
      return;
    }
    const control = parseTerminalControl(toBuffer(data).toString('utf8'));
    if (control.ok) this.control(control.value);
    else this.status({ type: 'error', message: `ignored control frame: ${control.error}` });
  }

  private control(control: TerminalControl): void {
    switch (control.type) {
      case 'resize':
        this.launcher.resize({ cols: control.cols, rows: control.rows });
        this.record((r) => r.resize(control.cols, control.rows));
        return;
      case 'pause':
      case 'resume':
        this.flow.setClientPaused(control.type === 'pause');
        return;
    }
  }

  private output(data: Buffer): void {
    if (this.ended) return;
    this.idle.touch();
    this.record((r) => r.output(data));
    if (sendMetered(this.socket, data, this.ctx.config.limits.sendBufferBytes, this.meter)) this.flow.sent();
  }

  private status(status: TerminalStatus): void {
    sendMetered(this.socket, JSON.stringify(status), this.ctx.config.limits.sendBufferBytes, this.meter);
  }

  private startRecording(command: string[], typedAhead: readonly Buffer[]): void {
    if (!this.recorder || this.recording) return;
    const { target, size } = this.plan;
    try {
      this.recording = this.recorder.start({
        user: this.identity.user,
        cluster: this.plan.cluster.name,
        namespace: target.namespace,
        pod: target.pod,
        container: target.container,
        command,
        width: size.cols,
        height: size.rows,
      });
    } catch (error) {
      this.recordingFailed(error);
      return;
    }
    for (const bytes of typedAhead) this.record((r) => r.input(bytes));
  }

  /** Writes to the recording; a session that cannot be recorded is ended rather than left unaudited. */
  private record(write: (recording: Recording) => void): void {
    if (!this.recording) return;
    try {
      write(this.recording);
    } catch (error) {
      this.recordingFailed(error);
    }
  }

  private recordingFailed(error: unknown): void {
    this.ctx.log.error({ err: error, cluster: this.plan.cluster.name, pod: this.plan.target.pod }, 'terminal recording failed');
    this.recording = null;
    this.end({ kind: 'failed', message: 'the session cannot be recorded', closeCode: CloseCode.InternalError });
  }

  private end(ending: Ending): void {
    if (this.ended) return;
    this.ended = true;
    this.active?.();
    this.idle.stop();
    this.flow.stop();
    this.launcher.close();
    this.ctx.shutdown.removeEventListener('abort', this.onShutdown);
    this.finishRecording(ending.kind === 'exit' ? ending.code : null);
    switch (ending.kind) {
      case 'exit':
        this.status({ type: 'exit', code: ending.code });
        closeSocket(this.socket, CloseCode.Normal, `process exited with code ${ending.code}`);
        return;
      case 'failed':
        this.status({ type: 'error', message: ending.message });
        closeSocket(this.socket, ending.closeCode, ending.message);
        return;
      case 'idle': {
        const message = `closed after ${this.ctx.config.limits.terminalIdleSeconds} s without input or output`;
        this.status({ type: 'error', message });
        closeSocket(this.socket, CloseCode.Normal, message);
        return;
      }
      case 'shutdown':
        closeSocket(this.socket, CloseCode.GoingAway, 'gateway shutting down');
        return;
      case 'client-gone':
        return;
    }
  }

  /**
   * Finishes the recording. A session that ends before its shell showed life may still have had
   * its input delivered to it, so it gets an (empty) recording too: every exec is audited.
   */
  private finishRecording(exitCode: number | null): void {
    const command = this.launcher.openedCommand;
    if (!this.recording && command) this.startRecording(command, []);
    try {
      this.recording?.finish(exitCode);
    } catch (error) {
      this.ctx.log.error({ err: error }, 'terminal recording could not be finished');
    }
    this.recording = null;
  }
}
