/**
 * kube-apiserver's validation of pod specs and of the workloads that template them (Deployment,
 * StatefulSet, DaemonSet), plus PodDisruptionBudget: the mistakes a hand-written manifest makes.
 */
import { dns1123LabelError } from '../../../src/core/names.js';
import { isRecord, type StoredObject } from '../object.js';
import { invalidValue, list, present, rec, required, type FieldCause } from './fields.js';

const TEMPLATED = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

function containerCauses(container: unknown, path: string): FieldCause[] {
  const c = isRecord(container) ? container : {};
  const causes: FieldCause[] = [];
  if (!present(c.name)) causes.push(required(`${path}.name`));
  else {
    const error = dns1123LabelError(c.name);
    if (error) causes.push(invalidValue(`${path}.name`, c.name, `a lowercase RFC 1123 label ${error}`));
  }
  if (!present(c.image)) causes.push(required(`${path}.image`));
  return causes;
}

/** The causes that make a pod spec at `path` invalid. */
export function podSpecCauses(spec: unknown, path: string): FieldCause[] {
  const containers = list(spec, 'containers');
  if (containers.length === 0) return [required(`${path}.containers`)];
  return [
    ...containers.flatMap((c, i) => containerCauses(c, `${path}.containers[${i}]`)),
    ...list(spec, 'initContainers').flatMap((c, i) => containerCauses(c, `${path}.initContainers[${i}]`)),
  ];
}

function expressionMatches(expr: unknown, labels: Record<string, unknown>): boolean {
  const e = isRecord(expr) ? expr : {};
  const key = typeof e.key === 'string' ? e.key : '';
  const values = list(e, 'values').map(String);
  const has = key in labels;
  switch (e.operator) {
    case 'In':
      return has && values.includes(String(labels[key]));
    case 'NotIn':
      return !has || !values.includes(String(labels[key]));
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

function selectorMatches(selector: Record<string, unknown>, labels: Record<string, unknown>): boolean {
  const matchLabels = rec(selector, 'matchLabels');
  return Object.entries(matchLabels).every(([k, v]) => labels[k] === v) && list(selector, 'matchExpressions').every((e) => expressionMatches(e, labels));
}

function templatedCauses(o: StoredObject): FieldCause[] {
  const spec = rec(o, 'spec');
  const causes: FieldCause[] = [];
  const replicas = spec.replicas;
  if (replicas !== undefined && (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)) {
    causes.push(invalidValue('spec.replicas', replicas, 'must be greater than or equal to 0'));
  }
  const template = rec(spec, 'template');
  const labels = rec(rec(template, 'metadata'), 'labels');
  if (!isRecord(spec.selector)) causes.push(required('spec.selector'));
  else if (Object.keys(rec(spec.selector, 'matchLabels')).length === 0 && list(spec.selector, 'matchExpressions').length === 0) {
    causes.push(invalidValue('spec.selector', spec.selector, `empty selector is invalid for ${o.kind.toLowerCase()}`));
  } else if (!selectorMatches(spec.selector, labels)) {
    causes.push(invalidValue('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
  }
  causes.push(...podSpecCauses(template.spec, 'spec.template.spec'));
  return causes;
}

function disruptionBudgetCauses(o: StoredObject): FieldCause[] {
  const spec = rec(o, 'spec');
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
    return [invalidValue('spec', `minAvailable: ${String(spec.minAvailable)}, maxUnavailable: ${String(spec.maxUnavailable)}`, 'minAvailable and maxUnavailable cannot be both set')];
  }
  return [];
}

/** The causes that make a Pod, a templated workload or a PodDisruptionBudget invalid. */
export function workloadCauses(o: StoredObject): FieldCause[] {
  if (o.kind === 'Pod') return podSpecCauses(o.spec, 'spec');
  if (TEMPLATED.has(o.kind)) return templatedCauses(o);
  if (o.kind === 'PodDisruptionBudget') return disruptionBudgetCauses(o);
  return [];
}
