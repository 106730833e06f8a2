/**
 * List and watch filtering: label selectors (the kit's parser) and the field selectors
 * kube-apiserver supports per type.
 */
import { parseLabelSelector } from '../../src/core/label-selector.js';
import { badRequest, type KubeStatus } from './errors.js';
import { isRecord, type StoredObject } from './object.js';
import type { ResourceType } from './resources.js';

/** A compiled filter; `matches` decides for one object. */
export type ObjectFilter = (object: StoredObject) => boolean;

const COMMON_FIELDS = ['metadata.name', 'metadata.namespace'];
const TYPE_FIELDS: Record<string, string[]> = {
  Pod: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  Event: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  Secret: ['type'],
  Node: ['spec.unschedulable'],
  Namespace: ['status.phase'],
  ReplicaSet: ['status.replicas'],
  Job: ['status.successful'],
};

function fieldValue(object: StoredObject, path: string): string {
  let v: unknown = object;
  for (const part of path.split('.')) v = isRecord(v) ? v[part] : undefined;
  if (path === 'source' && isRecord(object.source)) v = object.source.component;
  return v === undefined || v === null ? '' : String(v);
}

function parseFieldSelector(text: string, t: ResourceType): ObjectFilter | KubeStatus {
  const allowed = new Set([...COMMON_FIELDS, ...(TYPE_FIELDS[t.kind] ?? [])]);
  const tests: ObjectFilter[] = [];
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (!part) continue;
    const m = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!m) return badRequest(`invalid selector: '${text}'; can't understand '${part}'`);
    const [, field = '', op, value = ''] = m;
    if (!allowed.has(field)) return badRequest(`field label not supported: ${field}`);
    tests.push(op === '!=' ? (o) => fieldValue(o, field) !== value : (o) => fieldValue(o, field) === value);
  }
  return (o) => tests.every((test) => test(o));
}

/** Builds the filter of a list or watch request: namespace, labelSelector and fieldSelector. */
export function requestFilter(t: ResourceType, namespace: string | undefined, query: URLSearchParams): ObjectFilter | KubeStatus {
  const labels = parseLabelSelector(query.get('labelSelector') ?? '');
  if (!labels.ok) return badRequest(`unable to parse requirement: ${labels.error}`);
  const fields = parseFieldSelector(query.get('fieldSelector') ?? '', t);
  if (typeof fields !== 'function') return fields;
  const selector = labels.value;
  return (o) =>
    (namespace === undefined || o.metadata.namespace === namespace) && selector.matches(o.metadata.labels) && fields(o);
}
