/**
 * Server-side printing: kubectl asks for `as=Table` and prints what the server returns, so the
 * emulator answers with the columns kube-apiserver would give for the common kinds.
 */
import { isRecord, type StoredObject } from './object.js';

interface Column {
  name: string;
  type: 'string' | 'integer';
  format?: string;
  priority: number;
  cell: (o: StoredObject, now: number) => string | number;
}

/** A meta.k8s.io/v1 Table. */
export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string };
  columnDefinitions: { name: string; type: string; format: string; description: string; priority: number }[];
  rows: { cells: (string | number)[]; object: unknown }[];
}

function rec(v: unknown): Record<string, unknown> {
  return isRecord(v) ? v : {};
}

function arr(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter(isRecord) : [];
}

/** kubectl's short human durations: 45s, 12m, 5h, 3d, 2y. */
export function humanAge(fromIso: string | undefined, now: number): string {
  if (!fromIso) return '<unknown>';
  const s = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return `${h}h${m % 60 ? `${m % 60}m` : ''}`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (d < 8) return `${d}d${h % 24 ? `${h % 24}h` : ''}`;
  if (d < 365 * 2) return `${d}d`;
  return `${Math.floor(d / 365)}y`;
}

function podStatus(o: StoredObject): string {
  const status = rec(o.status);
  if (o.metadata.deletionTimestamp) return 'Terminating';
  for (const cs of arr(status.initContainerStatuses)) {
    const state = rec(cs.state);
    if (isRecord(state.waiting) && state.waiting.reason) return `Init:${String(state.waiting.reason)}`;
    if (isRecord(state.running)) return 'Init:0/1';
  }
  for (const cs of arr(status.containerStatuses)) {
    const state = rec(cs.state);
    if (isRecord(state.waiting) && state.waiting.reason) return String(state.waiting.reason);
    if (isRecord(state.terminated) && state.terminated.reason) return String(state.terminated.reason);
  }
  return typeof status.phase === 'string' ? status.phase : 'Unknown';
}

const name: Column = { name: 'Name', type: 'string', format: 'name', priority: 0, cell: (o) => o.metadata.name };
const age: Column = { name: 'Age', type: 'string', priority: 0, cell: (o, now) => humanAge(o.metadata.creationTimestamp, now) };

