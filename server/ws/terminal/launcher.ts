/**
 * Starts the terminal's command, trying candidates in order: the default shell is `bash`, then `sh`
 * when the container has no bash. A candidate is on probation until it shows life (output, or a
 * Status other than "executable not found"); input typed meanwhile is kept, so the next candidate
 * gets it too and nothing the user typed before the prompt is lost.
 */
import type { KubeConfig, V1Status } from '@kubernetes/client-node';
import { CloseCode } from '../../../src/core/protocol.js';
import { ExecChannel, type ExecTarget, type TerminalSize } from './exec-channel.js';
import { ExecOpenTimeout, execOutcome, openFailure, type SessionFailure } from './exec-outcome.js';

/** What the launcher reports to the session. */
export interface LaunchEvents {
  /** `command` is the one that runs (probation over), `typedAhead` the input it got before; called once. */
  accepted(command: string[], typedAhead: readonly Buffer[]): void;
  output(data: Buffer): void;
  exit(code: number): void;
  failed(failure: SessionFailure): void;
}

/** Input kept for a fallback candidate, at most; past it the session fails rather than drop keystrokes. */
const MAX_PENDING_INPUT = 1 << 20;

/** The exec side of a terminal session. */
export class ShellLauncher {
  private channel: ExecChannel | null = null;
  private attempt = 0;
  private accepted = false;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private paused = false;
  private closed = false;
  /** Aborts the exec upgrade in flight, if any. */
  private opening: AbortController | null = null;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly target: ExecTarget,
    private readonly candidates: readonly string[][],
    private size: TerminalSize,
    private readonly events: LaunchEvents,
    /** How long the cluster has to answer each exec upgrade. */
    private readonly openTimeoutSeconds: number,
  ) {}

  /** The command of the current attempt once its exec is open (input may have reached it), else null. */
  get openedCommand(): string[] | null {
    return this.channel ? this.command() : null;
  }

  /** Opens the first candidate. */
  start(): void {
    void this.open();
  }

  /** Stdin; held until a command is running, and kept for a fallback while on probation. */
  write(data: Buffer): void {
    if (this.closed) return;
    if (!this.accepted) {
      this.pendingBytes += data.length;
      if (this.pendingBytes > MAX_PENDING_INPUT) {
        this.events.failed({ message: 'too much input before the shell started', closeCode: CloseCode.BadRequest });
        return;
      }
      this.pending.push(data);
    }
    this.channel?.write(data);
  }

  /** Resizes the terminal (now, or when the exec opens). */
  resize(size: TerminalSize): void {
    this.size = size;
    this.channel?.resize(size);
  }

  /** Stops or resumes reading output from the cluster. */
  setPaused(paused: boolean): void {
    this.paused = paused;
    this.channel?.setPaused(paused);
  }

  /** Ends the exec; nothing is reported afterwards. */
  close(): void {
    this.closed = true;
    this.opening?.abort();
    this.channel?.close();
  }

  private command(): string[] {
    return this.candidates[this.attempt] ?? [];
  }

  private onProbation(): boolean {
    return this.attempt < this.candidates.length - 1;
  }

  private async open(): Promise<void> {
    const attempt = this.attempt;
    // Events of an abandoned attempt (its late close, say) must not reach the session.
    const current = () => !this.closed && attempt === this.attempt;
    let channel: ExecChannel;
    const opening = new AbortController();
    this.opening = opening;
    const timer = setTimeout(() => opening.abort(new ExecOpenTimeout(this.openTimeoutSeconds)), this.openTimeoutSeconds * 1000);
    try {
      channel = await ExecChannel.open(this.kubeConfig, this.target, this.command(), this.size, {
        output: (data) => {
          if (current()) this.output(data);
        },
        status: (status) => {
          if (current()) this.status(status);
        },
        lost: () => {
          if (current()) this.events.failed({ message: 'lost the connection to the cluster', closeCode: CloseCode.InternalError });
        },
      }, opening.signal);
    } catch (error) {
      if (current()) this.events.failed(openFailure(error));
      return;
    } finally {
      clearTimeout(timer);
      if (this.opening === opening) this.opening = null;
    }
    if (!current()) {
      channel.close();
      return;
    }
    this.channel = channel;
    channel.resize(this.size);
    if (this.paused) channel.setPaused(true);
    for (const data of this.pending) channel.write(data);
    if (!this.onProbation()) this.accept();
  }

  private accept(): void {
    if (this.accepted) return;
    this.accepted = true;
    const typedAhead = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    this.events.accepted(this.command(), typedAhead);
  }

  private output(data: Buffer): void {
    this.accept();
    this.events.output(data);
  }

  private status(status: V1Status): void {
    const outcome = execOutcome(status);
    if (outcome.kind === 'missing-executable' && !this.accepted && this.onProbation()) {
      this.channel?.close();
      this.channel = null;
      this.attempt += 1;
      void this.open();
      return;
    }
    this.accept();
    if (outcome.kind === 'exit') this.events.exit(outcome.code);
    // Retrying cannot make a missing program appear: the client should stop, not reconnect.
    else this.events.failed({ message: outcome.message, closeCode: outcome.kind === 'missing-executable' ? CloseCode.BadRequest : CloseCode.InternalError });
  }
}
