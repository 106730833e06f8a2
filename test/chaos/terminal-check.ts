/**
 * The terminal side of a chaos run: a TerminalConnection to a pod shell. After every fault it must
 * work (a marker echoed by the shell comes back), and after a fault that cost it its socket it must
 * have announced a new shell first (the `session` event), never leaving a silent dead screen.
 */
import type { KubeVisionClient } from '../../src/core/client.ts';
import type { TerminalConnection } from '../../src/core/terminal-connection.ts';

/** Where the shell runs. */
export interface ShellTarget {
  cluster: string;
  namespace: string;
  pod: string;
  container: string;
}

/** What a probe found. */
export interface TerminalProbe {
  /** The socket was lost since the previous probe. */
  readonly lost: boolean;
  /** A new session was announced after that loss (true when there was no loss). */
  readonly announced: boolean;
  /** The shell echoed the marker. */
  readonly echoed: boolean;
  /** The terminal's state, and the end of its output, for a report. */
  readonly state: string;
  readonly tail: string;
}

/** Output kept for matching markers; older output is dropped. */
const KEEP_CHARS = 64 * 1024;

/** One pod shell and its probe. */
export class TerminalCheck {
  private readonly terminal: TerminalConnection;
  private readonly decoder = new TextDecoder();
  private output = '';
  private sessions = 0;
  private sessionAtLoss: number | null = null;
  private probes = 0;
  private lastWrite = 0;

  constructor(client: KubeVisionClient, target: ShellTarget) {
    this.terminal = client.openTerminal({ ...target, cols: 120, rows: 30, flowControl: false });
    this.terminal.on('output', (bytes) => {
      this.output = (this.output + this.decoder.decode(bytes, { stream: true })).slice(-KEEP_CHARS);
    });
    this.terminal.on('session', (info) => {
      this.sessions = info.index + 1;
    });
    this.terminal.on('status', (status) => {
      if (status.state === 'reconnecting' && this.sessionAtLoss === null) this.sessionAtLoss = this.sessions;
    });
  }

  /** Sessions started so far. */
  get sessionCount(): number {
    return this.sessions;
  }

  /** The terminal's state. */
  get state(): string {
    return this.terminal.status.state;
  }

  /**
   * One attempt of the probe: true once a new session (if one was due) has been announced and the
   * shell echoed this probe's marker. Call it repeatedly until true or a deadline; `finish` ends it.
   */
  attempt(): TerminalProbe {
    const lost = this.sessionAtLoss !== null;
    const announced = !lost || this.sessions > (this.sessionAtLoss ?? 0);
    const marker = `kv-${this.probes * 7 + 42}-ok`;
    // The marker is computed by the shell, so the typed command itself never matches it.
    const echoed = this.terminal.status.state === 'open' && announced && this.output.includes(marker);
    // Typed again now and then: a command typed into a shell that was dying is lost with it.
    if (!echoed && this.terminal.status.state === 'open' && announced && Date.now() - this.lastWrite > 1000) {
      if (this.terminal.write(`echo kv-$((${this.probes} * 7 + 42))-ok\r`)) this.lastWrite = Date.now();
    }
    return { lost, announced, echoed, state: this.terminal.status.state, tail: this.output.slice(-80) };
  }

  /** A probe succeeded: the next one starts afresh. */
  finish(): void {
    this.probes++;
    this.sessionAtLoss = null;
    this.lastWrite = 0;
  }

  dispose(): void {
    this.terminal.dispose();
  }
}
