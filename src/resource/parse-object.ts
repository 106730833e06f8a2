/** The edited YAML as an object to send, or why it cannot be sent: checked before any request. */
import { load } from 'js-yaml';
import type { KubeObject } from '@kubevision/kit';
import { CONFLICT_START } from './three-way-merge.js';

/** The parsed object, or the message to show instead of sending. */
export type ParsedObject = { object: KubeObject; error?: undefined } | { object?: undefined; error: string };

/**
 * Parses `text` and stamps it with `resourceVersion`, the version the edit started from: that is
 * what makes the API server refuse (409) an edit of an object that changed meanwhile.
 */
export function parseObject(text: string, resourceVersion: string | undefined): ParsedObject {
  if (text.includes(CONFLICT_START)) return { error: 'Resolve every conflict first: the text still holds conflict markers.' };
  let parsed: unknown;
  try {
    parsed = load(text);
  } catch (error) {
    return { error: `YAML syntax error: ${(error as Error).message}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { error: 'The YAML must describe one object (a mapping).' };
  const object = parsed as KubeObject;
  return { object: { ...object, metadata: { ...object.metadata, resourceVersion } } };
}
