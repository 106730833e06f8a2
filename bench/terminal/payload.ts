/**
 * The flood every rung of the terminal benchmark carries: the same printable lines, so xterm parses
 * real text (not NULs), and the same byte count whether a PTY, the gateway or the raw pipe sends it.
 */

/** 98 printable characters; with the PTY's CRLF a line is 100 bytes on the wire. */
export const LINE = 'kubevision terminal throughput 0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ ~!@#';
/** Bytes of one line as a terminal receives it (the PTY turns LF into CRLF). */
export const LINE_BYTES = LINE.length + 2;

/** The lines needed for about `bytes` bytes of output, rounded down to whole lines. */
export function linesFor(bytes: number): number {
  return Math.floor(bytes / LINE_BYTES);
}

/**
 * A shell that waits for one line on stdin ("go"), then prints `lines` lines. Echo is off first so
 * the go line adds nothing to the output, and the timing starts when the bench says, not at exec.
 * It then waits for another line instead of exiting: node-pty on Linux can drop the last few KiB
 * of a process that exits with output unread (microsoft/node-pty#85), and the bench waits for
 * every byte; the bench ends the session itself.
 */
export function floodCommand(lines: number): string[] {
  return ['sh', '-c', `stty -echo; read go; yes '${LINE}' | head -n ${lines}; read end`];
}

/** The same bytes as the flood, `size` of them, whole lines repeated: the raw pipe cycles through it. */
export function floodPattern(size: number): Buffer {
  const line = Buffer.from(`${LINE}\r\n`, 'latin1');
  const count = Math.max(1, Math.floor(size / line.length));
  return Buffer.concat(Array.from({ length: count }, () => line));
}
