/** The container choice of `<LogViewer>`: the pod's containers (init containers labelled) and "Previous". */
import { useCallback, useMemo, type ReactNode } from 'react';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { useResourceWatch } from '../react/use-resource-watch.js';

/** One container of a pod. */
export interface PodContainer {
  readonly name: string;
  readonly init: boolean;
}

/** The containers of `pod` as `"name"` or `"init:name"`, joined, so the watch's result compares by value. */
export function containerKey(pod: Pod | undefined): string {
  if (!pod?.spec) return '';
  const init = (pod.spec.initContainers ?? []).map((c) => `init:${c.name}`);
  const main = pod.spec.containers.map((c) => c.name);
  return [...init, ...main].join('\n');
}

/** Parses {@link containerKey}'s output; regular containers first, since logs are usually wanted from them. */
export function parseContainerKey(key: string): PodContainer[] {
  if (key === '') return [];
  const all = key.split('\n').map((part) => (part.startsWith('init:') ? { name: part.slice(5), init: true } : { name: part, init: false }));
  return [...all.filter((c) => !c.init), ...all.filter((c) => c.init)];
}

/** What {@link usePodContainers} returns. */
export interface PodContainers {
  /** Regular containers first, then init containers; stable while they do not change. */
  readonly containers: PodContainer[];
  /** True once the list is known, or known to be unavailable (the watch failed). */
  readonly settled: boolean;
}

/** The containers of one pod, from a live watch of the namespace's pods. */
export function usePodContainers(cluster: string, namespace: string, pod: string): PodContainers {
  const select = useCallback((pods: readonly Pod[]) => containerKey(pods.find((p) => p.metadata?.name === pod)), [pod]);
  const { items, isSynced, error } = useResourceWatch<Pod, string>({ cluster, namespace, resource: 'pods' }, { select });
  const containers = useMemo(() => parseContainerKey(items), [items]);
  return { containers, settled: isSynced || error !== null };
}

/** Props of {@link ContainerPicker}. */
export interface ContainerPickerProps {
  containers: readonly PodContainer[];
  /** The container shown. */
  value: string;
  onChange: (container: string) => void;
  previous: boolean;
  onPreviousChange: (previous: boolean) => void;
}

/** A select of the containers (only when there is more than one) and the "Previous" toggle. */
export function ContainerPicker(props: ContainerPickerProps): ReactNode {
  return (
    <span className="kv-log__picker">
      {props.containers.length > 1 ? (
        <select aria-label="Container" value={props.value} onChange={(e) => props.onChange(e.target.value)}>
          {props.containers.map((c) => (
            <option key={c.name} value={c.name}>
              {c.init ? `${c.name} (init)` : c.name}
            </option>
          ))}
        </select>
      ) : null}
      <button
        type="button"
        className="kv-log__toggle"
        aria-pressed={props.previous}
        aria-label="Logs of the previous container instance"
        title="Logs of the previous container instance (before its last restart)"
        onClick={() => props.onPreviousChange(!props.previous)}
      >
        Previous
      </button>
    </span>
  );
}
