// Kubernetes PATCH semantics for the emulator. Behaviour and error answers follow kube-apiserver's
// staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go, evanphx/json-patch (merge patch) and
// k8s.io/apimachinery/pkg/util/strategicpatch, so that kubectl and client libraries see what a real
// cluster would tell them.

/**
 * The outcome of a PATCH: the patched object, or the code, reason and message of the Status a
 * kube-apiserver would answer. `reason` is '' where kube-apiserver omits it (an internal error that
 * is not a Status).
 */
export type PatchResult =
  | { ok: true; value: unknown }
  | { ok: false; code: 400 | 415 | 422 | 500; reason: string; message: string };

type Json = null | boolean | number | string | Json[] | JsonObject;
interface JsonObject {
  [key: string]: Json;
}

const JSON_PATCH = 'application/json-patch+json';
const MERGE_PATCH = 'application/merge-patch+json';
const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';

// Server-side apply is not emulated, so it is left out of the accepted list like servers without it do.
const UNSUPPORTED_MEDIA_TYPE = `the body of the request was in an unknown format - accepted media types include: ${[JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH].join(', ')}`;

class PatchFailure extends Error {
  readonly code: 400 | 415 | 422 | 500;
  readonly reason: string;

  constructor(code: 400 | 415 | 422 | 500, reason: string, message: string) {
    super(message);
    this.code = code;
    this.reason = reason;
  }
}

const badRequest = (message: string) => new PatchFailure(400, 'BadRequest', message);

// kube-apiserver answers every JSON patch operation that does not apply (and an SMP list of lists)
// with NewGenericServerResponse(422, ...) without causes: the detail never reaches the client.
const notApplicable = () => new PatchFailure(422, 'Invalid', 'the server rejected our request due to an error in our request');

// Errors that are not a metav1.Status become a 500 with no reason and the raw Go error text.
const internal = (message: string) => new PatchFailure(500, '', message);

/** Applies a PATCH body of the given Content-Type to a JSON object (never mutates `target`). */
export function applyPatch(target: unknown, body: string, contentType: string | undefined, kind?: string): PatchResult {
  try {
    const doc = structuredClone(target) as Json;
    const patched = patchByType(doc, body, mediaType(contentType), kind ?? kindOf(doc));
    return { ok: true, value: requireObject(patched) };
  } catch (error) {
    if (!(error instanceof PatchFailure)) throw error;
    return { ok: false, code: error.code, reason: error.reason, message: error.message };
  }
}

function patchByType(doc: Json, body: string, type: string, kind: string): Json {
  switch (type) {
    case MERGE_PATCH:
      return applyMergePatch(doc, body);
    case JSON_PATCH:
      return applyJsonPatch(doc, body);
    case STRATEGIC_MERGE_PATCH:
      return applyStrategicMergePatch(doc, body, kind);
    default:
      throw new PatchFailure(415, 'UnsupportedMediaType', UNSUPPORTED_MEDIA_TYPE);
  }
}

// kube-apiserver drops everything from the first ';' (charset and other parameters).
function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
}

function kindOf(doc: Json): string {
  const kind = isObject(doc) ? ownValue(doc, 'kind') : undefined;
  return typeof kind === 'string' ? kind : '';
}

// The patched JSON is decoded into a typed object; anything but an object fails that decode and
// kube-apiserver answers NewInvalid(GroupKind{}, "", patch: Invalid value), hence the leading space.
function requireObject(value: Json): JsonObject {
  if (isObject(value)) return value;
  const detail = `couldn't get version/kind; json parse error: json: cannot unmarshal ${goKind(value)} into Go struct`;
  throw new PatchFailure(422, 'Invalid', ` "" is invalid: patch: Invalid value: ${JSON.stringify(JSON.stringify(value))}: ${detail}`);
}

// ---------------------------------------------------------------------------------------------
// JSON helpers

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Own properties only: a patch naming "constructor" or "__proto__" must not reach Object.prototype.
function ownValue(object: JsonObject, key: string): Json | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

function setKey(object: JsonObject, key: string, value: Json): void {
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
}

function removeKey(object: JsonObject, key: string): void {
  Reflect.deleteProperty(object, key);
}

function parseJson(body: string): Json {
  try {
    return JSON.parse(body) as Json;
  } catch (error) {
    // Go's decoder messages are lower case ("unexpected end of JSON input"); V8's mostly match otherwise.
    const message = error instanceof Error ? error.message : String(error);
    throw badRequest(message.charAt(0).toLowerCase() + message.slice(1));
  }
}

