/** Decoding what a watch client sends, including the parts of a bad message an ERROR frame can echo. */
import type { RawData } from 'ws';
import type { ErrorTarget } from './frames.js';

/** The text of a received frame, whatever shape ws delivered it in. */
export function frameText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/**
 * The key fields of a rejected message that are strings, so the kit can tell which subscription a
 * 400 (a bad selector, say) is about; nothing for text that is not a JSON object.
 */
export function echoTarget(text: string): ErrorTarget {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const fields = value as Record<string, unknown>;
  const target: ErrorTarget = {};
  for (const f of ['cluster', 'namespace', 'resource', 'labelSelector'] as const) {
    const v = fields[f];
    if (typeof v === 'string') target[f] = v;
  }
  return target;
}
