/**
 * What an asciicast v2 file says about its session when nothing else does (the gateway died
 * mid-session): when it started, when its last event happened, and how much output it holds.
 * Read in chunks, so a long recording never sits in memory whole.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** The facts of one recording file. */
export interface CastSummary {
  /** The header's `timestamp`: Unix time of the start, in seconds. */
  timestamp: number;
  /** Seconds from the start to the last event; 0 without events. */
  lastEventSeconds: number;
  /** UTF-8 bytes of the `"o"` events, as the live count measures output. */
  outputBytes: number;
}

const CHUNK_BYTES = 64 * 1024;

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    // A crash mid-write leaves a cut last line: it holds nothing that can be trusted.
    return undefined;
  }
}

function headerTimestamp(value: unknown): number | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { version, timestamp } = value as Record<string, unknown>;
  return version === 2 && typeof timestamp === 'number' && Number.isFinite(timestamp) ? timestamp : null;
}

/** Calls `onLine` for every line of the file at `path` (the last one too, newline or not). */
function eachLine(path: string, onLine: (line: string) => void): void {
  const fd = openSync(path, 'r');
  try {
    const decoder = new StringDecoder('utf8');
    const chunk = Buffer.alloc(CHUNK_BYTES);
    let rest = '';
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) {
      const lines = (rest + decoder.write(chunk.subarray(0, n))).split('\n');
      rest = lines.pop() ?? '';
      lines.forEach(onLine);
    }
    onLine(rest + decoder.end());
  } finally {
    closeSync(fd);
  }
}

/** The summary of the recording at `path`; null when it is missing or has no valid header. */
export function summarizeCast(path: string): CastSummary | null {
  let summary: CastSummary | null = null;
  let headerSeen = false;
  try {
    eachLine(path, (line) => {
      if (line === '') return;
      const value = parseLine(line);
      if (!headerSeen) {
        headerSeen = true;
        const timestamp = headerTimestamp(value);
        if (timestamp !== null) summary = { timestamp, lastEventSeconds: 0, outputBytes: 0 };
        return;
      }
      if (!summary || !Array.isArray(value)) return;
      const [time, code, data] = value as unknown[];
      if (typeof time !== 'number' || !Number.isFinite(time) || typeof data !== 'string') return;
      summary.lastEventSeconds = Math.max(summary.lastEventSeconds, time);
      if (code === 'o') summary.outputBytes += Buffer.byteLength(data, 'utf8');
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return summary;
}