// The value names Go's encoding/json uses in "json: cannot unmarshal X into Go value of type T".
function goKind(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

// fmt's %v, which strategicpatch uses to print maps and lists in its error messages.
function goFormat(value: Json): string {
  if (value === null) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goFormat).join(' ')}]`;
  if (!isObject(value)) return String(value);
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));
  return `map[${entries.map(([key, item]) => `${key}:${goFormat(item)}`).join(' ')}]`;
}

function deepEqual(a: Json, b: Json): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i] ?? null));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key] ?? null, b[key] ?? null));
  }
  return a === b;
}

// ---------------------------------------------------------------------------------------------
// JSON merge patch (RFC 7386)

function applyMergePatch(doc: Json, body: string): Json {
  let patch: Json;
  try {
    patch = JSON.parse(body) as Json;
  } catch {
    throw badRequest('Invalid JSON Patch');
  }
  // evanphx/json-patch refuses a null or scalar merge patch with this text and kube answers 400; an
  // array is legal RFC 7386 (it replaces the document) and fails later as a non-object.
  if (patch === null || typeof patch !== 'object') throw badRequest('Invalid JSON Patch');
  return mergePatch(doc, patch);
}

function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) removeKey(result, key);
    else setKey(result, key, mergePatch(ownValue(result, key) ?? null, value));
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// JSON patch (RFC 6902)

function applyJsonPatch(doc: Json, body: string): Json {
  return decodeOperations(parseJson(body)).reduce(applyOperation, doc);
}

// Mirrors jsonpatch.DecodePatch: a decode failure is a 400 with Go's unmarshal message, and a JSON
// null decodes to an empty patch that changes nothing.
function decodeOperations(patch: Json): JsonObject[] {
  if (patch === null) return [];
  if (!Array.isArray(patch)) throw badRequest(`json: cannot unmarshal ${goKind(patch)} into Go value of type jsonpatch.Patch`);
  return patch.map((operation) => {
    if (operation === null) return {};
    if (!isObject(operation)) throw badRequest(`json: cannot unmarshal ${goKind(operation)} into Go value of type jsonpatch.Operation`);
    return operation;
  });
}

function applyOperation(doc: Json, operation: JsonObject): Json {
  const path = pointer(operation, 'path');
  switch (ownValue(operation, 'op')) {
    case 'add':
      return addAt(doc, path, operationValue(operation));
    case 'remove':
      return removeAt(doc, path).doc;
    case 'replace':
      return replaceAt(doc, path, operationValue(operation));
    case 'move':
      return moveTo(doc, pointer(operation, 'from'), path);
    case 'copy':
      return addAt(doc, path, structuredClone(valueAt(doc, pointer(operation, 'from'))));
    case 'test':
      if (!deepEqual(valueAt(doc, path), operationValue(operation))) throw notApplicable();
      return doc;
    default:
      throw notApplicable();
  }
}

function operationValue(operation: JsonObject): Json {
  const value = ownValue(operation, 'value');
  if (value === undefined) throw notApplicable();
  return value;
}

// RFC 6901 tokens; [] is the whole document. "~1" is decoded before "~0" so "~01" stays "~1".
function pointer(operation: JsonObject, field: 'path' | 'from'): string[] {
  const raw = ownValue(operation, field);
  if (typeof raw !== 'string' || (raw !== '' && !raw.startsWith('/'))) throw notApplicable();
  if (/~[^01]|~$/.test(raw)) throw notApplicable();
  return raw === '' ? [] : raw.slice(1).split('/').map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function arrayIndex(token: string, max: number): number {
  if (!/^(0|[1-9][0-9]*)$/.test(token) || Number(token) > max) throw notApplicable();
  return Number(token);
}

function valueAt(doc: Json, tokens: readonly string[]): Json {
  return tokens.reduce(child, doc);
}

function child(value: Json, token: string): Json {
  const found = Array.isArray(value) ? value[arrayIndex(token, value.length - 1)] : isObject(value) ? ownValue(value, token) : undefined;
  if (found === undefined) throw notApplicable();
  return found;
}

function parentOf(doc: Json, tokens: readonly string[]): { parent: JsonObject | Json[]; key: string } | undefined {
  const key = tokens.at(-1);
  if (key === undefined) return undefined;
  const parent = valueAt(doc, tokens.slice(0, -1));
  if (!Array.isArray(parent) && !isObject(parent)) throw notApplicable();
  return { parent, key };
}

function addAt(doc: Json, tokens: readonly string[], value: Json): Json {
  const location = parentOf(doc, tokens);
  if (!location) return value;
  const { parent, key } = location;
  if (!Array.isArray(parent)) setKey(parent, key, value);
  else parent.splice(key === '-' ? parent.length : arrayIndex(key, parent.length), 0, value);
  return doc;
}

function removeAt(doc: Json, tokens: readonly string[]): { doc: Json; removed: Json } {
  const location = parentOf(doc, tokens);
  if (!location) throw notApplicable();
  const { parent, key } = location;
  const removed = child(parent, key);
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else removeKey(parent, key);
  return { doc, removed };
}

function replaceAt(doc: Json, tokens: readonly string[], value: Json): Json {
  const location = parentOf(doc, tokens);
  if (!location) return value;
  const { parent, key } = location;
  child(parent, key);
  if (Array.isArray(parent)) parent[Number(key)] = value;
  else setKey(parent, key, value);
  return doc;
}

// RFC 6902 4.4: a location cannot be moved into one of its own children.
function moveTo(doc: Json, from: readonly string[], path: readonly string[]): Json {
  if (path.length > from.length && from.every((token, i) => path[i] === token)) throw notApplicable();
  const { doc: rest, removed } = removeAt(doc, from);
  return addAt(rest, path, removed);
}

// ---------------------------------------------------------------------------------------------
// Strategic merge patch

type ListStrategy = { type: 'replace' } | { type: 'set' } | { type: 'merge'; key: string };
type Schema = (path: readonly string[]) => ListStrategy;

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ELEMENT_ORDER = '$setElementOrder';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList';

// The patchMergeKey tags of the API types the emulator serves; every other list is replaced.
const POD_SPEC_LISTS = new Map([
  ['containers', 'name'],
  ['initContainers', 'name'],
  ['ephemeralContainers', 'name'],
  ['volumes', 'name'],
  ['imagePullSecrets', 'name'],
]);
const CONTAINER_LISTS = new Map([
  ['env', 'name'],
  ['ports', 'containerPort'],
  ['volumeMounts', 'mountPath'],
  ['volumeDevices', 'devicePath'],
]);
const CONTAINER_FIELDS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

function mergeKeyFor(path: readonly string[], kind: string): string | undefined {
  const field = path.at(-1) ?? '';
  const parent = path.at(-2) ?? '';
  if (parent === 'spec' && POD_SPEC_LISTS.has(field)) return POD_SPEC_LISTS.get(field);
  if (CONTAINER_FIELDS.has(parent)) return CONTAINER_LISTS.get(field);
  if (parent === 'status' && field === 'conditions') return 'type';
  if (parent === 'metadata' && field === 'ownerReferences') return 'uid';
  // ServiceSpec.ports merges by port; other kinds have no spec.ports list.
  if (kind === 'Service' && path.length === 2 && parent === 'spec' && field === 'ports') return 'port';
  return undefined;
}

function schemaFor(kind: string): Schema {
  return (path) => {
    // ObjectMeta.finalizers is the one primitive list with patchStrategy "merge".
    if (path.at(-2) === 'metadata' && path.at(-1) === 'finalizers') return { type: 'set' };
    const key = mergeKeyFor(path, kind);
    return key === undefined ? { type: 'replace' } : { type: 'merge', key };
  };
}

// Mirrors strategicPatchObject: the body is decoded into a map, so a JSON null is an empty patch and
// any other non-object is a 400 with Go's unmarshal message.
function applyStrategicMergePatch(doc: Json, body: string, kind: string): Json {
  const patch = parseJson(body) ?? {};
  if (!isObject(patch)) throw badRequest(`json: cannot unmarshal ${goKind(patch)} into Go value of type map[string]interface {}`);
  return mergeMap(isObject(doc) ? doc : {}, patch, [], schemaFor(kind));
}

interface SplitPatch {
  fields: Map<string, Json>;
  orders: Map<string, Json[]>;
  deletions: Map<string, Json[]>;
}

function mergeMap(original: JsonObject, patch: JsonObject, path: readonly string[], schema: Schema): JsonObject {
  const directive = ownValue(patch, DIRECTIVE);
  if (directive !== undefined) return mapDirective(directive, patch, path, schema);
  const result = retainKeys({ ...original }, patch);
  const { fields, orders, deletions } = splitPatch(patch);
  for (const [key, value] of fields) mergeField(result, key, value, [...path, key], schema, orders.get(key));
  for (const [key, order] of orders) if (!fields.has(key)) reorderField(result, key, order, [...path, key], schema);
  for (const [key, values] of deletions) deleteFromList(result, key, values);
  return result;
}

// "$patch" on a map: replace swaps in the patch's own content, delete empties it; anything else is an
// ErrBadPatchType, which kube-apiserver does not translate and so answers as a 500.
function mapDirective(directive: Json, patch: JsonObject, path: readonly string[], schema: Schema): JsonObject {
  if (directive === 'delete') return {};
  if (directive !== 'replace') throw internal(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(patch)}`);
  const content = { ...patch };
  removeKey(content, DIRECTIVE);
  return mergeMap({}, content, path, schema);
}

