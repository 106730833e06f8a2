/** `<Terminal>`: an interactive shell in a pod, on xterm loaded only when the component mounts. */
import { forwardRef, useImperativeHandle, useRef, type ReactNode } from 'react';
import './terminal.css';
import { StatusLine } from './status-line.js';
import type { TerminalHandle, TerminalProps } from './types.js';
import { useTerminalSession } from './use-terminal-session.js';

/**
 * A pod shell that fits its container, reconnects into a new shell after a network loss (and says so),
 * and reports the exit code. Must be inside `<KubeVisionProvider>`; give it (or its parent) a height.
 *
 * @example
 * ```tsx
 * const ref = useRef<TerminalHandle>(null);
 * <div style={{ height: 400 }}>
 *   <Terminal ref={ref} cluster="prod-us" namespace="default" pod="my-pod" onExit={(code) => console.log(code)} />
 * </div>
 * ```
 */
export const Terminal = forwardRef<TerminalHandle, TerminalProps>(function Terminal(props, ref): ReactNode {
  const host = useRef<HTMLDivElement>(null);
  const { status, session } = useTerminalSession(host, props);

  useImperativeHandle(
    ref,
    () => ({
      focus: () => session.current?.view.term.focus(),
      clear: () => session.current?.view.term.clear(),
      write: (text) => session.current?.connection?.write(text) ?? false,
      findNext: (term) => session.current?.view.findNext(term) ?? false,
    }),
    [session],
  );

  const label = props['aria-label'] ?? `Terminal: ${props.namespace}/${props.pod}`;
  return (
    <div className={props.className ? `kv-terminal ${props.className}` : 'kv-terminal'} data-state={status.state}>
      {/* Clicks on the padding around the screen still land in the shell. */}
      <div className="kv-terminal__frame" onClick={() => session.current?.view.term.focus()}>
        <div ref={host} className="kv-terminal__screen" role="region" aria-label={label} />
      </div>
      <StatusLine status={status} />
    </div>
  );
});
