/**
 * `<LogView>`: the presentational log viewer over any {@link LogLineStore}. Its own virtualizer keeps
 * only the visible rows in the DOM, and each render costs O(visible rows + entries added since the last
 * one), so a store of a million lines fed every frame stays smooth.
 */
import { useCallback, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';
import './log-viewer.css';
import type { LogStreamStatus } from '../core/log-stream.js';
import type { LogLineStore } from './line-store.js';
import { copyText, downloadEntries, entriesText } from './log-export.js';
import { LogRow } from './log-row.js';
import { LogStatusBar } from './log-status-bar.js';
import { LogToolbar, type LogToggleName, type LogToggles } from './log-toolbar.js';
import { LogViewModel } from './log-view-model.js';
import { rowWindow } from './row-layout.js';
import { selectedEntries, selectionRange, type LineSelection } from './line-selection.js';
import { useFollowScroll } from './use-follow-scroll.js';
import { PROBE_CHARS, useViewportMetrics, type ViewportMetrics } from './use-viewport-metrics.js';

/** Props of {@link LogView}. */
export interface LogViewProps {
  /** Any store; the viewer reads it on each render and never copies it. */
  lines: LogLineStore;
  /** Bump after each append or clear (once per frame is enough): it is what makes the view redraw. */
  version: number;
  /** Shown in the status bar when given. */
  status?: LogStreamStatus;
  /** Lines dropped so far; default `lines.droppedTotal`. */
  dropped?: number;
  /** Called by "Clear"; default `lines.clear()`. */
  onClear?: () => void;
  defaultTimestamps?: boolean;
  defaultWrap?: boolean;
  /** Default true. */
  defaultLineNumbers?: boolean;
  /** File name of "Download"; default 'logs.txt'. */
  downloadName?: string;
  /** Rendered at the start of the toolbar, e.g. a container picker. */
  toolbarStart?: ReactNode;
  className?: string;
  style?: CSSProperties;
  'aria-label'?: string;
}

/** Entries rendered beyond each edge of the viewport, so a small scroll never shows a blank row. */
const OVERSCAN = 8;
/** Width of an RFC3339Nano timestamp ("2026-01-02T03:04:05.123456789Z"). */
const TIMESTAMP_CH = 30;
const NO_EXPANDED: ReadonlySet<number> = new Set();

/** Columns left for a wrapped line's text once the gutter, the timestamp and the padding are taken. */
function textColumns(metrics: ViewportMetrics, gutterCh: number, toggles: LogToggles): number {
  const all = Math.floor(metrics.width / metrics.charPx);
  const used = 2 + (toggles.numbers ? gutterCh + 1 : 0) + (toggles.timestamps ? TIMESTAMP_CH + 1 : 0);
  return Math.max(8, all - used);
}

/**
 * A virtualized, searchable, follow-mode log view. Give it (or its parent) a height.
 *
 * @example
 * ```tsx
 * const { lines, version, status, dropped, clear } = useLogStream({ cluster, namespace, pod });
 * <LogView lines={lines} version={version} status={status} dropped={dropped} onClear={clear} />
 * ```
 */
export function LogView(props: LogViewProps): ReactNode {
  const { lines } = props;
  const [toggles, setToggles] = useState<LogToggles>(() => ({
    regex: false,
    caseSensitive: false,
    filter: false,
    wrap: props.defaultWrap ?? false,
    timestamps: props.defaultTimestamps ?? false,
    numbers: props.defaultLineNumbers ?? true,
  }));
  const [query, setQuery] = useState('');
  const [current, setCurrent] = useState<number | null>(null);
  const [expanded, setExpanded] = useState(NO_EXPANDED);
  const [selection, setSelection] = useState<LineSelection | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [, setClears] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const probe = useRef<HTMLSpanElement>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  const metrics = useViewportMetrics(scroller, probe);
  // Mutable by design: syncing it in render is O(new entries) and idempotent, so renders stay pure in effect.
  const [m] = useState(() => new LogViewModel());

  const lastSeq = lines.lastSeq;
  // Grows only at powers of ten, so wrapped layouts are rebuilt a handful of times in a stream's life.
  const gutterCh = Math.max(6, String((lastSeq ?? 0) + 1).length);
  const cols = toggles.wrap ? textColumns(metrics, gutterCh, toggles) : null;
  const search = useMemo(() => ({ query, regex: toggles.regex, caseSensitive: toggles.caseSensitive }), [query, toggles.regex, toggles.caseSensitive]);
  m.sync(lines, { search, filter: toggles.filter, cols, expanded });

  const layout = m.layout;
  const matches = m.matches;
  const searchResult = m.search;
  const matcher = searchResult.ok && query !== '' ? searchResult : null;
  const { rowPx, height } = metrics;
  const scroll = useFollowScroll(scroller, layout, lastSeq, rowPx, height);
  const { geometry } = scroll;
  const [shownStore, setShownStore] = useState(lines);
  if (shownStore !== lines) {
    // A new store is a new stream: what pointed into the old one means nothing now.
    setShownStore(lines);
    setCurrent(null);
    setExpanded(NO_EXPANDED);
    setSelection(null);
    setMessage(null);
    scroll.follow();
  }
  const win = rowWindow(layout, geometry.virtualTop, height, rowPx, OVERSCAN);
  const rowsTop = geometry.scrollTop + layout.rowOf(win.start) * rowPx - geometry.virtualTop;

  const goToMatch = (seq: number | null) => {
    if (seq === null) return;
    setCurrent(seq);
    scroll.show(seq, 'third');
  };
  const topSeq = layout.seqAt(layout.indexAtRow(Math.floor(geometry.virtualTop / rowPx))) ?? null;
  const onNext = () => goToMatch(matches.next(current ?? (topSeq === null ? null : topSeq - 1)));
  const onPrevious = () => goToMatch(matches.previous(current ?? topSeq));

  const onQuery = (next: string) => {
    setQuery(next);
    setCurrent(null);
  };
  const onToggle = (name: LogToggleName) => {
    setToggles((t) => ({ ...t, [name]: !t[name] }));
    if (name === 'regex' || name === 'caseSensitive') setCurrent(null);
  };

  const onNumberClick = useCallback((seq: number, extend: boolean) => {
    setSelection((s) => (extend && s ? { anchor: s.anchor, focus: seq } : { anchor: seq, focus: seq }));
  }, []);
  const onExpand = useCallback((seq: number) => setExpanded((s) => new Set(s).add(seq)), []);

  const onCopy = () => {
    if (!selection) return;
    const entries = selectedEntries(lines, selection, m.filtered ? matcher : null);
    void copyText(entriesText(entries, toggles.timestamps)).then((ok) => setMessage(ok ? `Copied ${entries.length} ${entries.length === 1 ? 'line' : 'lines'}` : 'Copy failed'));
  };
  const onDownload = () => downloadEntries(lines, toggles.timestamps, props.downloadName ?? 'logs.txt');
  const onClear = () => {
    if (props.onClear) props.onClear();
    else lines.clear();
    setClears((n) => n + 1);
    setCurrent(null);
    setExpanded(NO_EXPANDED);
    setSelection(null);
    scroll.follow();
    setMessage(null);
  };

  const onRootKeyDown = (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f') {
      event.preventDefault();
      searchInput.current?.focus();
      searchInput.current?.select();
    }
  };
  const onScrollerKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'End') {
      event.preventDefault();
      scroll.follow();
    } else if (event.key === 'Home') {
      const first = layout.seqAt(0);
      if (first === undefined) return;
      event.preventDefault();
      scroll.show(first, 'top');
    }
  };

  const range = selection ? selectionRange(selection) : null;
  const rows: ReactNode[] = [];
  for (let i = win.start; i < win.end; i++) {
    const seq = layout.seqAt(i) as number;
    const entry = lines.get(lines.indexOfSeq(seq));
    if (!entry) continue;
    rows.push(
      <LogRow
        key={seq}
        entry={entry}
        showNumber={toggles.numbers}
        showTimestamp={toggles.timestamps}
        matcher={matcher}
        current={seq === current}
        selected={range !== null && seq >= range[0] && seq <= range[1]}
        expanded={expanded.has(seq)}
        resumed={entry.kind === 'disconnect' && seq !== lastSeq}
        onNumberClick={onNumberClick}
        onExpand={onExpand}
      />,
    );
  }

  const dropped = props.dropped ?? lines.droppedTotal;
  const newLines = scroll.newEntries;
  const currentIndex = current === null ? -1 : matches.indexOf(current);
  const rootStyle = { ...props.style, '--kv-log-gutter': `${gutterCh}ch` } as CSSProperties;
  const classes = ['kv-log', toggles.wrap ? 'kv-log--wrap' : 'kv-log--nowrap', props.className].filter(Boolean).join(' ');

  return (
    <div className={classes} style={rootStyle} onKeyDown={onRootKeyDown}>
      <LogToolbar
        start={props.toolbarStart}
        searchRef={searchInput}
        query={query}
        onQuery={onQuery}
        searchError={searchResult.ok ? null : searchResult.error}
        position={currentIndex}
        matchCount={matches.count}
        onNext={onNext}
        onPrevious={onPrevious}
        toggles={toggles}
        onToggle={onToggle}
        canCopy={selection !== null}
        onCopy={onCopy}
        onDownload={onDownload}
        onClear={onClear}
      />
      {dropped > 0 ? (
        <div className="kv-log__notice" role="note">
          {`${dropped.toLocaleString('en-US')} earlier ${dropped === 1 ? 'line' : 'lines'} dropped`}
        </div>
      ) : null}
      <div className="kv-log__body">
        {/* Outside the scroller, so its width never adds a horizontal scrollbar. */}
        <span ref={probe} className="kv-log__probe" aria-hidden="true">
          {'0'.repeat(PROBE_CHARS)}
        </span>
        <div
          ref={scroller}
          className="kv-log__scroller"
          role="log"
          aria-live="off"
          aria-label={props['aria-label'] ?? 'Log output'}
          tabIndex={0}
          onScroll={scroll.onScroll}
          onKeyDown={onScrollerKeyDown}
        >
          <div className="kv-log__spacer" style={{ height: geometry.scale.spacerPx }}>
            <div className="kv-log__rows" style={{ transform: `translateY(${rowsTop}px)` }}>
              {rows}
            </div>
          </div>
        </div>
        {!scroll.position.follow ? (
          <button type="button" className="kv-log__new-lines" onClick={scroll.follow}>
            {newLines > 0 ? `${newLines.toLocaleString('en-US')} new ${newLines === 1 ? 'line' : 'lines'} ↓` : 'Follow ↓'}
          </button>
        ) : null}
      </div>
      <LogStatusBar status={props.status} held={lines.length} dropped={dropped} message={message} />
    </div>
  );
}