// "$retainKeys" clears every field of the original it does not list; the patch may only set listed fields.
function retainKeys(result: JsonObject, patch: JsonObject): JsonObject {
  const retained = ownValue(patch, RETAIN_KEYS);
  if (retained === undefined) return result;
  if (!Array.isArray(retained)) throw badRequest('invalid patch format of retainKeys');
  const keep = new Set(retained);
  for (const [key, value] of Object.entries(patch)) {
    if (value !== null && !isDirectiveKey(key) && !keep.has(key)) throw badRequest('invalid patch format of retainKeys');
  }
  return Object.fromEntries(Object.entries(result).filter(([key]) => keep.has(key)));
}

function isDirectiveKey(key: string): boolean {
  return key === DIRECTIVE || key === RETAIN_KEYS || key.startsWith(SET_ELEMENT_ORDER) || key.startsWith(DELETE_FROM_PRIMITIVE_LIST);
}

function splitPatch(patch: JsonObject): SplitPatch {
  const split: SplitPatch = { fields: new Map(), orders: new Map(), deletions: new Map() };
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(SET_ELEMENT_ORDER)) split.orders.set(...parallelList(key, SET_ELEMENT_ORDER, value, 'setElementOrder list'));
    else if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) split.deletions.set(...parallelList(key, DELETE_FROM_PRIMITIVE_LIST, value, 'primitive list'));
    else if (key !== RETAIN_KEYS) split.fields.set(key, value);
  }
  return split;
}

