/**
 * The pod read that terminals and logs make before they open anything: bounded in time, so a
 * cluster that accepts connections and never answers fails the socket instead of leaving it waiting,
 * and reduced to the container names, which is all either endpoint needs.
 */
import type { GatewayCluster } from './clusters.js';
import { kubeRequest } from './kube-request.js';

/** A pod's containers as its spec lists them. */
export interface PodContainers {
  /** The regular containers, in spec order (the first is the default, DESIGN §6 and §7). */
  containers: string[];
  /** Every container exec and logs can reach, in the order the apiserver searches them. */
  all: string[];
}

/**
 * The answer: the containers, or the HTTP status with the Kubernetes Status message; status 0 when
 * the cluster did not answer in time or the connection failed (no error text: it may name the address).
 */
export type PodLookup = ({ ok: true } & PodContainers) | { ok: false; status: number; message: string | null };

function namesOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((c: unknown) => (typeof c === 'object' && c !== null && typeof (c as { name?: unknown }).name === 'string' ? [(c as { name: string }).name] : []));
}

function statusMessage(body: unknown): string | null {
  const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined;
  return typeof message === 'string' && message !== '' ? message : null;
}

/** Reads pod `name` in `namespace`; the cluster has `timeoutMs` to answer. */
export async function lookUpPod(cluster: GatewayCluster, namespace: string, name: string, timeoutMs: number): Promise<PodLookup> {
  const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`;
  let answer: Awaited<ReturnType<typeof kubeRequest>>;
  try {
    answer = await kubeRequest(cluster, path, { timeoutMs });
  } catch {
    return { ok: false, status: 0, message: null };
  }
  if (answer.status < 200 || answer.status >= 300) return { ok: false, status: answer.status, message: statusMessage(answer.body) };
  const spec = typeof answer.body === 'object' && answer.body !== null ? (answer.body as { spec?: Record<string, unknown> }).spec : undefined;
  const containers = namesOf(spec?.containers);
  return { ok: true, containers, all: [...containers, ...namesOf(spec?.initContainers), ...namesOf(spec?.ephemeralContainers)] };
}

/** The container to reach, or why there is none (the socket closes with 4404). */
export type ContainerChoice = { ok: true; container: string } | { ok: false; error: string };

/** The requested container if the pod has it (init and ephemeral ones included), else the pod's first container. */
export function chooseContainer(pod: PodContainers, podName: string, requested: string | undefined): ContainerChoice {
  if (requested === undefined) {
    const first = pod.containers[0];
    return first !== undefined ? { ok: true, container: first } : { ok: false, error: `pod "${podName}" has no containers` };
  }
  return pod.all.includes(requested) ? { ok: true, container: requested } : { ok: false, error: `container "${requested}" not found in pod "${podName}"` };
}
