/** The Logs tab: the kit's <LogViewer> on the chosen container, live. */
import type { ReactNode } from 'react';
import { LogViewer } from '@kubevision/kit';

/** Props of {@link LogsTab}. */
export interface LogsTabProps {
  cluster: string;
  namespace: string;
  pod: string;
  container: string;
  /** The container picked in the viewer's toolbar, so that the Terminal tab opens in the same one. */
  onContainerChange: (container: string) => void;
}

/** The last 500 lines and everything after, for as long as the tab is open. */
export function LogsTab({ cluster, namespace, pod, container, onContainerChange }: LogsTabProps): ReactNode {
  return <LogViewer className="demo-logs" cluster={cluster} namespace={namespace} pod={pod} container={container} onContainerChange={onContainerChange} tail={500} />;
}
