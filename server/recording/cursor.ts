/**
 * Keyset cursors of the session listing: the (start time, id) of the last row of a page, so the
 * next page continues right after it however many sessions started meanwhile (an offset would
 * shift). Opaque to clients: base64url of a JSON pair.
 */

/** The position a page ends at, in the listing's order (started_at DESC, id DESC). */
export interface CursorPosition {
  startedAt: number;
  id: string;
}

/** The syntax of a recording id (a lowercase random UUID). */
export const RECORDING_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A listing query named a cursor this gateway never issued. */
export class InvalidCursorError extends Error {
  constructor() {
    super('invalid cursor');
    this.name = 'InvalidCursorError';
  }
}

/** The cursor that continues after `position`. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.startedAt, position.id]), 'utf8').toString('base64url');
}

/** The position a cursor names; throws {@link InvalidCursorError} for anything malformed. */
export function decodeCursor(cursor: string): CursorPosition {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(value) || value.length !== 2) throw new InvalidCursorError();
  const [startedAt, id] = value as unknown[];
  if (!Number.isSafeInteger(startedAt) || (startedAt as number) < 0) throw new InvalidCursorError();
  if (typeof id !== 'string' || !RECORDING_ID.test(id)) throw new InvalidCursorError();
  return { startedAt: startedAt as number, id };
}
