/**
 * An object as YAML for people: managedFields left out (bookkeeping nobody edits by hand), and a
 * Secret's values replaced by a mask unless the viewer chose to reveal them.
 */
import { dump } from 'js-yaml';
import type { WatchedObject } from '@kubevision/kit';

/** What a masked secret value shows instead of its bytes. */
export const MASK = '••••••';

type Plain = Record<string, unknown>;

const isPlain = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value);

/** True when the object is a Secret whose values the gateway sent (it blanks them for viewers). */
export function hasSecretValues(object: WatchedObject): boolean {
  const { data } = object as Plain;
  return object.kind === 'Secret' && isPlain(data) && Object.values(data).some((value) => value !== '');
}

/** A copy without managedFields and, with `mask`, with every Secret value replaced by {@link MASK}. */
export function presentable(object: WatchedObject, mask: boolean): Plain {
  const out: Plain = { ...(object as Plain) };
  if (isPlain(out.metadata) && 'managedFields' in out.metadata) {
    const metadata = { ...out.metadata };
    delete metadata.managedFields;
    out.metadata = metadata;
  }
  if (mask && object.kind === 'Secret') {
    for (const field of ['data', 'stringData']) {
      const values = out[field];
      if (isPlain(values)) out[field] = Object.fromEntries(Object.keys(values).map((key) => [key, MASK]));
    }
  }
  return out;
}

/** The YAML text of {@link presentable}; keys keep the API server's order, long strings are not folded. */
export function objectYaml(object: WatchedObject, mask: boolean): string {
  return dump(presentable(object, mask), { lineWidth: -1, noRefs: true });
}
