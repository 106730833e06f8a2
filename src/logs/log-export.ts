/** Getting lines out of the viewer: the clipboard (with a fallback) and a downloaded text file. */
import type { LogEntry } from '../core/log-stream.js';
import { plainText } from './entry-text.js';

/** Joins entries into plain text, one line each, with a final newline. */
export function entriesText(entries: Iterable<LogEntry>, withTimestamps: boolean): string {
  let out = '';
  for (const entry of entries) out += `${plainText(entry, withTimestamps)}\n`;
  return out;
}

/** Writes `text` to the clipboard: the async API where allowed, else a hidden textarea and execCommand. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Not a secure context, no permission or no API: the legacy path still works on a user gesture.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }
}

/**
 * Saves the entries as a text file. The Blob is built from one string per line, so even a million lines
 * never become one giant string.
 */
export function downloadEntries(entries: Iterable<LogEntry>, withTimestamps: boolean, fileName: string): void {
  const parts: string[] = [];
  for (const entry of entries) parts.push(`${plainText(entry, withTimestamps)}\n`);
  const url = URL.createObjectURL(new Blob(parts, { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the click has been handled: revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