// "$setElementOrder/<field>" and "$deleteFromPrimitiveList/<field>" must name a field and carry a list.
function parallelList(key: string, prefix: string, value: Json, what: string): [string, Json[]] {
  if (!key.startsWith(`${prefix}/`) || !Array.isArray(value)) throw badRequest(`invalid patch format of ${what}`);
  return [key.slice(prefix.length + 1), value];
}

function mergeField(result: JsonObject, key: string, value: Json, path: readonly string[], schema: Schema, order: Json[] | undefined): void {
  if (value === null) removeKey(result, key);
  else setKey(result, key, mergeValue(ownValue(result, key), value, path, schema, order));
}

// A value absent from the original, or of another JSON type, is merged into an empty one so that
// nested directives and nulls never end up stored.
function mergeValue(current: Json | undefined, patch: Json, path: readonly string[], schema: Schema, order: Json[] | undefined): Json {
  if (isObject(patch)) return mergeMap(isObject(current) ? current : {}, patch, path, schema);
  if (Array.isArray(patch)) return mergeList(Array.isArray(current) ? current : [], patch, path, schema, order);
  return patch;
}

function reorderField(result: JsonObject, key: string, order: Json[], path: readonly string[], schema: Schema): void {
  const current = ownValue(result, key);
  if (Array.isArray(current) && schema(path).type !== 'replace') setKey(result, key, mergeList(current, [], path, schema, order));
}

function deleteFromList(result: JsonObject, key: string, values: Json[]): void {
  const current = ownValue(result, key);
  if (Array.isArray(current)) setKey(result, key, current.filter((item) => !values.includes(item)));
}

function mergeList(original: Json[], patch: Json[], path: readonly string[], schema: Schema, order: Json[] | undefined): Json[] {
  const strategy = schema(path);
  if (strategy.type === 'replace') return patch;
  if (original.length === 0 && patch.length === 0) return original;
  const elements = listElements(original, patch);
  if (strategy.type === 'set') {
    if (elements === 'object') throw internal('cannot merge lists without merge key for type string');
    return mergeScalars(original, patch, order ?? patch);
  }
  if (elements === 'scalar') throw internal(`expected a map[string]interface {}, but received a ${goKind(patch[0] ?? original[0] ?? null)}`);
  return mergeKeyedList(original, patch.filter(isObject), strategy.key, path, schema, order);
}

