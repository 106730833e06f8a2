/**
 * Keystroke-to-screen echo in the page: the keydown event's own timestamp starts the clock, xterm's
 * parse of a cursor line that now ends with that character stops it, and the next animation frame
 * (when the renderer draws it) gives the on-screen figure.
 */
import type { Terminal as Xterm } from '@xterm/xterm';
import type { EchoSample } from './protocol.js';

interface Pending {
  readonly key: string;
  readonly at: number;
  parsedMs: number | null;
  sample: EchoSample | null;
  waiter: ((sample: EchoSample) => void) | null;
}

/** Watches one terminal's echoes; `next` gives the last key's round trip. */
export class EchoProbe {
  private pending: Pending | null = null;
  private readonly onKey = (event: KeyboardEvent): void => {
    if (event.key.length === 1) this.pending = { key: event.key, at: event.timeStamp, parsedMs: null, sample: null, waiter: null };
  };

  constructor(private readonly term: Xterm) {
    // Capture phase: the stamp is taken before xterm's own handler runs.
    document.addEventListener('keydown', this.onKey, true);
    term.onWriteParsed(() => this.parsed());
  }

  /** Resolves with the round trip of the last key pressed, once it is known. */
  next(): Promise<EchoSample> {
    const pending = this.pending;
    if (!pending) return Promise.reject(new Error('no key pressed since the last echo'));
    if (pending.sample) return Promise.resolve(pending.sample);
    return new Promise((resolve) => (pending.waiter = resolve));
  }

  private parsed(): void {
    const pending = this.pending;
    if (!pending || pending.parsedMs !== null || !this.cursorLineEndsWith(pending.key)) return;
    const parsedMs = performance.now() - pending.at;
    pending.parsedMs = parsedMs;
    requestAnimationFrame(() => {
      pending.sample = { parsedMs, frameMs: performance.now() - pending.at };
      pending.waiter?.(pending.sample);
    });
  }

  private cursorLineEndsWith(key: string): boolean {
    const buffer = this.term.buffer.active;
    return buffer.getLine(buffer.baseY + buffer.cursorY)?.translateToString(true).endsWith(key) ?? false;
  }
}
