/** The filter form of `<TerminalSessions>`: applied on submit, so typing never fires a request per key. */
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { TerminalSessionFilters } from './use-terminal-sessions.js';

/** Props of {@link SessionFilters}. */
export interface SessionFiltersProps {
  /** The filters in force, used to seed the inputs. */
  initial: TerminalSessionFilters;
  /** Called with the new filters when the user applies the form. */
  onApply(filters: TerminalSessionFilters): void;
}

/** A `YYYY-MM-DD` date input value as the local midnight starting that day. */
function dayStart(value: string): Date | undefined {
  if (!value) return undefined;
  const [y, m, d] = value.split('-').map(Number);
  return y && m && d ? new Date(y, m - 1, d) : undefined;
}

/** The inverse of {@link dayStart}, for seeding the inputs. */
function dayValue(date: Date | undefined): string {
  if (!date) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Cluster, user and date-range filters for the session list. */
export function SessionFilters({ initial, onApply }: SessionFiltersProps): ReactNode {
  const id = useId();
  const [cluster, setCluster] = useState(initial.cluster ?? '');
  const [user, setUser] = useState(initial.user ?? '');
  const [from, setFrom] = useState(dayValue(initial.from));
  const [to, setTo] = useState(initial.to ? dayValue(new Date(initial.to.getTime() - 1)) : '');

  function submit(event: FormEvent): void {
    event.preventDefault();
    const filters: TerminalSessionFilters = {};
    if (cluster.trim()) filters.cluster = cluster.trim();
    if (user.trim()) filters.user = user.trim();
    const start = dayStart(from);
    if (start) filters.from = start;
    const end = dayStart(to);
    // The "to" day is inclusive for the user, while the API's `to` is exclusive: end at the next midnight.
    if (end) filters.to = new Date(end.getFullYear(), end.getMonth(), end.getDate() + 1);
    onApply(filters);
  }

  return (
    <form className="kv-audit-filters" role="search" aria-label="Filter terminal sessions" onSubmit={submit}>
      <label htmlFor={`${id}-cluster`}>Cluster</label>
      <input id={`${id}-cluster`} className="kv-input" value={cluster} onChange={(e) => setCluster(e.target.value)} />
      <label htmlFor={`${id}-user`}>User</label>
      <input id={`${id}-user`} className="kv-input" value={user} onChange={(e) => setUser(e.target.value)} />
      <label htmlFor={`${id}-from`}>From</label>
      <input id={`${id}-from`} className="kv-input" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
      <label htmlFor={`${id}-to`}>To</label>
      <input id={`${id}-to`} className="kv-input" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
      <button type="submit" className="kv-button">Apply filters</button>
    </form>
  );
}
