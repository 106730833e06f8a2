/**
 * CustomResourceDefinition validation, as apiextensions-apiserver words it: the name is
 * `<plural>.<group>`, the names are DNS labels, the scope is known, and exactly one served version
 * is the storage version.
 */
import { dns1123LabelError, dns1123SubdomainError } from '../../../src/core/names.js';
import { isRecord, type StoredObject } from '../object.js';
import { invalidValue, list, present, rec, required, unsupported, type FieldCause } from './fields.js';

const KIND = /^[A-Za-z][A-Za-z0-9]*$/;

function labelCauses(field: string, value: unknown, needed: boolean): FieldCause[] {
  if (value === undefined || value === '') return needed ? [required(field)] : [];
  const error = typeof value === 'string' ? dns1123LabelError(value) : 'must be a string';
  return error ? [invalidValue(field, value, `a lowercase RFC 1123 label ${error}`)] : [];
}

function versionCauses(spec: Record<string, unknown>): FieldCause[] {
  const versions = list(spec, 'versions');
  if (versions.length === 0) return [required('spec.versions', 'must have exactly one version marked as storage version')];
  const causes: FieldCause[] = [];
  const seen = new Set<string>();
  versions.forEach((v, i) => {
    const name = isRecord(v) ? v.name : undefined;
    const error = typeof name === 'string' ? dns1123LabelError(name) : null;
    if (!present(name)) causes.push(required(`spec.versions[${i}].name`));
    else if (error) causes.push(invalidValue(`spec.versions[${i}].name`, name, error));
    else if (seen.has(name)) causes.push(invalidValue('spec.versions', name, 'must contain unique version names'));
    if (typeof name === 'string') seen.add(name);
  });
  const storage = versions.filter((v) => isRecord(v) && v.storage === true).length;
  if (storage !== 1) causes.push(invalidValue('spec.versions', storage, 'must have exactly one version marked as storage version'));
  if (!versions.some((v) => isRecord(v) && v.served === true)) causes.push(invalidValue('spec.versions', versions.length, 'must have at least one version marked as served'));
  return causes;
}

/** The causes that make a CustomResourceDefinition invalid; empty when it is valid or not a CRD. */
export function crdCauses(o: StoredObject): FieldCause[] {
  if (o.kind !== 'CustomResourceDefinition') return [];
  const spec = rec(o, 'spec');
  const names = rec(spec, 'names');
  const causes: FieldCause[] = [];
  const { group, scope } = spec;
  if (!present(group)) causes.push(required('spec.group'));
  else if (dns1123SubdomainError(group) || !group.includes('.')) causes.push(invalidValue('spec.group', group, 'should be a domain with at least one dot'));
  causes.push(...labelCauses('spec.names.plural', names.plural, true), ...labelCauses('spec.names.singular', names.singular, false));
  if (!present(names.kind)) causes.push(required('spec.names.kind'));
  else if (!KIND.test(names.kind)) causes.push(invalidValue('spec.names.kind', names.kind, 'may have mixed case, but should otherwise match: ^[a-z]([-a-z0-9]*[a-z0-9])?$'));
  list(names, 'shortNames').forEach((s, i) => causes.push(...labelCauses(`spec.names.shortNames[${i}]`, s, true)));
  if (scope !== 'Namespaced' && scope !== 'Cluster') causes.push(unsupported('spec.scope', scope, ['Cluster', 'Namespaced']));
  causes.push(...versionCauses(spec));
  if (present(group) && present(names.plural) && o.metadata.name !== `${names.plural}.${group}`) {
    causes.push(invalidValue('metadata.name', o.metadata.name, 'must be spec.names.plural+"."+spec.group'));
  }
  return causes;
}
