/**
 * The Pod fields the log endpoint reads. Pods come from the store as arbitrary JSON (anything
 * `kubectl create -f` accepted), so readers here treat every field as possibly missing.
 */

/** A container of the pod spec; only its name matters for logs. */
export interface ContainerLike {
  readonly name: string;
}

/** `ContainerState`: at most one of the three is set. */
export interface ContainerStateLike {
  readonly running?: { readonly startedAt?: string };
  readonly terminated?: { readonly startedAt?: string; readonly finishedAt?: string; readonly exitCode?: number; readonly containerID?: string };
  readonly waiting?: { readonly reason?: string };
}

/** `ContainerStatus` as the kubelet reports it. */
export interface ContainerStatusLike {
  readonly name: string;
  readonly restartCount?: number;
  readonly state?: ContainerStateLike;
  readonly lastState?: ContainerStateLike;
}

/** The minimal Pod a log request needs. */
export interface PodLike {
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly spec?: {
    readonly nodeName?: string;
    readonly containers?: readonly ContainerLike[];
    readonly initContainers?: readonly ContainerLike[];
    readonly ephemeralContainers?: readonly ContainerLike[];
  };
  readonly status?: {
    readonly containerStatuses?: readonly ContainerStatusLike[];
    readonly initContainerStatuses?: readonly ContainerStatusLike[];
    readonly ephemeralContainerStatuses?: readonly ContainerStatusLike[];
  };
}

/** The names in a container list, ignoring malformed entries. */
export function namesOf(list: readonly ContainerLike[] | undefined): string[] {
  return Array.isArray(list) ? list.flatMap((c: ContainerLike) => (typeof c?.name === 'string' ? [c.name] : [])) : [];
}

/** The status of a container, looked up as the kubelet does: regular, then init, then ephemeral. */
export function statusOf(pod: PodLike, container: string): ContainerStatusLike | undefined {
  const s = pod.status;
  for (const list of [s?.containerStatuses, s?.initContainerStatuses, s?.ephemeralContainerStatuses]) {
    const found = Array.isArray(list) ? list.find((c: ContainerStatusLike) => c?.name === container) : undefined;
    if (found) return found;
  }
  return undefined;
}
