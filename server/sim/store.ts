/**
 * One emulated cluster's objects: CRUD with Kubernetes semantics (uids, generateName, monotonic
 * resourceVersion, optimistic concurrency, cascading deletion through ownerReferences), and the
 * event history that watches resume from.
 */
import { isDeepStrictEqual } from 'node:util';
import { dns1123LabelError, dns1123SubdomainError } from '../../src/core/names.js';
import { alreadyExists, badRequest, conflict, invalid, notFound, type KubeStatus } from './errors.js';
import { isRecord, kubeTime, type ObjectMeta, type StoredObject } from './object.js';
import { RESOURCE_TYPES, apiVersionOf, qualifiedName, type ResourceType } from './resources.js';
import { TypeRegistry } from './type-registry.js';
import { validateObject } from './validation/index.js';
import { rbacNameError } from './validation/rbac.js';

/** Outcome of a write. */
export type StoreResult = { ok: true; object: StoredObject } | { ok: false; status: KubeStatus };

/** How a write is done: `dryRun` validates and answers the object that would be stored, storing nothing (`?dryRun=All`). */
export interface WriteOptions {
  dryRun?: boolean;
}

/** The seed's three watch event types. */
export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change, numbered by the resourceVersion it produced. */
export interface StoreEvent {
  readonly rv: number;
  readonly type: StoreEventType;
  readonly resource: ResourceType;
  readonly object: StoredObject;
  /** The object before a MODIFIED, so watches with selectors can tell when it left their selection. */
  readonly previous?: StoredObject;
}

/** Settings of a {@link ClusterStore}. */
export interface ClusterStoreOptions {
  /** Events kept for resuming watches; older resourceVersions get 410 Expired. */
  historySize?: number;
  /** Source of uids (seeded for deterministic worlds). */
  uid: () => string;
  /** Source of random name suffixes for generateName, in [0, 1). */
  random: () => number;
  now?: () => number;
}

const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const NAME_LABEL_KINDS = new Set(['Namespace', 'Service']);

