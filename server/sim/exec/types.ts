/**
 * The slice of a Pod that exec needs. Every field is optional exactly where it is optional in the
 * Kubernetes API, so a full `V1Pod` from @kubernetes/client-node (or the emulator's stored JSON)
 * can be passed as is.
 */
export interface PodLike {
  metadata?: { name?: string; namespace?: string };
  spec?: {
    nodeName?: string;
    containers: ContainerLike[];
    initContainers?: ContainerLike[];
    ephemeralContainers?: ContainerLike[];
  };
  status?: {
    phase?: string;
    containerStatuses?: ContainerStatusLike[];
    initContainerStatuses?: ContainerStatusLike[];
    ephemeralContainerStatuses?: ContainerStatusLike[];
  };
}

/** A container spec as far as exec uses it: its name, literal env values and working directory. */
export interface ContainerLike {
  name: string;
  env?: { name: string; value?: string }[];
  workingDir?: string;
}

/** A container status: only whether the container is running matters to exec. */
export interface ContainerStatusLike {
  name: string;
  state?: { running?: object; waiting?: object; terminated?: object };
}

/** Where and for which cluster the exec processes run. */
export interface ExecOptions {
  /** Root of the per-container scratch directories (`scratchRoot/cluster/ns/pod/container`). */
  scratchRoot: string;
  /** The emulated cluster's name: part of the scratch path and of the process registry key. */
  cluster: string;
  /** extra env */
  env?: Record<string, string>;
}

/**
 * Which server the emulated request reaches: `v5` goes through kube-apiserver's WebSocket-to-SPDY
 * stream translator, `v4` is proxied straight to the kubelet. Their error texts differ.
 */
export type ProtocolFlavor = 'v5' | 'v4';
