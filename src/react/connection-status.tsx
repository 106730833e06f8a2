/** `<ConnectionStatus>`: a small badge for the watch connection's state. Styles: src/styles/theme.css. */
import type { ReactNode } from 'react';
import type { ConnectionState } from './connection-store.js';
import { useConnectionState } from './use-connection-state.js';
import { useCountdown } from './use-countdown.js';

/** Props of {@link ConnectionStatus}. */
export interface ConnectionStatusProps {
  /** Extra classes for the badge element. */
  className?: string;
}

function label(connection: ConnectionState, seconds: number | null): string {
  switch (connection.state) {
    case 'connecting':
      return 'connecting';
    case 'live':
      return 'live';
    case 'reconnecting':
      return seconds === null || seconds === 0 ? 'reconnecting' : `reconnecting in ${seconds} s`;
    case 'offline':
      return 'offline';
    case 'signed-out':
      return 'signed out';
    case 'error':
      return 'connection error';
  }
}

/** A badge (role="status", polite) showing connecting, live, reconnecting in N s, offline or signed out. */
export function ConnectionStatus({ className }: ConnectionStatusProps): ReactNode {
  const connection = useConnectionState();
  const seconds = useCountdown(connection.state === 'reconnecting' ? connection.retryAt : null);
  const classes = ['kv-connection-status', `kv-connection-status--${connection.state}`, className].filter(Boolean).join(' ');
  return (
    <span
      role="status"
      aria-live="polite"
      className={classes}
      data-state={connection.state}
      title={connection.state === 'error' && connection.reason ? connection.reason : undefined}
    >
      <span className="kv-connection-status__dot" aria-hidden="true" />
      <span className="kv-connection-status__label">{label(connection, seconds)}</span>
    </span>
  );
}
