/** The Logs tab: the kit's <LogViewer> on the chosen container, live. */
import type { ReactNode } from 'react';
import { LogViewer } from '@kubevision/kit';

/** Props of {@link LogsTab}. */
export interface LogsTabProps {
  cluster: string;
  namespace: string;
  pod: string;
  container: string;
}

/** The last 500 lines and everything after, for as long as the tab is open. */
export function LogsTab({ cluster, namespace, pod, container }: LogsTabProps): ReactNode {
  return <LogViewer className="demo-logs" cluster={cluster} namespace={namespace} pod={pod} container={container} tail={500} />;
}
