/** One row of the viewer: a log line (number, timestamp, styled text) or a disconnect marker. */
import { memo, type MouseEvent, type ReactNode } from 'react';
import type { LogDisconnect, LogEntry } from '../core/log-stream.js';
import { AnsiText } from './ansi-text.js';
import { clockTime, formatSize, shownText } from './entry-text.js';
import type { Matcher } from './search.js';

/** Props of {@link LogRow}. */
export interface LogRowProps {
  entry: LogEntry;
  showNumber: boolean;
  showTimestamp: boolean;
  /** Highlights the matches of the search, if any. */
  matcher: Matcher | null;
  /** The current search match. */
  current: boolean;
  selected: boolean;
  expanded: boolean;
  /** False for the newest entry: a disconnect marker there is still waiting for the stream to resume. */
  resumed: boolean;
  onNumberClick: (seq: number, extend: boolean) => void;
  onExpand: (seq: number) => void;
}

function DisconnectMarker({ entry, resumed }: { entry: LogDisconnect; resumed: boolean }): ReactNode {
  const label = `Connection lost at ${clockTime(entry.at)}${resumed ? ' — resumed' : ' — reconnecting'}`;
  return (
    <div className="kv-log__row kv-log__disconnect" role="separator" aria-label={entry.reason ? `${label} (${entry.reason})` : label} data-seq={entry.seq}>
      <span className="kv-log__disconnect-text">{label}</span>
      {entry.reason ? <span className="kv-log__disconnect-reason">{entry.reason}</span> : null}
    </div>
  );
}

/** A log line or a disconnect marker; re-renders only when its own props change. */
export const LogRow = memo(function LogRow(props: LogRowProps): ReactNode {
  const { entry } = props;
  if (entry.kind === 'disconnect') return <DisconnectMarker entry={entry} resumed={props.resumed} />;
  const shown = shownText(entry, props.expanded);
  const classes = ['kv-log__row'];
  if (props.current) classes.push('kv-log__row--current');
  if (props.selected) classes.push('kv-log__row--selected');
  const clickNumber = (event: MouseEvent) => {
    // Shift-click would otherwise also extend the browser's own text selection.
    if (event.shiftKey) event.preventDefault();
    props.onNumberClick(entry.seq, event.shiftKey);
  };
  return (
    <div className={classes.join(' ')} data-seq={entry.seq}>
      {props.showNumber ? (
        <span className="kv-log__number" onMouseDown={(e) => e.shiftKey && e.preventDefault()} onClick={clickNumber} title="Select line (Shift-click extends)">
          {entry.seq + 1}
        </span>
      ) : null}
      {props.showTimestamp ? <span className="kv-log__timestamp">{entry.timestamp ?? ''}</span> : null}
      <span className="kv-log__text">
        <AnsiText text={shown.text} matcher={props.matcher} />
        {shown.truncated ? (
          <button type="button" className="kv-log__expand" onClick={() => props.onExpand(entry.seq)} aria-label={`Show all of line ${entry.seq + 1} (${formatSize(shown.fullLength)})`}>
            {`… show all (${formatSize(shown.fullLength)})`}
          </button>
        ) : null}
      </span>
    </div>
  );
});
