/** The Terminal tab: the kit's <Terminal> in the chosen container, and a new shell after exit. */
import { useState, type ReactNode } from 'react';
import { Terminal } from '@kubevision/kit';

/** Props of {@link TerminalTab}. */
export interface TerminalTabProps {
  cluster: string;
  namespace: string;
  pod: string;
  container: string;
}

/** A shell in the pod; after `exit` it offers a new one instead of reconnecting by itself. */
export function TerminalTab({ cluster, namespace, pod, container }: TerminalTabProps): ReactNode {
  const [shell, setShell] = useState(0);
  const [exited, setExited] = useState(false);
  return (
    <div className="demo-terminal">
      <Terminal key={shell} cluster={cluster} namespace={namespace} pod={pod} container={container} onExit={() => setExited(true)} />
      {exited && (
        <div className="demo-toolbar">
          <span className="demo-muted">The shell has ended; the session is recorded under Settings → Audit.</span>
          <button
            type="button"
            className="demo-button"
            onClick={() => {
              setExited(false);
              setShell((n) => n + 1);
            }}
          >
            New shell
          </button>
        </div>
      )}
    </div>
  );
}
