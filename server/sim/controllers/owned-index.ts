/**
 * The objects of one kind grouped by the uid of their controller owner, kept current from store
 * events, so a reconcile finds a ReplicaSet's pods without scanning (and sorting) a whole namespace.
 */
import type { StoredObject } from '../object.js';
import type { StoreEvent } from '../store.js';
import { controllerRef } from './fields.js';

function keyOf(o: StoredObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

/** Objects of `kind` by controller owner uid. */
export class OwnedIndex {
  private readonly byOwner = new Map<string, Map<string, StoredObject>>();

  constructor(private readonly kind: string) {}

  /** Indexes objects already in the store. */
  load(objects: readonly StoredObject[]): void {
    for (const o of objects) this.put(o);
  }

  /** Follows one store event. */
  apply(event: StoreEvent): void {
    if (event.resource.kind !== this.kind) return;
    if (event.previous) this.drop(event.previous);
    if (event.type === 'DELETED') this.drop(event.object);
    else this.put(event.object);
  }

  /** The current objects controlled by `ownerUid`. */
  owned(ownerUid: string): StoredObject[] {
    return [...(this.byOwner.get(ownerUid)?.values() ?? [])];
  }

  private put(o: StoredObject): void {
    const owner = controllerRef(o)?.uid;
    if (!owner) return;
    let group = this.byOwner.get(owner);
    if (!group) this.byOwner.set(owner, (group = new Map()));
    group.set(keyOf(o), o);
  }

  private drop(o: StoredObject): void {
    const owner = controllerRef(o)?.uid;
    const group = owner ? this.byOwner.get(owner) : undefined;
    if (!owner || !group) return;
    group.delete(keyOf(o));
    if (group.size === 0) this.byOwner.delete(owner);
  }
}
