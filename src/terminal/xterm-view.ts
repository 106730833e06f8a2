/**
 * The xterm side of `<Terminal>`. Only ever loaded with a dynamic `import()` from an effect, so xterm,
 * its addons and its CSS reach a page only when a terminal is actually shown.
 */
import '@xterm/xterm/css/xterm.css';
import { Terminal as Xterm } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { WebglAddon } from '@xterm/addon-webgl';
import type { TerminalTheme } from './types.js';

/** Options of {@link createXtermView}. */
export interface XtermViewOptions {
  theme: TerminalTheme | undefined;
  fontSize: number | undefined;
}

/** An xterm instance mounted in a host element, with the addons `<Terminal>` needs. */
export interface XtermView {
  readonly term: Xterm;
  /** Fits rows and columns to the host element; does nothing while the host has no size. */
  fit(): void;
  /** Selects the next match, wrapping around at the end of the buffer. */
  findNext(text: string): boolean;
  /** Applies changed theme and font size props. */
  configure(options: XtermViewOptions): void;
  dispose(): void;
}

/** A dark palette readable on the kit's default background. */
const DEFAULT_THEME: TerminalTheme = { background: '#1e1e1e', foreground: '#d4d4d4', cursor: '#d4d4d4' };
const DEFAULT_FONT_SIZE = 14;

/**
 * WebGL is much faster for busy output, but a GPU reset or too many contexts on the page can take it
 * away: disposing the addon then hands rendering back to xterm's DOM renderer.
 */
function loadWebgl(term: Xterm): void {
  try {
    const webgl = new WebglAddon();
    webgl.onContextLoss(() => webgl.dispose());
    term.loadAddon(webgl);
  } catch (error) {
    // No WebGL2 here (old browser, blocked GPU): the DOM renderer already in place is the fallback.
    console.warn('kubevision terminal: WebGL unavailable, using the DOM renderer', error);
  }
}

/** Copies a selection made with the mouse when released; programmatic selections (search) are not copied. */
function copyOnSelect(term: Xterm, host: HTMLElement): () => void {
  const onMouseUp = () => {
    const text = term.hasSelection() ? term.getSelection() : '';
    if (!text || !navigator.clipboard) return;
    // A denied clipboard permission must not become an unhandled rejection; the selection stays usable.
    navigator.clipboard.writeText(text).catch(() => undefined);
  };
  host.addEventListener('mouseup', onMouseUp);
  return () => host.removeEventListener('mouseup', onMouseUp);
}

/** Creates xterm in `host` with fit, search, web links, WebGL (DOM fallback) and copy on select. */
export function createXtermView(host: HTMLElement, options: XtermViewOptions): XtermView {
  const term = new Xterm({
    theme: options.theme ?? DEFAULT_THEME,
    fontSize: options.fontSize ?? DEFAULT_FONT_SIZE,
    cursorBlink: true,
    scrollback: 5000,
  });
  const fit = new FitAddon();
  const search = new SearchAddon();
  term.loadAddon(fit);
  term.loadAddon(search);
  term.loadAddon(new WebLinksAddon());
  term.open(host);
  loadWebgl(term);
  const removeCopy = copyOnSelect(term, host);
  return {
    term,
    fit() {
      if (host.clientWidth > 0 && host.clientHeight > 0) fit.fit();
    },
    findNext: (text) => search.findNext(text),
    configure(next) {
      term.options.theme = next.theme ?? DEFAULT_THEME;
      term.options.fontSize = next.fontSize ?? DEFAULT_FONT_SIZE;
      if (host.clientWidth > 0 && host.clientHeight > 0) fit.fit();
    },
    dispose() {
      removeCopy();
      term.dispose();
    },
  };
}
