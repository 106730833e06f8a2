/**
 * Turns the byte stream of a container log into lines (DESIGN §7): UTF-8 decoded as a stream, so a
 * character split across two chunks survives and invalid bytes become U+FFFD; `\n` ends a line and
 * a `\r` just before it belongs to the break, wherever the chunk boundaries fall.
 */

/**
 * Longest line held back waiting for its newline, in UTF-16 units. A container that writes without
 * newlines must not grow the gateway's memory without end, so a longer line is sent in pieces.
 */
export const MAX_LINE_LENGTH = 1 << 20;

/** Splits a byte stream into lines without their line breaks. */
export class LineSplitter {
  // ignoreBOM keeps a leading U+FEFF: the log is passed on as the container wrote it.
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private partial = '';

  constructor(private readonly maxLineLength = MAX_LINE_LENGTH) {}

  /** The lines completed by `chunk`; the unfinished rest waits for the next chunk. */
  push(chunk: Uint8Array): string[] {
    return this.split(this.decoder.decode(chunk, { stream: true }));
  }

  /** The lines left at the end of the stream, including a last line that has no newline. */
  end(): string[] {
    const lines = this.split(this.decoder.decode());
    if (this.partial !== '') lines.push(this.partial);
    this.partial = '';
    return lines;
  }

  private split(text: string): string[] {
    const lines: string[] = [];
    // The held-back part has no newline: search only the new text, so a long line is not rescanned per chunk.
    const from = this.partial.length;
    let rest = this.partial + text;
    let start = 0;
    for (let nl = rest.indexOf('\n', from); nl >= 0; nl = rest.indexOf('\n', start)) {
      const end = nl > start && rest.charCodeAt(nl - 1) === 0x0d ? nl - 1 : nl;
      lines.push(rest.slice(start, end));
      start = nl + 1;
    }
    rest = rest.slice(start);
    while (rest.length > this.maxLineLength) {
      const cut = this.safeCut(rest);
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    this.partial = rest;
    return lines;
  }

  /** Where to cut an overlong line: at the limit, but never between the halves of a surrogate pair or a `\r` and the `\n` that may follow. */
  private safeCut(text: string): number {
    const code = text.charCodeAt(this.maxLineLength - 1);
    const splitsPair = code >= 0xd800 && code <= 0xdbff;
    return splitsPair || code === 0x0d ? this.maxLineLength - 1 : this.maxLineLength;
  }
}
