/** `<LogViewer>`: a pod's live log with a container picker, on {@link useLogStream} and {@link LogView}. */
import { useState, type CSSProperties, type ReactNode } from 'react';
import { useLogStream } from '../react/use-log-stream.js';
import { ContainerPicker, usePodContainers } from './container-picker.js';
import { LogView } from './log-view.js';

/** Props of {@link LogViewer}. */
export interface LogViewerProps {
  cluster: string;
  namespace: string;
  pod: string;
  /** The container to show first; default the pod's first container. */
  container?: string;
  /** Lines of history on the first connect; default the gateway's (100). */
  tail?: number;
  /** Show timestamps at first (a toggle in the toolbar; no reconnect). */
  timestamps?: boolean;
  /** Show the previous container instance at first (a toggle in the toolbar). */
  previous?: boolean;
  /** Most lines held; default 100,000. */
  maxLines?: number;
  className?: string;
  style?: CSSProperties;
}

/**
 * A live, virtualized pod log. Must be inside `<KubeVisionProvider>`; give it (or its parent) a height.
 * Choosing another container or the previous instance opens a new stream.
 *
 * @example
 * ```tsx
 * <div style={{ height: 480 }}>
 *   <LogViewer cluster="prod-us" namespace="default" pod="my-pod" tail={500} />
 * </div>
 * ```
 */
export function LogViewer(props: LogViewerProps): ReactNode {
  const { cluster, namespace, pod } = props;
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const [previous, setPrevious] = useState(props.previous ?? false);
  const { containers, settled } = usePodContainers(cluster, namespace, pod);
  // The gateway needs a container name for a pod with several: without one from the user or the props,
  // the stream waits for the pod's list (or its failure, then leaving the choice to the gateway).
  const container = chosen ?? props.container ?? containers[0]?.name;
  const stream = useLogStream({
    cluster,
    namespace,
    pod,
    ...(container !== undefined ? { container } : {}),
    ...(props.tail !== undefined ? { tail: props.tail } : {}),
    ...(props.maxLines !== undefined ? { maxLines: props.maxLines } : {}),
    previous,
    enabled: chosen !== undefined || props.container !== undefined || settled,
  });
  const shown = container ?? '';
  return (
    <LogView
      lines={stream.lines}
      version={stream.version}
      status={stream.status}
      dropped={stream.dropped}
      onClear={stream.clear}
      defaultTimestamps={props.timestamps ?? false}
      downloadName={`${pod}${shown ? `-${shown}` : ''}${previous ? '-previous' : ''}.log`}
      toolbarStart={<ContainerPicker containers={containers} value={shown} onChange={setChosen} previous={previous} onPreviousChange={setPrevious} />}
      aria-label={`Logs of ${namespace}/${pod}${shown ? ` (${shown})` : ''}`}
      className={props.className}
      style={props.style}
    />
  );
}
