/** What the gateway removes from objects before a browser sees them (DESIGN §5). */
import { roleAtLeast, type Identity } from '../auth/roles.js';

/** The value every secret entry shows to users below operator. */
export const REDACTED = '';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A copy without managedFields and, for secrets and users below operator, without secret values. */
export function sanitizeObject(object: unknown, identity: Identity): unknown {
  if (!isObj(object)) return object;
  const metadata = isObj(object.metadata) ? object.metadata : undefined;
  let out: Obj = object;
  if (metadata && 'managedFields' in metadata) {
    const rest = { ...metadata };
    delete rest.managedFields;
    out = { ...out, metadata: rest };
  }
  if (object.kind === 'Secret' && !roleAtLeast(identity.role, 'operator')) {
    for (const field of ['data', 'stringData'] as const) {
      const values = out[field];
      if (isObj(values)) out = { ...out, [field]: Object.fromEntries(Object.keys(values).map((k) => [k, REDACTED])) };
    }
  }
  return out;
}
