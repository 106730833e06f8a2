/**
 * pod-template-hash as the deployment controller derives it: the 32-bit FNV-1a hash of the pod
 * template, its decimal digits mapped onto Kubernetes' "safe" alphabet. The template is hashed as
 * canonical JSON (sorted keys) so a template names the same ReplicaSet whatever key order a client sent.
 */
import { isRecord } from '../object.js';

/** The label carrying the hash on a Deployment's ReplicaSets and their pods. */
export const TEMPLATE_HASH_LABEL = 'pod-template-hash';

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, canonical(value[k])]),
  );
}

/** 32-bit FNV-1a of the UTF-8 bytes of `text`. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash;
}

/** The pod-template-hash of a Deployment's `spec.template`. */
export function podTemplateHash(template: unknown): string {
  const digits = String(fnv1a32(JSON.stringify(canonical(template))));
  return [...digits].map((d) => SAFE_ALPHABET[d.charCodeAt(0) % SAFE_ALPHABET.length]).join('');
}
