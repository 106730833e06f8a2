/**
 * Typed reads of the loosely typed parts of stored objects (spec, status, template), which clients
 * may have written in any shape: a missing or malformed field reads as absent, never throws.
 */
import { isRecord, type OwnerReference, type StoredObject } from '../object.js';

/** The record at `path` under `value`, or an empty one. */
export function recordAt(value: unknown, ...path: string[]): Record<string, unknown> {
  let v = value;
  for (const part of path) v = isRecord(v) ? v[part] : undefined;
  return isRecord(v) ? v : {};
}

/** The records of a JSON array (other items and non-arrays dropped). */
export function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** A non-negative count, or `fallback` when absent or malformed. */
export function count(value: unknown, fallback = 0): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;
}

/** The string entries of a label or annotation map. */
export function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** True when `labels` carries every entry of `wanted`. */
export function hasLabels(labels: Record<string, string> | undefined, wanted: Record<string, string>): boolean {
  return Object.entries(wanted).every(([k, v]) => labels?.[k] === v);
}

/** `spec.replicas`, defaulting to 1 as the apiserver does. */
export function replicasOf(o: StoredObject): number {
  return count(recordAt(o, 'spec').replicas, 1);
}

/** The owner reference marked `controller`, if any. */
export function controllerRef(o: StoredObject): OwnerReference | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller === true);
}

/** The condition of `type` in an object's `status.conditions`. */
export function conditionOf(o: StoredObject, type: string): Record<string, unknown> | undefined {
  return records(recordAt(o, 'status').conditions).find((c) => c.type === type);
}

/** True when a pod's Ready condition is True. */
export function podReady(pod: StoredObject): boolean {
  return conditionOf(pod, 'Ready')?.status === 'True';
}

/** The record without its zero-valued numbers, as Kubernetes omits empty counts from statuses. */
export function withoutZeros(fields: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== 0));
}
