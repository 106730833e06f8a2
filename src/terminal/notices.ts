/** Lines `<Terminal>` prints into the screen itself, styled so they cannot be mistaken for shell output. */

const YELLOW = '\x1b[33m';
const RED = '\x1b[31m';
const RESET_STYLE = '\x1b[0m';
/** RIS (full reset): clears the screen, scrollback and modes the lost shell left behind. */
const RESET_SCREEN = '\x1bc';

/** Reset plus notice written when a reconnect started a new shell: the old one and its state are gone. */
export const NEW_SHELL_NOTICE = `${RESET_SCREEN}${YELLOW}[kubevision] Connection was lost. A new shell started; the previous shell and its processes did not survive.${RESET_STYLE}\r\n`;

/** The notice written when the shell ended. */
export function exitNotice(code: number | null): string {
  const what = code === null ? 'Session ended.' : `Process exited with code ${code}.`;
  return `\r\n${YELLOW}[kubevision] ${what}${RESET_STYLE}\r\n`;
}

/** The notice for an error frame from the gateway or a failed connection. */
export function errorNotice(message: string): string {
  return `\r\n${RED}[kubevision] ${message}${RESET_STYLE}\r\n`;
}
