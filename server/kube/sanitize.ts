/** What the gateway removes from objects before a browser sees them (DESIGN §5). */
import { roleAtLeast, type Identity } from '../auth/roles.js';

/** The value every secret entry shows to users below operator. */
export const REDACTED = '';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A copy without managedFields and, for secrets and users below operator, without secret values.
 * `kind` defaults to the object's own; a list item needs the list's (an API server leaves it off).
 */
export function sanitizeObject(object: unknown, identity: Identity, kind: unknown = isObj(object) ? object.kind : undefined): unknown {
  if (!isObj(object)) return object;
  const metadata = isObj(object.metadata) ? object.metadata : undefined;
  let out: Obj = object;
  if (metadata && 'managedFields' in metadata) {
    const rest = { ...metadata };
    delete rest.managedFields;
    out = { ...out, metadata: rest };
  }
  if (kind === 'Secret' && !roleAtLeast(identity.role, 'operator')) {
    for (const field of ['data', 'stringData'] as const) {
      const values = out[field];
      if (isObj(values)) out = { ...out, [field]: Object.fromEntries(Object.keys(values).map((k) => [k, REDACTED])) };
    }
  }
  return out;
}

/**
 * An API answer as `identity` may see it: one object, or a list whose items are sanitized as the
 * kind the list names (`SecretList` holds Secrets), since a real API server sends list items
 * without `kind` and a secret must not pass unredacted for lack of it.
 */
export function sanitizeBody(body: unknown, identity: Identity): unknown {
  if (!isObj(body) || !Array.isArray(body.items)) return sanitizeObject(body, identity);
  const listKind = typeof body.kind === 'string' && body.kind.endsWith('List') ? body.kind.slice(0, -'List'.length) : undefined;
  return { ...body, items: body.items.map((item: unknown) => sanitizeObject(item, identity, (isObj(item) ? item.kind : undefined) ?? listKind)) };
}
