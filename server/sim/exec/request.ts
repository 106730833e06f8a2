import type { ContainerLike, PodLike } from './types.js';

/** A validated exec request: what to run, where, and which streams the client wants. */
export interface ExecRequest {
  readonly command: readonly string[];
  readonly container: ContainerLike;
  readonly stdin: boolean;
  readonly stdout: boolean;
  /** Always false with a tty: the kubelet bypasses stderr, which the pty merges into stdout. */
  readonly stderr: boolean;
  readonly tty: boolean;
}

/** Either a value or the message of the 400 the apiserver would answer with. */
export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * A query flag as the apiserver converts it into PodExecOptions: absent is false, "0" and "false"
 * (any case) are false, every other value, even an empty one, is true.
 */
function flag(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  if (value === null) return false;
  return value !== '0' && value.toLowerCase() !== 'false';
}

/** Every container of the pod in the order podutil.VisitContainers walks them. */
function allContainers(pod: PodLike): ContainerLike[] {
  const spec = pod.spec;
  if (!spec) return [];
  return [...(spec.initContainers ?? []), ...spec.containers, ...(spec.ephemeralContainers ?? [])];
}

/** The container the request targets, with the apiserver's messages (pod strategy validateContainer). */
function resolveContainer(pod: PodLike, requested: string): Checked<ContainerLike> {
  const podName = pod.metadata?.name ?? '';
  const containers = allContainers(pod);
  if (requested === '') {
    const regular = pod.spec?.containers ?? [];
    const only = regular[0];
    if (regular.length === 1 && only) return { ok: true, value: only };
    if (regular.length === 0) return { ok: false, message: `a container name must be specified for pod ${podName}` };
    // Go prints a []string with %s as "[a b c]".
    const names = containers.map((c) => c.name).join(' ');
    return { ok: false, message: `a container name must be specified for pod ${podName}, choose one of: [${names}]` };
  }
  const found = containers.find((c) => c.name === requested);
  if (!found) return { ok: false, message: `container ${requested} is not valid for pod ${podName}` };
  return { ok: true, value: found };
}

/**
 * Parses and checks the query as kube-apiserver does before it contacts the kubelet: container
 * choice, a scheduled pod, and (an emulator rule) at least one command word.
 */
export function parseExecRequest(pod: PodLike, query: URLSearchParams): Checked<ExecRequest> {
  const container = resolveContainer(pod, query.get('container') ?? '');
  if (!container.ok) return container;
  if (!pod.spec?.nodeName && pod.status?.phase !== 'Running') {
    return { ok: false, message: `pod ${pod.metadata?.name ?? ''} does not have a host assigned` };
  }
  const command = query.getAll('command');
  // The apiserver would pass an empty command on to the runtime; refusing it early gives the
  // client the same words kubectl uses for it.
  if (command.length === 0) return { ok: false, message: 'you must specify at least one command for the container' };
  const tty = flag(query, 'tty');
  return {
    ok: true,
    value: {
      command,
      container: container.value,
      stdin: flag(query, 'stdin'),
      stdout: flag(query, 'stdout'),
      stderr: flag(query, 'stderr') && !tty,
      tty,
    },
  };
}

/**
 * Why the kubelet would refuse the request before starting anything, or null. Its messages are
 * those of pkg/kubelet/cri/streaming/remotecommand NewOptions and Kubelet.GetExec.
 */
export function kubeletRefusal(pod: PodLike, request: ExecRequest): { code: number; message: string } | null {
  if (!request.stdin && !request.stdout && !request.stderr) {
    return { code: 400, message: 'you must specify at least 1 of stdin, stdout, stderr' };
  }
  if (!isContainerRunning(pod, request.container.name)) {
    return { code: 500, message: `container not found (${JSON.stringify(request.container.name)})` };
  }
  return null;
}

/**
 * The kubelet finds only running containers. A regular container without a status entry (or a
 * status without a state) counts as running in a Running pod, so hand-made pods need no statuses;
 * an init container must have a status that says it runs.
 */
function isContainerRunning(pod: PodLike, name: string): boolean {
  if (pod.status?.phase !== 'Running') return false;
  const status = pod.status;
  const statuses = [
    ...(status.containerStatuses ?? []),
    ...(status.initContainerStatuses ?? []),
    ...(status.ephemeralContainerStatuses ?? []),
  ];
  const own = statuses.find((s) => s.name === name);
  if (own) return own.state === undefined || own.state.running !== undefined;
  return (pod.spec?.containers ?? []).some((c) => c.name === name);
}
