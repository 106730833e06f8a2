import type { RawData } from 'ws';

/** One channel frame: the channel byte followed by the payload. */
export function encodeFrame(channel: number, payload: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(payload.length + 1);
  frame[0] = channel;
  payload.copy(frame, 1);
  return frame;
}

/** A received message as one Buffer, whatever shape ws delivered it in. */
export function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** A terminal size in columns and rows. */
export interface TerminalSize {
  readonly cols: number;
  readonly rows: number;
}

function dimension(value: unknown): number | null {
  // remotecommand.TerminalSize holds uint16 values; 0 would make node-pty throw.
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 0xffff ? value : null;
}

/**
 * A resize message: JSON `{"Width":W,"Height":H}`. Go's decoder matches keys without regard to
 * case, so kubectl's `Width` and client-node's `width` both work. Null for anything unusable.
 */
export function parseResize(payload: Buffer): TerminalSize | null {
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  let cols: number | null = null;
  let rows: number | null = null;
  for (const [key, field] of Object.entries(value)) {
    const name = key.toLowerCase();
    if (name === 'width') cols = dimension(field);
    else if (name === 'height') rows = dimension(field);
  }
  return cols !== null && rows !== null ? { cols, rows } : null;
}
