/** The line under the terminal saying where the connection stands, with a live reconnect countdown. */
import type { ReactNode } from 'react';
import { useCountdown } from '../react/use-countdown.js';
import type { TerminalViewStatus } from './types.js';

/** The words for a status; `seconds` is the time left before the next reconnect attempt, if one is scheduled. */
export function statusText(status: TerminalViewStatus, seconds: number | null): string {
  switch (status.state) {
    case 'loading':
      return 'Loading terminal…';
    case 'connecting':
      return 'Connecting…';
    case 'open':
      return 'Connected';
    case 'reconnecting':
      return seconds === null ? 'Connection lost. Reconnecting…' : `Connection lost. Reconnecting in ${seconds} s`;
    case 'exited':
      return status.exitCode == null ? 'Session ended' : `Exited with code ${status.exitCode}`;
    case 'error':
      return `Disconnected: ${status.reason ?? 'the connection failed'}`;
  }
}

/** Props of {@link StatusLine}. */
export interface StatusLineProps {
  status: TerminalViewStatus;
}

/** A polite live region, so screen readers hear connection changes without losing their place. */
export function StatusLine({ status }: StatusLineProps): ReactNode {
  const seconds = useCountdown(status.state === 'reconnecting' ? (status.retryAt ?? null) : null);
  return (
    <div className="kv-terminal__status" role="status" aria-live="polite" data-state={status.state}>
      {statusText(status, seconds)}
    </div>
  );
}
