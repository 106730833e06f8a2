/** `<LogViewer>`: a pod's live log with a container picker, on {@link useLogStream} and {@link LogView}. */
import { useState, type CSSProperties, type ReactNode } from 'react';
import { useLogStream } from '../react/use-log-stream.js';
import { ContainerPicker, usePodContainers } from './container-picker.js';
import { LogView } from './log-view.js';

/** A toolbar choice and what it was made against: the pod and the prop value of that moment. */
interface Choice<T> {
  readonly target: string;
  readonly base: T | undefined;
  readonly value: T;
}

/** The choice's value while the pod and the prop are still those it was made against. */
function current<T>(choice: Choice<T> | null, target: string, base: T | undefined): T | undefined {
  return choice !== null && choice.target === target && choice.base === base ? choice.value : undefined;
}

/** Props of {@link LogViewer}. */
export interface LogViewerProps {
  cluster: string;
  namespace: string;
  pod: string;
  /**
   * The container to show; default the pod's first container. A new value replaces the user's choice
   * in the picker; with `onContainerChange` the picker only reports and this prop decides.
   */
  container?: string;
  /** Makes the container controlled: called with the container picked in the toolbar. */
  onContainerChange?: (container: string) => void;
  /** Lines of history on the first connect; default the gateway's (100). */
  tail?: number;
  /** Show timestamps at first (a toggle in the toolbar; no reconnect). */
  timestamps?: boolean;
  /** Show the previous container instance; a new value replaces the toolbar toggle's state. */
  previous?: boolean;
  /** Called when the toolbar's "Previous" toggle changes. */
  onPreviousChange?: (previous: boolean) => void;
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
  const { cluster, namespace, pod, onContainerChange, onPreviousChange } = props;
  const target = `${cluster}/${namespace}/${pod}`;
  // A choice made in the toolbar holds for this pod and these props; another pod or a new prop value wins.
  const [choice, setChoice] = useState<Choice<string> | null>(null);
  const [previousChoice, setPreviousChoice] = useState<Choice<boolean> | null>(null);
  const chosen = onContainerChange ? undefined : current(choice, target, props.container);
  const previous = current(previousChoice, target, props.previous) ?? props.previous ?? false;
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
  const pickContainer = (name: string) => {
    if (onContainerChange) onContainerChange(name);
    else setChoice({ target, base: props.container, value: name });
  };
  const pickPrevious = (value: boolean) => {
    setPreviousChoice({ target, base: props.previous, value });
    onPreviousChange?.(value);
  };
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
      toolbarStart={<ContainerPicker containers={containers} value={shown} onChange={pickContainer} previous={previous} onPreviousChange={pickPrevious} />}
      aria-label={`Logs of ${namespace}/${pod}${shown ? ` (${shown})` : ''}`}
      className={props.className}
      style={props.style}
    />
  );
}
