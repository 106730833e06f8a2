/**
 * Kubernetes Status errors written exactly as kube-apiserver writes them, so that kubectl and
 * client-node show the messages users know.
 */
import { isRecord } from './object.js';
import type { ResourceType } from './resources.js';

/** A `Status` object of the Kubernetes API. */
export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  /** Absent when kube-apiserver passes an untranslated error through (it then writes no reason). */
  reason?: string;
  details?: { name?: string; group?: string; kind?: string; causes?: { reason?: string; message: string; field?: string }[] };
  code: number;
}

/** True for a failure Status (what a helper returns instead of its result when it refuses). */
export function isKubeStatus(v: unknown): v is KubeStatus {
  return isRecord(v) && v.kind === 'Status' && v.status === 'Failure' && typeof v.code === 'number';
}

/** A failure Status with this code, reason (omitted when empty) and message. */
export function status(code: number, reason: string, message: string, details?: KubeStatus['details']): KubeStatus {
  const s: KubeStatus = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, ...(reason ? { reason } : {}), code };
  if (details) s.details = details;
  return s;
}

function detailsOf(t: ResourceType, name: string): NonNullable<KubeStatus['details']> {
  return t.group ? { name, group: t.group, kind: t.plural } : { name, kind: t.plural };
}

function resourceLabel(t: ResourceType): string {
  return t.group ? `${t.plural}.${t.group}` : t.plural;
}

/** 404 `pods "x" not found`. */
export function notFound(t: ResourceType, name: string): KubeStatus {
  return status(404, 'NotFound', `${resourceLabel(t)} "${name}" not found`, detailsOf(t, name));
}

/** 409 `configmaps "x" already exists`. */
export function alreadyExists(t: ResourceType, name: string): KubeStatus {
  return status(409, 'AlreadyExists', `${resourceLabel(t)} "${name}" already exists`, detailsOf(t, name));
}

/** 409 optimistic-concurrency conflict on a stale resourceVersion. */
export function conflict(t: ResourceType, name: string): KubeStatus {
  return status(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${resourceLabel(t)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    detailsOf(t, name),
  );
}

/** 422 `Kind "name" is invalid: field: Invalid value: ...`. */
export function invalid(t: ResourceType, name: string, causes: { field: string; message: string }[]): KubeStatus {
  const text = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
  const details = { ...detailsOf(t, name), kind: t.kind, causes: causes.map((c) => ({ reason: 'FieldValueInvalid', message: c.message, field: c.field })) };
  return status(422, 'Invalid', `${t.kind} "${name}" is invalid: ${text}`, details);
}

/** 400 BadRequest. */
export function badRequest(message: string): KubeStatus {
  return status(400, 'BadRequest', message);
}

/** 401 Unauthorized, as kube-apiserver answers a missing or wrong token. */
export function unauthorized(): KubeStatus {
  return status(401, 'Unauthorized', 'Unauthorized');
}

/** 405 for a verb a resource does not support. */
export function methodNotAllowed(): KubeStatus {
  return status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
}

/** 410 Expired for a watch or list from a resourceVersion older than the history window. */
export function expired(requested: number, oldest: number): KubeStatus {
  return status(410, 'Expired', `too old resource version: ${requested} (${oldest})`);
}

/** 404 for a path the server does not serve. */
export function pathNotFound(): KubeStatus {
  return status(404, 'NotFound', 'the server could not find the requested resource');
}
