/** `<TerminalSessions>`: the recorded terminal sessions of the audit API as a filterable, paged table. */
import { useState, type KeyboardEvent, type ReactNode } from 'react';
import type { TerminalSessionRecord } from '@kubevision/kit';
import type { AuditConnection } from './audit-api.js';
import { sessionDuration, sessionExit } from './format.js';
import { SessionFilters } from './session-filters.js';
import { useTerminalSessions, type TerminalSessionFilters } from './use-terminal-sessions.js';
import './audit.css';

/** Props of {@link TerminalSessions}. */
export interface TerminalSessionsProps extends AuditConnection {
  /** Filters in force at first render; the user changes them through the form. */
  initialFilters?: TerminalSessionFilters;
  /** Sessions per page (default 25). */
  pageSize?: number;
  /** Called when the user activates a row (click, Enter or Space), e.g. to open its recording. */
  onSelect?(session: TerminalSessionRecord): void;
  /** The id of the row to mark as selected. */
  selectedId?: string;
  className?: string;
}

const COLUMNS = ['User', 'Cluster', 'Namespace', 'Pod', 'Container', 'Start', 'Duration', 'Exit code'];

/**
 * A table of recorded terminal sessions (admin only on the gateway) with cluster, user and date
 * filters and a "Load more" button for the next page. Rows are focusable and activate on Enter/Space.
 */
export function TerminalSessions({ baseUrl, getToken, initialFilters = {}, pageSize, onSelect, selectedId, className }: TerminalSessionsProps): ReactNode {
  const [filters, setFilters] = useState(initialFilters);
  const { items, status, error, hasMore, loadMore } = useTerminalSessions({ baseUrl, getToken }, filters, pageSize);

  function onKeyDown(event: KeyboardEvent, session: TerminalSessionRecord): void {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    // Space would otherwise scroll the page.
    event.preventDefault();
    onSelect?.(session);
  }

  return (
    <section className={['kv-audit', className].filter(Boolean).join(' ')} aria-label="Recorded terminal sessions">
      <SessionFilters initial={filters} onApply={setFilters} />
      {status === 'error' && (
        <p className="kv-audit-error" role="alert">
          Could not load terminal sessions: {error?.message}
        </p>
      )}
      <table className="kv-table" aria-busy={status === 'loading'}>
        <caption className="kv-visually-hidden">Recorded terminal sessions, newest first</caption>
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c} scope="col">{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {items.map((s) => (
            <tr
              key={s.id}
              className="kv-table-row"
              tabIndex={onSelect ? 0 : undefined}
              aria-current={s.id === selectedId ? 'true' : undefined}
              aria-label={onSelect ? `Session of ${s.user} on ${s.cluster}/${s.namespace}/${s.pod}, started ${new Date(s.startedAt).toLocaleString()}` : undefined}
              onClick={onSelect ? () => onSelect(s) : undefined}
              onKeyDown={onSelect ? (e) => onKeyDown(e, s) : undefined}
            >
              <td>{s.user}</td>
              <td>{s.cluster}</td>
              <td>{s.namespace}</td>
              <td>{s.pod}</td>
              <td>{s.container}</td>
              <td><time dateTime={s.startedAt}>{new Date(s.startedAt).toLocaleString()}</time></td>
              <td>{sessionDuration(s)}</td>
              <td>{sessionExit(s)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {status === 'loading' && <p className="kv-audit-status" role="status">Loading sessions…</p>}
      {status === 'ready' && items.length === 0 && <p className="kv-audit-status" role="status">No recorded sessions match these filters.</p>}
      {hasMore && (
        <button type="button" className="kv-button" onClick={loadMore} disabled={status === 'loading'}>
          Load more
        </button>
      )}
    </section>
  );
}
