/**
 * Protobuf request bodies (`application/vnd.kubernetes.protobuf`), which kubectl's typed clients
 * send: the `k8s\0` envelope holds a runtime.Unknown with the object's apiVersion, kind and bytes,
 * decoded here into the JSON object the rest of the emulator reads. Singular fields left at their
 * zero value are dropped, as JSON's omitempty would drop them; repeated ones keep their "" (the core API group).
 */
import { status, type KubeStatus } from '../errors.js';
import { isRecord, kubeTime } from '../object.js';
import { SCHEMAS, type FieldType, type Schema } from './schemas.js';
import { readFields, type WireField } from './wire.js';

/** The media type of Kubernetes protobuf. */
export const PROTOBUF = 'application/vnd.kubernetes.protobuf';

const MAGIC = Buffer.from('k8s\0', 'latin1');

function text(f: WireField): string {
  return Buffer.from(f.bytes ?? []).toString('utf8');
}

function entry(f: WireField): [string, WireField | undefined] {
  const fields = readFields(f.bytes ?? new Uint8Array());
  const key = fields.find((x) => x.number === 1);
  return [key ? text(key) : '', fields.find((x) => x.number === 2)];
}

function time(f: WireField): string | undefined {
  const seconds = readFields(f.bytes ?? new Uint8Array()).find((x) => x.number === 1)?.varint;
  return seconds === undefined ? undefined : kubeTime(Number(seconds) * 1000);
}

/** Adds one wire field to `out` by its type. */
function put(out: Record<string, unknown>, name: string, type: FieldType, f: WireField): void {
  const push = (value: unknown): void => {
    const list = out[name];
    out[name] = Array.isArray(list) ? [...list, value] : [value];
  };
  const map = (): Record<string, unknown> => {
    const current = out[name];
    const m = isRecord(current) ? current : {};
    out[name] = m;
    return m;
  };
  if (type === 'string') {
    if (text(f) !== '') out[name] = text(f);
  } else if (type === 'int') {
    if (f.varint) out[name] = Number(f.varint);
  } else if (type === 'bool') {
    if (f.varint) out[name] = true;
  } else if (type === 'strings') push(text(f));
  else if (type === 'time') {
    const t = time(f);
    if (t) out[name] = t;
  } else if (type === 'map' || type === 'bytesMap') {
    const [key, value] = entry(f);
    map()[key] = type === 'map' ? (value ? text(value) : '') : Buffer.from(value?.bytes ?? []).toString('base64');
  } else if ('message' in type) out[name] = message(f.bytes ?? new Uint8Array(), type.message);
  else push(message(f.bytes ?? new Uint8Array(), type.messages));
}

function message(buf: Uint8Array, schema: Schema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of readFields(buf)) {
    const spec = schema[f.number];
    if (spec) put(out, spec[0], spec[1], f);
  }
  return out;
}

/** The 415 for a body the emulator cannot decode. */
function unsupported(what: string): KubeStatus {
  return status(415, 'UnsupportedMediaType', `the emulator decodes protobuf bodies of Namespace, ConfigMap, Secret, ServiceAccount, RBAC objects and reviews only, not ${what}: send application/json`);
}

/** The JSON object of a protobuf body, or the Status refusing it. */
export function decodeProtobuf(body: Buffer): Record<string, unknown> | KubeStatus {
  if (!body.subarray(0, 4).equals(MAGIC)) return status(400, 'BadRequest', 'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]');
  try {
    const unknown = readFields(body.subarray(4));
    const typeMeta = unknown.find((f) => f.number === 1);
    const raw = unknown.find((f) => f.number === 2)?.bytes ?? new Uint8Array();
    const meta = typeMeta ? readFields(typeMeta.bytes ?? new Uint8Array()) : [];
    const field = (n: number): string => {
      const f = meta.find((x) => x.number === n);
      return f ? text(f) : '';
    };
    const apiVersion = field(1);
    const kind = field(2);
    const schema = SCHEMAS.get(`${apiVersion}/${kind}`);
    if (!schema) return unsupported(kind ? `${apiVersion} ${kind}` : 'an object without a kind');
    return { apiVersion, kind, ...message(raw, schema) };
  } catch (error) {
    return status(400, 'BadRequest', `the protobuf request body could not be decoded: ${error instanceof Error ? error.message : String(error)}`);
  }
}