// strategicpatch requires one element type across both lists; a list of lists is ErrNoListOfLists (422).
function listElements(original: Json[], patch: Json[]): 'object' | 'scalar' {
  const types = new Set([...original, ...patch].map((item) => (Array.isArray(item) ? 'array' : goKind(item))));
  if (types.has('array')) throw notApplicable();
  if (types.size > 1) throw internal(`list element types are not identical: ${goFormat([original, patch])}`);
  return types.has('object') ? 'object' : 'scalar';
}

function mergeScalars(original: Json[], patch: Json[], order: Json[]): Json[] {
  const merged = [...original, ...patch].filter((item, i, all) => all.indexOf(item) === i);
  return normalizeOrder(merged, order, original, (item) => item);
}

function mergeKeyedList(original: Json[], patch: JsonObject[], key: string, path: readonly string[], schema: Schema, order: Json[] | undefined): Json[] {
  const { survivors, items, replace } = applyListDirectives(original, patch, key);
  if (replace) return items.map((item) => mergeMap({}, item, path, schema));
  const merged = items.reduce((list, item) => mergeItem(list, item, key, path, schema), survivors);
  return normalizeOrder(merged, order ?? items, survivors, (item) => (isObject(item) ? ownValue(item, key) : undefined));
}

// "$patch: delete" items remove every original item with their merge key, "$patch: replace" makes the
// other patch items the whole list; "merge" and unknown directives are errors kube answers with 500.
function applyListDirectives(original: Json[], patch: JsonObject[], key: string): { survivors: Json[]; items: JsonObject[]; replace: boolean } {
  let survivors = original;
  let replace = false;
  const items: JsonObject[] = [];
  for (const item of patch) {
    const directive = ownValue(item, DIRECTIVE);
    if (directive === undefined) items.push(item);
    else if (directive === 'delete') survivors = withoutKeyValue(survivors, key, mergeKeyValue(item, key));
    else if (directive === 'replace') replace = true;
    else if (directive === 'merge') throw internal('merging lists cannot yet be specified in the patch');
    else throw internal(`unknown patch type: ${goFormat(directive)} in map: ${goFormat(item)}`);
  }
  return { survivors, items, replace };
}

function mergeKeyValue(item: JsonObject, key: string): Json {
  const value = ownValue(item, key);
  if (value === undefined) throw internal(`map: ${goFormat(item)} does not contain declared merge key: ${key}`);
  return value;
}

function withoutKeyValue(list: Json[], key: string, value: Json): Json[] {
  return list.filter((item) => !isObject(item) || ownValue(item, key) !== value);
}

function mergeItem(list: Json[], item: JsonObject, key: string, path: readonly string[], schema: Schema): Json[] {
  const value = mergeKeyValue(item, key);
  const index = list.findIndex((existing) => isObject(existing) && ownValue(existing, key) === value);
  const existing = list[index];
  if (!isObject(existing)) return [...list, mergeMap({}, item, path, schema)];
  return list.with(index, mergeMap(existing, item, path, schema));
}

// strategicpatch's normalizeElementOrder: items named by the patch (or its $setElementOrder list) take
// the patch's order, the others keep their live order, and the two are interleaved by live position.
// A new item therefore lands before the server-only items, as `kubectl patch` users see.
function normalizeOrder(merged: Json[], patchOrder: Json[], serverOrder: Json[], keyOf: (item: Json) => Json | undefined): Json[] {
  const rank = (list: Json[], item: Json) => list.findIndex((other) => keyOf(other) === keyOf(item));
  const inPatch = merged.filter((item) => rank(patchOrder, item) >= 0).sort((a, b) => rank(patchOrder, a) - rank(patchOrder, b));
  const serverOnly = merged.filter((item) => rank(patchOrder, item) < 0);
  return interleave(serverOnly, inPatch, (item) => rank(serverOrder, item));
}

function interleave(serverOnly: Json[], inPatch: Json[], livePosition: (item: Json) => number): Json[] {
  const out: Json[] = [];
  let rest = serverOnly;
  for (const item of inPatch) {
    const at = livePosition(item);
    const cut = rest.findIndex((other) => !(at >= 0 && livePosition(other) >= 0 && livePosition(other) < at));
    const before = cut < 0 ? rest : rest.slice(0, cut);
    out.push(...before, item);
    rest = rest.slice(before.length);
  }
  return [...out, ...rest];
}