function key(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

/** An object as read through `t`'s version: every served version of a custom type shares one table (conversion None). */
function asVersion(t: ResourceType, o: StoredObject): StoredObject {
  const apiVersion = apiVersionOf(t);
  return o.apiVersion === apiVersion ? o : { ...o, apiVersion };
}


/** The apiserver's words for a JSON value of the wrong type (Go's encoding/json UnmarshalTypeError). */
function decodeError(field: string, goType: string, value: unknown): string {
  const got = Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : typeof value;
  return `json: cannot unmarshal ${got} into Go struct field ${field} of type ${goType}`;
}
/** The objects and history of one cluster. */
export class ClusterStore {
  private rv = 1;
  private oldestRv = 1;
  private history: StoreEvent[] = [];
  /** Objects by `plural.group`, so that the versions of a type share them. */
  private readonly tables = new Map<string, Map<string, StoredObject>>();
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  /** Watch closers, with the `plural.group` of the watched type when only its removal ends them. */
  private readonly closers = new Map<() => void, string | undefined>();
  /** The types served: the built-ins and those of established CRDs. */
  readonly types = new TypeRegistry();
  private readonly historySize: number;
  private readonly now: () => number;

  constructor(
    readonly name: string,
    private readonly options: ClusterStoreOptions,
  ) {
    this.historySize = options.historySize ?? 5000;
    this.now = options.now ?? Date.now;
    for (const t of RESOURCE_TYPES) this.tables.set(qualifiedName(t), new Map());
  }

  /** The cluster's current resourceVersion. */
  get resourceVersion(): number {
    return this.rv;
  }

  /** Objects of a type, in one namespace or (undefined) all, ordered by namespace then name. */
  list(t: ResourceType, namespace?: string): StoredObject[] {
    const table = this.table(t);
    const items = namespace === undefined ? [...table.values()] : [...table.values()].filter((o) => o.metadata.namespace === namespace);
    return items
      .sort((a, b) => {
        const ka = key(a.metadata.namespace, a.metadata.name);
        const kb = key(b.metadata.namespace, b.metadata.name);
        return ka < kb ? -1 : ka > kb ? 1 : 0;
      })
      .map((o) => asVersion(t, o));
  }

  /** Number of objects of a type. */
  count(t: ResourceType): number {
    return this.table(t).size;
  }

  /** One object, or undefined. */
  get(t: ResourceType, namespace: string | undefined, name: string): StoredObject | undefined {
    const o = this.table(t).get(key(t.namespaced ? namespace : undefined, name));
    return o && asVersion(t, o);
  }

  /** Creates an object as POST does: fills uid, name from generateName, timestamps, resourceVersion. */
  create(t: ResourceType, namespace: string | undefined, body: unknown, options: WriteOptions = {}): StoreResult {
    const checked = this.checkBody(t, namespace, body, undefined);
    if (!checked.ok) return checked;
    const input = checked.object;
    const meta = { ...input.metadata };
    if (!meta.name && meta.generateName) meta.name = this.generateName(t, namespace, meta.generateName);
    const nameError = this.nameError(t, meta.name);
    if (nameError) return { ok: false, status: nameError };
    if (t.namespaced) {
      const ns = namespace ?? 'default';
      if (!this.get(this.typeOf('Namespace'), undefined, ns)) return { ok: false, status: notFound(this.typeOf('Namespace'), ns) };
      meta.namespace = ns;
    } else {
      delete meta.namespace;
    }
    if (this.get(t, meta.namespace, meta.name)) return { ok: false, status: alreadyExists(t, meta.name) };
    meta.uid = typeof input.metadata.uid === 'string' && input.metadata.uid ? input.metadata.uid : this.options.uid();
    meta.creationTimestamp = typeof input.metadata.creationTimestamp === 'string' ? input.metadata.creationTimestamp : kubeTime(this.now());
    if ('spec' in input) meta.generation = 1;
    delete meta.deletionTimestamp;
    const built: StoredObject = { ...input, apiVersion: apiVersionOf(t), kind: t.kind, metadata: meta };
    const refused = this.types.isBuiltIn(t) ? validateObject(t, built) : null;
    if (refused) return { ok: false, status: refused };
    if (t.kind === 'Namespace' && !isRecord(built.status)) built.status = { phase: 'Active' };
    // A dry-run create gets no resourceVersion: none is assigned when nothing is stored.
    if (options.dryRun) return { ok: true, object: { ...built, metadata: { ...meta, resourceVersion: '' } } };
    const object = this.stamp(built);
    this.table(t).set(key(meta.namespace, meta.name), object);
    this.emit('ADDED', t, object);
    return { ok: true, object };
  }

  /** Replaces an object as PUT does: 409 on a stale resourceVersion, generation bumped on spec changes. */
  replace(t: ResourceType, namespace: string | undefined, name: string, body: unknown, options: WriteOptions = {}): StoreResult {
    const current = this.get(t, namespace, name);
    if (!current) return { ok: false, status: notFound(t, name) };
    const checked = this.checkBody(t, namespace, body, name);
    if (!checked.ok) return checked;
    const input = checked.object;
    const wanted = input.metadata.resourceVersion;
    if (wanted !== undefined && wanted !== '' && wanted !== current.metadata.resourceVersion) return { ok: false, status: conflict(t, name) };
    const meta: ObjectMeta = {
      ...input.metadata,
      name,
      uid: current.metadata.uid,
      creationTimestamp: current.metadata.creationTimestamp,
      resourceVersion: current.metadata.resourceVersion,
    };
    if (current.metadata.namespace !== undefined) meta.namespace = current.metadata.namespace;
    if (current.metadata.generation !== undefined) {
      meta.generation = isDeepStrictEqual(input.spec, current.spec) ? current.metadata.generation : current.metadata.generation + 1;
    }
    if (current.metadata.deletionTimestamp) meta.deletionTimestamp = current.metadata.deletionTimestamp;
    const object: StoredObject = { ...input, apiVersion: current.apiVersion, kind: current.kind, metadata: meta };
    const refused = this.types.isBuiltIn(t) ? validateObject(t, object, current) : null;
    if (refused) return { ok: false, status: refused };
    if (isDeepStrictEqual(object, current)) return { ok: true, object: current };
    if (options.dryRun) return { ok: true, object };
    const stored = this.stamp(object);
    this.table(t).set(key(meta.namespace, name), stored);
    this.emit('MODIFIED', t, stored, current);
    return { ok: true, object: stored };
  }

  /** Applies `change` to the current object and stores the result with replace semantics. */
  update(t: ResourceType, namespace: string | undefined, name: string, change: (current: StoredObject) => unknown, options: WriteOptions = {}): StoreResult {
    const current = this.get(t, namespace, name);
    if (!current) return { ok: false, status: notFound(t, name) };
    return this.replace(t, namespace, name, change(current), options);
  }

  /** Deletes an object, then (as the garbage collector would) everything it owns. */
  delete(t: ResourceType, namespace: string | undefined, name: string): StoreResult {
    const current = this.get(t, namespace, name);
    if (!current) return { ok: false, status: notFound(t, name) };
    if (t.kind === 'Namespace') {
      for (const nt of this.storedTypes()) {
        if (!nt.namespaced) continue;
        for (const o of this.list(nt, name)) this.remove(nt, o);
      }
    }
    this.remove(t, current);
    this.collectOrphans(current.metadata.uid);
    return { ok: true, object: current };
  }

  /** Calls `listener` for every change from now on; returns its remover. */
  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Calls `closer` when open watches must end (history restart, world reload) or, with `t`, when
   * its type stops being served (its CRD deleted); returns its remover.
   */
  onWatchesEnd(closer: () => void, t?: ResourceType): () => void {
    this.closers.set(closer, t && qualifiedName(t));
    return () => {
      this.closers.delete(closer);
    };
  }

  /** Ends every open watch; clients re-watch from their last resourceVersion. */
  endWatches(): void {
    for (const closer of [...this.closers.keys()]) closer();
  }

  /** Serves the custom `types` of the CRD named `crd` (its served versions), replacing what it served before. */
  serveCustom(crd: string, types: readonly ResourceType[]): void {
    this.types.serve(crd, types);
    for (const t of types) if (!this.tables.has(qualifiedName(t))) this.tables.set(qualifiedName(t), new Map());
  }

  /**
   * Stops serving the types of the CRD `crd`, as its deletion does: every object of them is deleted
   * (watches see DELETED), then their watches end.
   */
  unserveCustom(crd: string): void {
    const [first] = this.types.unserve(crd);
    if (!first) return;
    const id = qualifiedName(first);
    for (const o of [...(this.tables.get(id)?.values() ?? [])]) this.remove(first, o);
    this.tables.delete(id);
    for (const [closer, type] of [...this.closers]) if (type === id) closer();
  }

  /** The events after `rv`, or null when `rv` is older than the history window (410 Expired). */
  eventsSince(rv: number): StoreEvent[] | null {
    if (rv < this.oldestRv) return null;
    let i = this.history.length;
    while (i > 0 && (this.history[i - 1]?.rv ?? 0) > rv) i--;
    return this.history.slice(i);
  }

  /** The oldest resourceVersion a watch can still resume from. */
  get oldestResourceVersion(): number {
    return this.oldestRv;
  }

  /** Forgets the event history, as an apiserver restart does: every older resourceVersion is now expired. */
  restartHistory(): void {
    this.history = [];
    this.rv += 1;
    this.oldestRv = this.rv;
    this.endWatches();
  }

  /** The type of a core or apps kind; the registry always has it. */
  typeOf(kind: string): ResourceType {
    const t = RESOURCE_TYPES.find((r) => r.kind === kind);
    if (!t) throw new Error(`unknown kind ${kind}`);
    return t;
  }

  /** One served type per table (any of its versions). */
  private storedTypes(): ResourceType[] {
    const seen = new Map<string, ResourceType>();
    for (const t of this.types.all()) if (this.tables.has(qualifiedName(t)) && !seen.has(qualifiedName(t))) seen.set(qualifiedName(t), t);
    return [...seen.values()];
  }

  private table(t: ResourceType): Map<string, StoredObject> {
    const table = this.tables.get(qualifiedName(t));
    if (!table) throw new Error(`type ${t.plural} is not served`);
    return table;
  }

  private stamp(object: StoredObject): StoredObject {
    this.rv += 1;
    return { ...object, metadata: { ...object.metadata, resourceVersion: String(this.rv) } };
  }

  private remove(t: ResourceType, object: StoredObject): void {
    if (!this.table(t).delete(key(object.metadata.namespace, object.metadata.name))) return;
    this.rv += 1;
    const gone = { ...object, metadata: { ...object.metadata, resourceVersion: String(this.rv) } };
    this.emit('DELETED', t, gone);
  }

  private collectOrphans(ownerUid: string): void {
    for (const t of this.storedTypes()) {
      for (const o of [...this.table(t).values()]) {
        if (o.metadata.ownerReferences?.some((r) => r.uid === ownerUid)) {
          this.remove(t, o);
          this.collectOrphans(o.metadata.uid);
        }
      }
    }
  }

  private emit(type: StoreEventType, resource: ResourceType, object: StoredObject, previous?: StoredObject): void {
    const event: StoreEvent = previous ? { rv: this.rv, type, resource, object, previous } : { rv: this.rv, type, resource, object };
    this.history.push(event);
    if (this.history.length > this.historySize * 1.25) {
      const drop = this.history.length - this.historySize;
      this.oldestRv = this.history[drop - 1]?.rv ?? this.oldestRv;
      this.history.splice(0, drop);
    }
    for (const listener of [...this.listeners]) listener(event);
  }

  private generateName(t: ResourceType, namespace: string | undefined, prefix: string): string {
    for (;;) {
      let suffix = '';
      for (let i = 0; i < 5; i++) suffix += SUFFIX_ALPHABET[Math.floor(this.options.random() * SUFFIX_ALPHABET.length)];
      const name = `${prefix}${suffix}`;
      if (!this.get(t, namespace, name)) return name;
    }
  }

  private nameError(t: ResourceType, name: string | undefined): KubeStatus | null {
    if (!name) return invalid(t, '', [{ field: 'metadata.name', message: 'Required value: name or generateName is required' }]);
    if (t.group === 'rbac.authorization.k8s.io') {
      const rbacError = rbacNameError(name);
      return rbacError ? invalid(t, name, [{ field: 'metadata.name', message: `Invalid value: "${name}": ${rbacError}` }]) : null;
    }
    const error = NAME_LABEL_KINDS.has(t.kind) ? dns1123LabelError(name) : dns1123SubdomainError(name);
    if (!error) return null;
    return invalid(t, name, [{ field: 'metadata.name', message: `Invalid value: "${name}": a lowercase RFC 1123 name ${error}` }]);
  }

  private checkBody(t: ResourceType, namespace: string | undefined, body: unknown, name: string | undefined): StoreResult {
    if (!isRecord(body)) return { ok: false, status: badRequest('the body of the request must be a JSON object') };
    if (body.kind !== undefined && body.kind !== t.kind) {
      return { ok: false, status: badRequest(`the kind of the provided object (${String(body.kind)}) does not match the kind of the request (${t.kind})`) };
    }
    if (body.apiVersion !== undefined && body.apiVersion !== apiVersionOf(t)) {
      return { ok: false, status: badRequest(`the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${apiVersionOf(t)})`) };
    }
    if (body.metadata !== undefined && body.metadata !== null && !isRecord(body.metadata)) return { ok: false, status: badRequest(decodeError('metadata', 'ObjectMeta', body.metadata)) };
    const meta = isRecord(body.metadata) ? body.metadata : {};
    // The apiserver's JSON decoding refuses a wrong type before any validation looks at the value.
    for (const field of ['name', 'generateName', 'namespace'] as const) {
      const value = meta[field];
      if (value !== undefined && value !== null && typeof value !== 'string') return { ok: false, status: badRequest(decodeError(`metadata.${field}`, 'string', value)) };
    }
    if (t.namespaced && namespace !== undefined && typeof meta.namespace === 'string' && meta.namespace !== '' && meta.namespace !== namespace) {
      return { ok: false, status: badRequest('the namespace of the provided object does not match the namespace sent on the request') };
    }
    if (name !== undefined && typeof meta.name === 'string' && meta.name !== name) {
      return { ok: false, status: badRequest('the name of the object (' + meta.name + ') does not match the name on the URL (' + name + ')') };
    }
    return { ok: true, object: { ...body, apiVersion: apiVersionOf(t), kind: t.kind, metadata: meta as ObjectMeta } };
  }
}
