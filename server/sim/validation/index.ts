/**
 * Server-side validation of written objects, as kube-apiserver does it after decoding: a broken
 * manifest is refused (400 for what cannot be decoded, 422 Invalid with field causes) on a real
 * write and on a dry run alike.
 */
import { invalid, type KubeStatus } from '../errors.js';
import type { StoredObject } from '../object.js';
import type { ResourceType } from '../resources.js';
import { coreCauses, decodeStatus } from './core.js';
import { crdCauses } from './crd.js';
import { networkingCauses } from './networking.js';
import { rbacCauses } from './rbac.js';
import { workloadCauses } from './workloads.js';

/** The Status that refuses `object` (`previous` is the stored object on an update), or null when it is valid. */
export function validateObject(t: ResourceType, object: StoredObject, previous?: StoredObject): KubeStatus | null {
  const undecodable = decodeStatus(object);
  if (undecodable) return undecodable;
  const causes = [...coreCauses(object), ...workloadCauses(object), ...networkingCauses(object), ...rbacCauses(object, previous), ...crdCauses(object)];
  return causes.length > 0 ? invalid(t, object.metadata.name, causes) : null;
}
