/** What to start: a resolved executable with its argv, place and streams. */
export interface ProcessSpec {
  /** Absolute path of the executable (already looked up). */
  readonly file: string;
  /** argv as the client sent it; argv[0] is kept as the program's name where the platform allows. */
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Record<string, string>;
  readonly stdin: boolean;
  readonly stdout: boolean;
  readonly stderr: boolean;
  /** Initial terminal size (tty only). */
  readonly size: { readonly cols: number; readonly rows: number };
}

/** What a running process reports back. */
export interface ProcessEvents {
  /** Output for channel 1 (stdout, or the merged pty) or 2 (stderr). */
  output(channel: 1 | 2, data: Buffer): void;
  /** The process exited and all its output has been delivered; `code` is 128+N for signal N. */
  exit(code: number): void;
  /** The process failed to start after all (spawn error). */
  failed(message: string): void;
}

/** A started process, under a pty or on pipes. */
export interface ExecProcess {
  /** Undefined when the spawn failed (then `failed` follows). */
  readonly pid: number | undefined;
  /** Feeds stdin; false means stop sending until `onInputDrain` fires. */
  write(data: Buffer): boolean;
  /** Calls `listener` once the input buffer has drained. */
  onInputDrain(listener: () => void): void;
  /** EOF on stdin. */
  endInput(): void;
  resize(cols: number, rows: number): void;
  /** Stops reading output (flow control towards a slow client). */
  pause(): void;
  resume(): void;
}

/** The exit code a container runtime reports: the code, or 128+N when killed by signal N. */
export function exitCode(code: number | null, signal: number | null): number {
  if (signal !== null && signal > 0) return 128 + signal;
  return code ?? 0;
}
