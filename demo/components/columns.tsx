/** The columns of the resource table, per resource type, as `kubectl get` shows them. */
import type { ReactNode } from 'react';
import type { WatchedObject } from '@kubevision/kit';
import type { Deployment } from 'kubernetes-types/apps/v1';
import type { Event, Node, Pod, Service } from 'kubernetes-types/core/v1';
import type { ResourceName } from '../router.js';
import { Age } from './age.js';
import { deploymentStatus, eventStatus, eventTime, nodeStatus, podReady, podRestarts, podStatus, type Status } from './status.js';

/** One column: its header, the value it sorts and filters by, and its cell. */
export interface Column {
  id: string;
  label: string;
  value(object: WatchedObject): string | number;
  cell?(object: WatchedObject): ReactNode;
}

/** A column over objects of type `T` (the table only holds objects of the watched type). */
function column<T extends WatchedObject>(c: { id: string; label: string; value(o: T): string | number; cell?(o: T): ReactNode }): Column {
  return c as unknown as Column;
}

function StatusCell({ status }: { status: Status }): ReactNode {
  return <span className={`demo-status demo-status--${status.tone}`}>{status.text}</span>;
}

const created = (o: WatchedObject & { metadata?: { creationTimestamp?: string } }) => o.metadata?.creationTimestamp;
// Younger first when sorted ascending, as the AGE column reads.
const youngerFirst = (ts: string | undefined) => -(ts ? Date.parse(ts) : 0);

const NAME = column({ id: 'name', label: 'Name', value: (o) => o.metadata?.name ?? '' });
const NAMESPACE = column({ id: 'namespace', label: 'Namespace', value: (o) => o.metadata?.namespace ?? '' });
const AGE = column<Pod>({ id: 'age', label: 'Age', value: (o) => youngerFirst(created(o)), cell: (o) => <Age since={created(o)} /> });

const BY_RESOURCE: Record<Exclude<ResourceName, 'custom'>, readonly Column[]> = {
  pods: [
    NAME,
    column<Pod>({ id: 'ready', label: 'Ready', value: podReady }),
    column<Pod>({ id: 'status', label: 'Status', value: (p) => podStatus(p).text, cell: (p) => <StatusCell status={podStatus(p)} /> }),
    column<Pod>({ id: 'restarts', label: 'Restarts', value: podRestarts }),
    column<Pod>({ id: 'node', label: 'Node', value: (p) => p.spec?.nodeName ?? '' }),
    AGE,
  ],
  deployments: [
    NAME,
    column<Deployment>({ id: 'ready', label: 'Ready', value: (d) => deploymentStatus(d).text, cell: (d) => <StatusCell status={deploymentStatus(d)} /> }),
    column<Deployment>({ id: 'updated', label: 'Up-to-date', value: (d) => d.status?.updatedReplicas ?? 0 }),
    column<Deployment>({ id: 'available', label: 'Available', value: (d) => d.status?.availableReplicas ?? 0 }),
    AGE,
  ],
  services: [
    NAME,
    column<Service>({ id: 'type', label: 'Type', value: (s) => s.spec?.type ?? 'ClusterIP' }),
    column<Service>({ id: 'ip', label: 'Cluster IP', value: (s) => s.spec?.clusterIP ?? '' }),
    column<Service>({ id: 'ports', label: 'Ports', value: (s) => (s.spec?.ports ?? []).map((p) => `${p.port}/${p.protocol ?? 'TCP'}`).join(', ') }),
    AGE,
  ],
  nodes: [
    NAME,
    column<Node>({ id: 'status', label: 'Status', value: (n) => nodeStatus(n).text, cell: (n) => <StatusCell status={nodeStatus(n)} /> }),
    column<Node>({
      id: 'roles',
      label: 'Roles',
      value: (n) =>
        Object.keys(n.metadata?.labels ?? {})
          .filter((l) => l.startsWith('node-role.kubernetes.io/'))
          .map((l) => l.slice('node-role.kubernetes.io/'.length))
          .join(',') || '<none>',
    }),
    column<Node>({ id: 'version', label: 'Version', value: (n) => n.status?.nodeInfo?.kubeletVersion ?? '' }),
    AGE,
  ],
  events: [
    column<Event>({ id: 'type', label: 'Type', value: (e) => eventStatus(e).text, cell: (e) => <StatusCell status={eventStatus(e)} /> }),
    column<Event>({ id: 'reason', label: 'Reason', value: (e) => e.reason ?? '' }),
    column<Event>({ id: 'object', label: 'Object', value: (e) => `${e.involvedObject.kind ?? ''}/${e.involvedObject.name ?? ''}` }),
    column<Event>({ id: 'message', label: 'Message', value: (e) => e.message ?? '' }),
    column<Event>({ id: 'count', label: 'Count', value: (e) => e.count ?? 1 }),
    column<Event>({ id: 'last', label: 'Last seen', value: (e) => youngerFirst(eventTime(e)), cell: (e) => <Age since={eventTime(e)} /> }),
  ],
};

/** What a custom resource shows: its schema is its own, so name and age, as `kubectl get` without printer columns. */
const GENERIC: readonly Column[] = [NAME, AGE];

/** The columns for `resource` (a custom `plural.group` too); with all namespaces a Namespace column follows the name. */
export function columnsFor(resource: string, allNamespaces: boolean): readonly Column[] {
  const columns = Object.hasOwn(BY_RESOURCE, resource) ? BY_RESOURCE[resource as keyof typeof BY_RESOURCE] : GENERIC;
  if (!allNamespaces || resource === 'nodes') return columns;
  const at = columns[0] === NAME ? 1 : 0;
  return [...columns.slice(0, at), NAMESPACE, ...columns.slice(at)];
}
