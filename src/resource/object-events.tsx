/** `<ObjectEvents>`: the events about one object, newest first, live. */
import type { WatchedObject } from '@kubevision/kit';
import type { ReactNode } from 'react';
import { eventTime, useObjectEvents } from './use-object-events.js';

/** Props of {@link ObjectEvents}. */
export interface ObjectEventsProps {
  cluster: string;
  object: WatchedObject;
}

/** Lists the object's events: type, reason, message, count and time. */
export function ObjectEvents({ cluster, object }: ObjectEventsProps): ReactNode {
  const events = useObjectEvents(cluster, object);
  return (
    <aside className="kv-object-events" aria-label="Events">
      <h3>Events</h3>
      {events.length === 0 ? (
        <p>No events.</p>
      ) : (
        <ul>
          {events.map((event) => (
            <li key={event.metadata?.uid ?? event.metadata?.name} data-type={event.type}>
              <strong>{event.reason}</strong> {event.message}
              {event.count && event.count > 1 ? ` (×${event.count})` : ''} <time>{eventTime(event)}</time>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
