/** What the terminal benchmark page offers its Node driver (bench/terminal-throughput.ts) on `window.termBench`. */

/** Which terminal a measurement uses: the kit's `<Terminal>` through the gateway, or the raw `ws` pipe. */
export type Side = 'ours' | 'raw';

/** Where `<Terminal>` connects and what it runs. */
export interface OursTarget {
  readonly baseUrl: string;
  readonly token: string;
  readonly cluster: string;
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  readonly command: readonly string[];
}

/** One flood as the page saw it. */
export interface FloodResult {
  /** From sending "go" to xterm having parsed the last byte. */
  readonly ms: number;
  /** Binary writes into xterm (network frames, as the output arrived). */
  readonly writes: number;
}

/** One keystroke's round trip, from the keydown event's timestamp. */
export interface EchoSample {
  /** Until xterm had parsed the echoed character. */
  readonly parsedMs: number;
  /** Until the animation frame after that, when the screen shows it. */
  readonly frameMs: number;
}

/** The page's benchmark controls. */
export interface TermBenchApi {
  /** Mounts `<Terminal>` running `target.command`; resolves once the session is open. */
  mountOurs(target: OursTarget): Promise<void>;
  /** Mounts a bare xterm (the kit's own xterm setup) on a plain WebSocket to `url`; resolves once open. */
  mountRaw(url: string): Promise<void>;
  /** Starts the mounted side's flood; resolves when xterm has parsed `bytes` bytes of output. */
  flood(side: Side, bytes: number): Promise<FloodResult>;
  /** Focuses the mounted side's terminal and starts watching its echoes. */
  armEcho(side: Side): void;
  /** Resolves with the round trip of the last key pressed, once its echo is on screen. */
  nextEcho(): Promise<EchoSample>;
}

declare global {
  interface Window {
    /** Set by the benchmark page once its script has run. */
    termBench?: TermBenchApi;
  }
}
