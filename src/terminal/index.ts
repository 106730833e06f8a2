/** `<Terminal>` and its types. xterm itself is not imported here: the component loads it on mount. */
export { Terminal } from './terminal.js';
export type { TerminalHandle, TerminalProps, TerminalSize, TerminalTheme, TerminalViewStatus } from './types.js';
