/** The bar under the viewer: where the stream stands, how many lines are held and how many were dropped. */
import type { ReactNode } from 'react';
import type { LogStreamStatus } from '../core/log-stream.js';
import { useCountdown } from '../react/use-countdown.js';

/** The words for a stream status; `seconds` is the time left before the next reconnect attempt. */
function streamStatusText(status: LogStreamStatus, seconds: number | null): string {
  switch (status.state) {
    case 'connecting':
      return 'Connecting…';
    case 'streaming':
      return 'Streaming';
    case 'reconnecting':
      return seconds === null ? 'Reconnecting…' : `Reconnecting in ${seconds} s`;
    case 'ended':
      return 'Ended';
    case 'error':
      return `Error: ${status.reason ?? 'the stream failed'}`;
  }
}

/** Props of {@link LogStatusBar}. */
export interface LogStatusBarProps {
  status: LogStreamStatus | undefined;
  held: number;
  dropped: number;
  /** A short message about the last action (e.g. "Copied 3 lines"). */
  message: string | null;
}

const count = (n: number) => n.toLocaleString('en-US');

/** Status, line count and dropped count; a polite live region only for the status and messages. */
export function LogStatusBar({ status, held, dropped, message }: LogStatusBarProps): ReactNode {
  const seconds = useCountdown(status?.state === 'reconnecting' ? (status.retryAt ?? null) : null);
  return (
    <div className="kv-log__status">
      <span className="kv-log__status-state" role="status" aria-live="polite" data-state={status?.state}>
        {status ? streamStatusText(status, seconds) : null}
        {message ? <span className="kv-log__status-message">{message}</span> : null}
      </span>
      <span className="kv-log__status-count">{`${count(held)} ${held === 1 ? 'line' : 'lines'}`}</span>
      {dropped > 0 ? <span className="kv-log__status-dropped">{`${count(dropped)} dropped`}</span> : null}
    </div>
  );
}
