/**
 * kube-apiserver's checks of ConfigMap and Secret keys, Secret values (base64 bytes) and
 * PersistentVolumeClaim requests, in its wording.
 */
import { badRequest, type KubeStatus } from '../errors.js';
import type { StoredObject } from '../object.js';
import { invalidValue, list, rec, required, type FieldCause } from './fields.js';

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const CONFIG_KEY_HINT =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function keyCauses(o: StoredObject, field: string): FieldCause[] {
  return Object.keys(rec(o, field))
    .filter((k) => !CONFIG_KEY.test(k) || k === '.' || k === '..')
    .map((k) => invalidValue(`${field}[${k}]`, k, CONFIG_KEY_HINT));
}

function claimCauses(o: StoredObject): FieldCause[] {
  const spec = rec(o, 'spec');
  const causes: FieldCause[] = [];
  if (list(spec, 'accessModes').length === 0) causes.push(required('spec.accessModes', 'at least 1 access mode is required'));
  if (rec(rec(spec, 'resources'), 'requests').storage === undefined) causes.push(required('spec.resources[storage]'));
  return causes;
}

/** The causes that make a ConfigMap, Secret or PersistentVolumeClaim invalid. */
export function coreCauses(o: StoredObject): FieldCause[] {
  switch (o.kind) {
    case 'ConfigMap':
      return [...keyCauses(o, 'data'), ...keyCauses(o, 'binaryData')];
    case 'Secret':
      return [...keyCauses(o, 'data'), ...keyCauses(o, 'stringData')];
    case 'PersistentVolumeClaim':
      return claimCauses(o);
    default:
      return [];
  }
}

/**
 * A Secret's `data` holds bytes, so a value that is not base64 fails decoding (400) before any
 * validation, as it does in kube-apiserver.
 */
export function decodeStatus(o: StoredObject): KubeStatus | null {
  if (o.kind !== 'Secret') return null;
  for (const value of Object.values(rec(o, 'data'))) {
    if (typeof value !== 'string' || !BASE64.test(value)) {
      return badRequest(`Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte ${typeof value === 'string' ? firstBadByte(value) : 0}`);
    }
  }
  return null;
}

function firstBadByte(value: string): number {
  const bad = value.search(/[^A-Za-z0-9+/=]/);
  return bad >= 0 ? bad : Math.max(0, value.length - (value.length % 4));
}
