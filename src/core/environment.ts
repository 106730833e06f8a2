/**
 * The page signals a socket reacts to: network online/offline and tab visibility. Absent in Node,
 * where the socket simply never waits for them.
 */

/** What the socket needs to know about its page; `subscribe` returns an unsubscribe function. */
export interface PageSignals {
  isOnline(): boolean;
  isVisible(): boolean;
  subscribe(handlers: { online(): void; offline(): void; visible(): void }): () => void;
}

/** The signals of the current page, or null outside a browser. */
export function browserPageSignals(): PageSignals | null {
  const win = typeof window === 'undefined' ? undefined : window;
  if (!win || typeof win.addEventListener !== 'function') return null;
  const doc = typeof document === 'undefined' ? undefined : document;
  return {
    isOnline: () => (typeof navigator === 'undefined' ? true : navigator.onLine !== false),
    isVisible: () => !doc || doc.visibilityState !== 'hidden',
    subscribe(handlers) {
      const onVisibility = (): void => {
        if (!doc || doc.visibilityState === 'visible') handlers.visible();
      };
      win.addEventListener('online', handlers.online);
      win.addEventListener('offline', handlers.offline);
      doc?.addEventListener('visibilitychange', onVisibility);
      return () => {
        win.removeEventListener('online', handlers.online);
        win.removeEventListener('offline', handlers.offline);
        doc?.removeEventListener('visibilitychange', onVisibility);
      };
    },
  };
}
