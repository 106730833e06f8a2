/**
 * Loads xterm lazily and runs one session for the lifetime of the target props. Under StrictMode the
 * first mount's cleanup runs before the dynamic import resolves, so it never opens a socket: only the
 * second mount connects, and the gateway never sees a stray first shell.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useKubeVisionClient } from '../react/provider.js';
import { startSession, type SessionCallbacks, type SessionTarget, type TerminalSession } from './session.js';
import type { TerminalProps, TerminalViewStatus } from './types.js';

/** What {@link useTerminalSession} gives the component. */
export interface TerminalSessionState {
  readonly status: TerminalViewStatus;
  /** The live session, for the imperative handle; read it only in event handlers. */
  readonly session: RefObject<TerminalSession | null>;
}

/** Runs the session in `host`; reopens when the pod, container or command change, never for other props. */
export function useTerminalSession(host: RefObject<HTMLDivElement | null>, props: TerminalProps): TerminalSessionState {
  const client = useKubeVisionClient();
  const [status, setStatus] = useState<TerminalViewStatus>({ state: 'loading' });
  const session = useRef<TerminalSession | null>(null);
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });
  const { cluster, namespace, pod, container } = props;
  // Compared by value: a new array literal on every render must not reopen the shell.
  const commandKey = props.command ? JSON.stringify(props.command) : '';

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    let cancelled = false;
    const target: SessionTarget = {
      cluster,
      namespace,
      pod,
      container,
      command: commandKey ? (JSON.parse(commandKey) as string[]) : undefined,
    };
    const callbacks: SessionCallbacks = {
      status: setStatus,
      exit: (code) => latest.current.onExit?.(code),
      resize: (size) => latest.current.onResize?.(size),
    };
    import('./xterm-view.js').then(
      ({ createXtermView }) => {
        if (cancelled) return;
        const view = createXtermView(el, { theme: latest.current.theme, fontSize: latest.current.fontSize });
        session.current = startSession(view, client, target, callbacks);
      },
      (error: unknown) => {
        if (cancelled) return;
        const reason = `Could not load the terminal: ${error instanceof Error ? error.message : String(error)}`;
        callbacks.status({ state: 'error', reason });
      },
    );
    return () => {
      cancelled = true;
      session.current?.dispose();
      session.current = null;
    };
  }, [host, client, cluster, namespace, pod, container, commandKey]);

  const { theme, fontSize } = props;
  useEffect(() => {
    session.current?.view.configure({ theme, fontSize });
  }, [theme, fontSize]);

  useFitOnResize(host, session);
  return { status, session };
}

/** Refits on every size change of the host, once per animation frame however many changes arrive. */
function useFitOnResize(host: RefObject<HTMLDivElement | null>, session: RefObject<TerminalSession | null>): void {
  useEffect(() => {
    const el = host.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => session.current?.view.fit());
    });
    observer.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      observer.disconnect();
    };
  }, [host, session]);
}
