/**
 * What apiextensions-apiserver does with a CustomResourceDefinition: once its names are accepted it
 * serves the CRD's served versions (discovery, CRUD, watch), sets the NamesAccepted and Established
 * conditions, and when the CRD is deleted deletes its objects and ends their watches.
 */
import { isRecord, kubeTime, type StoredObject } from './object.js';
import type { ResourceType } from './resources.js';
import type { ClusterStore, StoreEvent } from './store.js';

interface Condition {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
  lastTransitionTime: string;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}

/** The types a (validated) CRD defines: one per served version. */
function typesOf(crd: StoredObject): ResourceType[] {
  const spec = isRecord(crd.spec) ? crd.spec : {};
  const names = isRecord(spec.names) ? spec.names : {};
  const kind = String(names.kind);
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isRecord) : [];
  return versions
    .filter((v) => v.served === true)
    .map((v) => ({
      group: String(spec.group),
      version: String(v.name),
      kind,
      plural: String(names.plural),
      singular: typeof names.singular === 'string' && names.singular ? names.singular : kind.toLowerCase(),
      namespaced: spec.scope === 'Namespaced',
      shortNames: strings(names.shortNames),
      categories: strings(names.categories),
      subresources: isRecord(v.subresources) && isRecord(v.subresources.status) ? ['status'] : [],
    }));
}

/** Conditions with their transition times kept when their status did not change. */
function conditions(previous: unknown, next: Omit<Condition, 'lastTransitionTime'>[], now: string): Condition[] {
  const before = Array.isArray(previous) ? previous.filter(isRecord) : [];
  return next.map((c) => {
    const old = before.find((b) => b.type === c.type);
    const kept = old && old.status === c.status && typeof old.lastTransitionTime === 'string' ? old.lastTransitionTime : now;
    return { ...c, lastTransitionTime: kept };
  });
}

/** Serves the CRDs of `store` as they are written; returns the stopper. */
export function startCustomResources(store: ClusterStore): () => void {
  const crdType = store.typeOf('CustomResourceDefinition');

  const establish = (crd: StoredObject): void => {
    const types = typesOf(crd);
    const [first] = types;
    const conflict = first && store.types.conflicting(first, crd.metadata.name);
    if (first && !conflict) store.serveCustom(crd.metadata.name, types);
    const accepted = first !== undefined && !conflict;
    const spec = isRecord(crd.spec) ? crd.spec : {};
    const storage = Array.isArray(spec.versions) ? spec.versions.filter(isRecord).find((v) => v.storage === true)?.name : undefined;
    // Deferred: a status written while the CRD's own event is being delivered would reach some watchers before it.
    queueMicrotask(() => {
      store.update(crdType, undefined, crd.metadata.name, (current) => {
        const status = isRecord(current.status) ? current.status : {};
        const nameMessage = conflict ? `"${first?.plural ?? ''}" is already in use by ${conflict}` : 'no conflicts found';
        return {
          ...current,
          status: {
            ...status,
            conditions: conditions(status.conditions, [
              { type: 'NamesAccepted', status: accepted ? 'True' : 'False', reason: accepted ? 'NoConflicts' : 'NameConflict', message: nameMessage },
              { type: 'Established', status: accepted ? 'True' : 'False', reason: accepted ? 'InitialNamesAccepted' : 'NotAccepted', message: accepted ? 'the initial names have been accepted' : 'not all names are accepted' },
            ], kubeTime(Date.now())),
            acceptedNames: accepted ? spec.names : {},
            storedVersions: [...new Set([...strings(status.storedVersions), ...(typeof storage === 'string' ? [storage] : [])])],
          },
        };
      });
    });
  };

  const changed = (event: StoreEvent): void => {
    if (event.resource !== crdType) return;
    if (event.type === 'DELETED') store.unserveCustom(event.object.metadata.name);
    else establish(event.object);
  };
  for (const crd of store.list(crdType)) establish(crd);
  return store.subscribe(changed);
}
