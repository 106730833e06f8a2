/** The viewer's toolbar: search with its options and navigation, display toggles, copy, download, clear. */
import type { KeyboardEvent, ReactNode, RefObject } from 'react';

/** The on/off options of the viewer. */
export interface LogToggles {
  readonly regex: boolean;
  readonly caseSensitive: boolean;
  readonly filter: boolean;
  readonly wrap: boolean;
  readonly timestamps: boolean;
  readonly numbers: boolean;
}

/** The name of one toggle. */
export type LogToggleName = keyof LogToggles;

/** Props of {@link LogToolbar}. */
export interface LogToolbarProps {
  start?: ReactNode;
  searchRef: RefObject<HTMLInputElement | null>;
  query: string;
  onQuery: (query: string) => void;
  /** The regex error to show, or null. */
  searchError: string | null;
  /** 0-based position of the current match, or -1 when there is none. */
  position: number;
  matchCount: number;
  onNext: () => void;
  onPrevious: () => void;
  toggles: LogToggles;
  onToggle: (name: LogToggleName) => void;
  canCopy: boolean;
  onCopy: () => void;
  onDownload: () => void;
  onClear: () => void;
}

const TOGGLES: readonly { name: LogToggleName; text: string; label: string }[] = [
  { name: 'caseSensitive', text: 'Aa', label: 'Match case' },
  { name: 'regex', text: '.*', label: 'Regular expression' },
  { name: 'filter', text: 'Filter', label: 'Show only matching lines' },
  { name: 'wrap', text: 'Wrap', label: 'Wrap long lines' },
  { name: 'timestamps', text: 'Time', label: 'Show timestamps' },
  { name: 'numbers', text: '#', label: 'Show line numbers' },
];

function matchText(query: string, position: number, count: number): string {
  if (query === '') return '';
  if (count === 0) return 'No matches';
  return position < 0 ? `${count.toLocaleString('en-US')} matches` : `${(position + 1).toLocaleString('en-US')} of ${count.toLocaleString('en-US')}`;
}

/** Every control has an accessible name; toggles report their state with aria-pressed. */
export function LogToolbar({ searchRef, ...props }: LogToolbarProps): ReactNode {
  const { toggles, onToggle } = props;
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    if (event.shiftKey) props.onPrevious();
    else props.onNext();
  };
  const toggle = (name: LogToggleName, text: string, label: string) => (
    <button key={name} type="button" className="kv-log__toggle" aria-label={label} title={label} aria-pressed={toggles[name]} onClick={() => onToggle(name)}>
      {text}
    </button>
  );
  const searchToggles = TOGGLES.slice(0, 3);
  const viewToggles = TOGGLES.slice(3);
  return (
    <div className="kv-log__toolbar" role="toolbar" aria-label="Log tools">
      {props.start}
      <span className="kv-log__search">
        <input
          ref={searchRef}
          type="search"
          className="kv-log__search-input"
          aria-label="Search logs"
          placeholder="Search"
          value={props.query}
          aria-invalid={props.searchError !== null}
          onChange={(e) => props.onQuery(e.target.value)}
          onKeyDown={onKeyDown}
        />
        {searchToggles.map((t) => toggle(t.name, t.text, t.label))}
        <button type="button" className="kv-log__button" aria-label="Previous match" title="Previous match (Shift+Enter)" onClick={props.onPrevious} disabled={props.matchCount === 0}>
          ↑
        </button>
        <button type="button" className="kv-log__button" aria-label="Next match" title="Next match (Enter)" onClick={props.onNext} disabled={props.matchCount === 0}>
          ↓
        </button>
        {props.searchError !== null ? (
          <span className="kv-log__search-error" role="alert">
            {props.searchError}
          </span>
        ) : (
          <span className="kv-log__match-count" aria-live="polite">
            {matchText(props.query, props.position, props.matchCount)}
          </span>
        )}
      </span>
      <span className="kv-log__view-tools">
        {viewToggles.map((t) => toggle(t.name, t.text, t.label))}
        <button type="button" className="kv-log__button" aria-label="Copy selected lines" onClick={props.onCopy} disabled={!props.canCopy}>
          Copy
        </button>
        <button type="button" className="kv-log__button" aria-label="Download logs" onClick={props.onDownload}>
          Download
        </button>
        <button type="button" className="kv-log__button" aria-label="Clear logs" onClick={props.onClear}>
          Clear
        </button>
      </span>
    </div>
  );
}
