/** Field-path helpers shared by the emulator's object validators: how kube-apiserver words a bad field. */
import { isRecord } from '../object.js';

/** One rejected field, as a cause of a 422 Invalid Status. */
export interface FieldCause {
  field: string;
  message: string;
}

/** `field: Required value[: detail]`. */
export function required(field: string, detail?: string): FieldCause {
  return { field, message: detail ? `Required value: ${detail}` : 'Required value' };
}

/** `field: Unsupported value: "x": supported values: "a", "b"`. */
export function unsupported(field: string, value: unknown, supported: readonly string[]): FieldCause {
  return { field, message: `Unsupported value: ${JSON.stringify(value ?? '')}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` };
}

/** `field: Invalid value: <value>: detail`, the value printed as Go's %#v would for strings and numbers. */
export function invalidValue(field: string, value: unknown, detail: string): FieldCause {
  return { field, message: `Invalid value: ${goValue(value)}: ${detail}` };
}

/** A value the way the apiserver's messages print it: strings quoted, maps as `map[string]string{...}`. */
export function goValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isRecord(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${JSON.stringify(String(value[k]))}`);
    return `map[string]string{${entries.join(', ')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The object at `key`, or an empty one when absent or not an object. */
export function rec(parent: unknown, key: string): Record<string, unknown> {
  const v = isRecord(parent) ? parent[key] : undefined;
  return isRecord(v) ? v : {};
}

/** The list at `key`, or an empty one. */
export function list(parent: unknown, key: string): unknown[] {
  const v = isRecord(parent) ? parent[key] : undefined;
  return Array.isArray(v) ? v : [];
}

/** True for a non-empty string. */
export function present(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0;
}
