/** Public types of `<Terminal>`. Type-only imports keep xterm out of the bundle of a page that never shows one. */
import type { ITheme } from '@xterm/xterm';
import type { TerminalConnectionStatus } from '../core/index.js';

/** Colours of the terminal screen (xterm's theme: foreground, background, cursor, the 16 ANSI colours...). */
export type TerminalTheme = ITheme;

/** The size of the terminal in character cells. */
export interface TerminalSize {
  readonly cols: number;
  readonly rows: number;
}

/** Props of {@link Terminal}. */
export interface TerminalProps {
  /** Cluster name as the gateway knows it. */
  cluster: string;
  namespace: string;
  pod: string;
  /** Container to exec into; default the pod's first container. */
  container?: string;
  /** Command to run; default bash if the container has it, else sh. */
  command?: readonly string[];
  /** Called once when the shell exits, with its exit code (null when the session ended without one). */
  onExit?: (code: number | null) => void;
  /** Called whenever the fitted size changes, including the first fit. */
  onResize?: (size: TerminalSize) => void;
  /** Screen colours; default the kit's dark palette. */
  theme?: TerminalTheme;
  /** Font size in CSS pixels; default 14. */
  fontSize?: number;
  /** Accessible name of the terminal region; default "Terminal: namespace/pod". */
  'aria-label'?: string;
  /** Extra class names on the outer element (which has `kv-terminal`). */
  className?: string;
}

/** What a ref on {@link Terminal} gives; every method is a no-op until the terminal has loaded. */
export interface TerminalHandle {
  /** Moves keyboard focus into the terminal. */
  focus(): void;
  /** Clears the screen and scrollback (the shell is not told; press Enter for a fresh prompt). */
  clear(): void;
  /** Sends text to the shell as if typed; false when no session is open (input is never queued). */
  write(text: string): boolean;
  /** Selects the next match of `term` in the screen and scrollback, wrapping around; false when none. */
  findNext(term: string): boolean;
}

/** The status line's state: xterm still loading, or the connection's status. */
export type TerminalViewStatus = { readonly state: 'loading' } | TerminalConnectionStatus;
