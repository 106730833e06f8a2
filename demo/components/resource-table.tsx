/**
 * The live resource table: one watch, a filter box, sortable columns, status colours and ticking
 * ages. Rows are memoised and keep their object references between frames, so a change to one pod
 * re-renders that row only; ages re-render themselves.
 */
import { memo, useCallback, useMemo, useState, type ReactNode } from 'react';
import { useResourceWatch, type WatchedObject } from '@kubevision/kit';
import { columnsFor, type Column } from './columns.js';
import { ConfirmDelete } from './confirm-delete.js';

/** Props of {@link ResourceTable}. */
export interface ResourceTableProps {
  cluster: string;
  /** "" for all namespaces (nodes are cluster-wide anyway). */
  namespace: string;
  /** A built-in type of the tabs, or a custom resource's `plural.group`. */
  resource: string;
  /** A link for an object's name (keep it stable), e.g. to the pod page. */
  linkFor?: (object: WatchedObject) => string | undefined;
  /** Offers Delete on each row (operators and admins). */
  canDelete?: boolean;
}

interface Sort {
  id: string;
  ascending: boolean;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const keyOf = (o: WatchedObject) => o.metadata?.uid ?? `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;

function compare(a: string | number, b: string | number): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b));
}

function visibleRows(items: readonly WatchedObject[], columns: readonly Column[], filter: string, sort: Column, ascending: boolean): WatchedObject[] {
  const needle = filter.trim().toLowerCase();
  const kept = needle ? items.filter((o) => columns.some((c) => String(c.value(o)).toLowerCase().includes(needle))) : [...items];
  const sign = ascending ? 1 : -1;
  return kept.sort((a, b) => sign * compare(sort.value(a), sort.value(b)) || collator.compare(keyOf(a), keyOf(b)));
}

interface RowProps {
  object: WatchedObject;
  columns: readonly Column[];
  linkFor: ((object: WatchedObject) => string | undefined) | undefined;
  onDelete: ((object: WatchedObject) => void) | undefined;
}

const Row = memo(function Row({ object, columns, linkFor, onDelete }: RowProps): ReactNode {
  const href = linkFor?.(object);
  return (
    <tr data-name={object.metadata?.name}>
      {columns.map((c) => (
        <td key={c.id} className={`demo-cell--${c.id}`}>
          {c.id === 'name' && href ? <a href={href}>{c.value(object)}</a> : (c.cell?.(object) ?? c.value(object))}
        </td>
      ))}
      {onDelete && (
        <td className="demo-cell--actions">
          <button type="button" className="demo-button demo-button--small demo-button--danger" aria-label={`Delete ${object.metadata?.name ?? ''}`} onClick={() => onDelete(object)}>
            Delete
          </button>
        </td>
      )}
    </tr>
  );
});

/** A live, sortable, filterable table of one resource type. */
export function ResourceTable({ cluster, namespace, resource, linkFor, canDelete = false }: ResourceTableProps): ReactNode {
  const watch = useResourceWatch({ cluster, namespace: resource === 'nodes' ? '' : namespace, resource });
  const columns = useMemo(() => columnsFor(resource, namespace === ''), [resource, namespace]);
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<Sort>({ id: 'name', ascending: true });
  const [doomed, setDoomed] = useState<WatchedObject | null>(null);
  // Events have no name column: they sort by when they were last seen, newest first.
  const active = columns.find((c) => c.id === sort.id) ?? columns.find((c) => c.id === 'last') ?? columns[0];
  const ascending = columns.some((c) => c.id === sort.id) ? sort.ascending : true;
  const rows = useMemo(() => (active ? visibleRows(watch.items, columns, filter, active, ascending) : []), [watch.items, columns, filter, active, ascending]);
  const onDelete = useCallback((object: WatchedObject) => setDoomed(object), []);
  const label = `${resource} in ${resource === 'nodes' ? cluster : namespace || 'all namespaces'}`;

  return (
    <section className="demo-table-section" aria-label={label}>
      <div className="demo-toolbar">
        <input
          type="search"
          className="demo-input"
          placeholder={`Filter ${resource}…`}
          aria-label={`Filter ${resource}`}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        <span className="demo-muted" role="status">
          {watch.isSynced ? `${rows.length} of ${watch.items.length}` : 'Loading…'}
        </span>
      </div>
      {watch.error && (
        <p className="demo-error" role="alert">
          Cannot watch {resource}: {watch.error.reason} ({watch.error.code})
        </p>
      )}
      <table className="demo-table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.id} scope="col" aria-sort={c === active ? (ascending ? 'ascending' : 'descending') : undefined}>
                <button type="button" className="demo-sort" onClick={() => setSort({ id: c.id, ascending: c === active ? !ascending : true })}>
                  {c.label}
                  <span aria-hidden="true">{c === active ? (ascending ? ' ▲' : ' ▼') : ''}</span>
                </button>
              </th>
            ))}
            {canDelete && (
              <th scope="col">
                <span className="kv-visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((o) => (
            <Row key={keyOf(o)} object={o} columns={columns} linkFor={linkFor} onDelete={canDelete ? onDelete : undefined} />
          ))}
        </tbody>
      </table>
      {watch.isSynced && rows.length === 0 && <p className="demo-muted">{filter ? `No ${resource} match “${filter}”.` : `No ${resource}.`}</p>}
      {doomed && <ConfirmDelete cluster={cluster} resource={resource} object={doomed} onClose={() => setDoomed(null)} />}
    </section>
  );
}
