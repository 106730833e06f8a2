/**
 * kube-apiserver's checks of Services and Ingresses that hand-written manifests most often get
 * wrong: a Service without ports, an Ingress path that is relative or has no pathType, a backend
 * without a port.
 */
import { isRecord, type StoredObject } from '../object.js';
import { invalidValue, list, present, rec, required, unsupported, type FieldCause } from './fields.js';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];

function serviceCauses(o: StoredObject): FieldCause[] {
  const spec = rec(o, 'spec');
  // Headless and ExternalName Services may have no ports.
  if (spec.clusterIP === 'None' || spec.type === 'ExternalName') return [];
  return list(spec, 'ports').length === 0 ? [required('spec.ports')] : [];
}

function backendCauses(backend: Record<string, unknown>, path: string): FieldCause[] {
  const service = rec(backend, 'service');
  if (!present(service.name)) return [required(`${path}.service.name`)];
  const port = rec(service, 'port');
  if (!present(port.name) && typeof port.number !== 'number') return [required(`${path}.service.port`, 'port name or number is required')];
  return [];
}

function pathCauses(p: unknown, path: string): FieldCause[] {
  const entry = isRecord(p) ? p : {};
  const causes: FieldCause[] = [];
  if (entry.pathType === undefined) causes.push(required(`${path}.pathType`, 'pathType must be specified'));
  else if (typeof entry.pathType !== 'string' || !PATH_TYPES.includes(entry.pathType)) causes.push(unsupported(`${path}.pathType`, entry.pathType, PATH_TYPES));
  if (entry.pathType !== 'ImplementationSpecific' && (typeof entry.path !== 'string' || !entry.path.startsWith('/'))) {
    causes.push(invalidValue(`${path}.path`, entry.path ?? '', 'must be an absolute path'));
  }
  return [...causes, ...backendCauses(rec(entry, 'backend'), `${path}.backend`)];
}

function ingressCauses(o: StoredObject): FieldCause[] {
  const spec = rec(o, 'spec');
  const rules = list(spec, 'rules');
  if (rules.length === 0 && Object.keys(rec(spec, 'defaultBackend')).length === 0) {
    return [invalidValue('spec', '', 'either `defaultBackend` or `rules` must be specified')];
  }
  return rules.flatMap((rule, i) => list(rec(rule, 'http'), 'paths').flatMap((p, j) => pathCauses(p, `spec.rules[${i}].http.paths[${j}]`)));
}

/** The causes that make a Service or an Ingress invalid. */
export function networkingCauses(o: StoredObject): FieldCause[] {
  if (o.kind === 'Service') return serviceCauses(o);
  if (o.kind === 'Ingress') return ingressCauses(o);
  return [];
}