const COLUMNS: Record<string, Column[]> = {
  Pod: [
    name,
    {
      name: 'Ready',
      type: 'string',
      priority: 0,
      cell: (o) => {
        const statuses = arr(rec(o.status).containerStatuses);
        const total = arr(rec(o.spec).containers).length;
        return `${statuses.filter((c) => c.ready === true).length}/${total}`;
      },
    },
    { name: 'Status', type: 'string', priority: 0, cell: podStatus },
    {
      name: 'Restarts',
      type: 'string',
      priority: 0,
      cell: (o) => arr(rec(o.status).containerStatuses).reduce((n, c) => n + (typeof c.restartCount === 'number' ? c.restartCount : 0), 0),
    },
    age,
    { name: 'IP', type: 'string', priority: 1, cell: (o) => String(rec(o.status).podIP ?? '<none>') },
    { name: 'Node', type: 'string', priority: 1, cell: (o) => String(rec(o.spec).nodeName ?? '<none>') },
  ],
  Deployment: [
    name,
    { name: 'Ready', type: 'string', priority: 0, cell: (o) => `${Number(rec(o.status).readyReplicas ?? 0)}/${Number(rec(o.spec).replicas ?? 1)}` },
    { name: 'Up-to-date', type: 'integer', priority: 0, cell: (o) => Number(rec(o.status).updatedReplicas ?? 0) },
    { name: 'Available', type: 'integer', priority: 0, cell: (o) => Number(rec(o.status).availableReplicas ?? 0) },
    age,
  ],
  ReplicaSet: [
    name,
    { name: 'Desired', type: 'integer', priority: 0, cell: (o) => Number(rec(o.spec).replicas ?? 0) },
    { name: 'Current', type: 'integer', priority: 0, cell: (o) => Number(rec(o.status).replicas ?? 0) },
    { name: 'Ready', type: 'integer', priority: 0, cell: (o) => Number(rec(o.status).readyReplicas ?? 0) },
    age,
  ],
  Service: [
    name,
    { name: 'Type', type: 'string', priority: 0, cell: (o) => String(rec(o.spec).type ?? 'ClusterIP') },
    { name: 'Cluster-IP', type: 'string', priority: 0, cell: (o) => String(rec(o.spec).clusterIP ?? '<none>') },
    { name: 'External-IP', type: 'string', priority: 0, cell: () => '<none>' },
    {
      name: 'Port(s)',
      type: 'string',
      priority: 0,
      cell: (o) => arr(rec(o.spec).ports).map((p) => `${String(p.port)}/${String(p.protocol ?? 'TCP')}`).join(',') || '<none>',
    },
    age,
  ],
  Node: [
    name,
    {
      name: 'Status',
      type: 'string',
      priority: 0,
      cell: (o) => (arr(rec(o.status).conditions).some((c) => c.type === 'Ready' && c.status === 'True') ? 'Ready' : 'NotReady'),
    },
    {
      name: 'Roles',
      type: 'string',
      priority: 0,
      cell: (o) =>
        Object.keys(o.metadata.labels ?? {})
          .filter((l) => l.startsWith('node-role.kubernetes.io/'))
          .map((l) => l.slice('node-role.kubernetes.io/'.length))
          .join(',') || '<none>',
    },
    age,
    { name: 'Version', type: 'string', priority: 0, cell: (o) => String(rec(rec(o.status).nodeInfo).kubeletVersion ?? '') },
  ],
  Namespace: [name, { name: 'Status', type: 'string', priority: 0, cell: (o) => String(rec(o.status).phase ?? 'Active') }, age],
  ConfigMap: [name, { name: 'Data', type: 'integer', priority: 0, cell: (o) => Object.keys(rec(o.data)).length + Object.keys(rec(o.binaryData)).length }, age],
  Secret: [
    name,
    { name: 'Type', type: 'string', priority: 0, cell: (o) => String(o.type ?? 'Opaque') },
    { name: 'Data', type: 'integer', priority: 0, cell: (o) => Object.keys(rec(o.data)).length },
    age,
  ],
  Event: [
    { name: 'Last Seen', type: 'string', priority: 0, cell: (o, now) => humanAge(String(o.lastTimestamp ?? o.metadata.creationTimestamp), now) },
    { name: 'Type', type: 'string', priority: 0, cell: (o) => String(o.type ?? '') },
    { name: 'Reason', type: 'string', priority: 0, cell: (o) => String(o.reason ?? '') },
    {
      name: 'Object',
      type: 'string',
      priority: 0,
      cell: (o) => `${String(rec(o.involvedObject).kind ?? '').toLowerCase()}/${String(rec(o.involvedObject).name ?? '')}`,
    },
    { name: 'Message', type: 'string', priority: 0, cell: (o) => String(o.message ?? '') },
  ],
};

function columnsFor(kind: string): Column[] {
  return COLUMNS[kind] ?? [name, age];
}

function rowObject(o: StoredObject, include: string): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return o;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

/** The Table of `objects` of `kind`; `includeObject` is None, Metadata (default) or Object. */
export function toTable(kind: string, objects: readonly StoredObject[], resourceVersion: string, includeObject: string | null, now: number): Table {
  const columns = columnsFor(kind);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: columns.map((c) => ({ name: c.name, type: c.type, format: c.format ?? '', description: c.name, priority: c.priority })),
    rows: objects.map((o) => ({ cells: columns.map((c) => c.cell(o, now)), object: rowObject(o, includeObject ?? 'Metadata') })),
  };
}

/** True when the Accept header asks for server-side printing. */
export function wantsTable(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((part) => /as=Table/.test(part) && /g=meta\.k8s\.io/.test(part));
}
