/**
 * What a watch or a list may show a user: objects of the subscribed cluster and namespace only, and
 * for a user limited to namespaces nothing outside them, cluster-scoped objects included (DESIGN §8;
 * server/auth/roles.ts: "" is for users without a namespace limit).
 */
import type { WatchKey } from '../../src/core/protocol.ts';
import { watchFrames, type EndpointResult, type WatchFrame } from './security-client.ts';
import type { Persona } from './security-world.ts';

const EVENT_TYPES = new Set(['ADDED', 'MODIFIED', 'DELETED']);

/** The object events of a watch trace. */
export function objectEvents(result: EndpointResult): WatchFrame[] {
  return watchFrames(result.trace).filter((f) => EVENT_TYPES.has(f.type));
}

/** The namespaces (`(cluster-scoped)` for none) of the objects `p` must not have seen through `key`. */
export function leakedNamespaces(events: readonly WatchFrame[], key: WatchKey, p: Persona): string[] {
  const outside = events.filter((f) => {
    const ns = f.object?.metadata?.namespace ?? '';
    if (f.cluster !== key.cluster) return true;
    if (key.namespace !== '' && ns !== key.namespace) return true;
    return p.namespaces !== undefined && !p.namespaces.includes(ns);
  });
  return [...new Set(outside.map((f) => `${f.cluster ?? '?'}/${f.object?.metadata?.namespace ?? '(cluster-scoped)'}`))];
}

/** "ok" for a watch that synced without showing anything out of scope; else the refusal or `leak: ...`. */
export function scopedWatchOutcome(result: EndpointResult, key: WatchKey, p: Persona): string {
  if (result.outcome !== 'ok') return result.outcome;
  const leaked = leakedNamespaces(objectEvents(result), key, p);
  return leaked.length > 0 ? `leak: ${leaked.join(',')}` : 'ok';
}

/** "values" when any secret value came through, "redacted" when every value is "", "no secrets" without any. */
export function secretValues(objects: readonly WatchFrame['object'][]): string {
  const secrets = objects.filter((o) => o?.kind === 'Secret');
  if (secrets.length === 0) return 'no secrets';
  return secrets.some((s) => Object.values(s?.data ?? {}).some((v) => v !== '')) ? 'values' : 'redacted';
}
