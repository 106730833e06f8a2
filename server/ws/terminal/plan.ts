/**
 * Everything decided before a terminal session starts, in the order DESIGN §3 and §6 ask: names
 * and parameters (4400, before any cluster call), the cluster (4404), RBAC (4403), then the pod and
 * container in the cluster (4404).
 */
import { ApiException, CoreV1Api, type V1Pod } from '@kubernetes/client-node';
import { CloseCode, parseTerminalQuery, validatePodTarget } from '../../../src/core/protocol.js';
import { allows, type Identity } from '../../auth/roles.js';
import type { GatewayCluster, ClusterRegistry } from '../../kube/clusters.js';
import type { ExecTarget, TerminalSize } from './exec-channel.js';

/** The path parameters of the terminal endpoint. */
export interface TerminalParams {
  cluster: string;
  ns: string;
  pod: string;
}

/** A session ready to start. */
export interface SessionPlan {
  cluster: GatewayCluster;
  target: ExecTarget;
  /** Commands to try in order (the default shell has a fallback). */
  candidates: string[][];
  size: TerminalSize;
}

/** The plan, or the close code and reason that refuse the session. */
export type PlanResult = { ok: true; plan: SessionPlan } | { ok: false; closeCode: number; reason: string };

/** bash when the container has it, else sh (DESIGN §6). */
const DEFAULT_SHELLS = [['bash'], ['sh']];
const DEFAULT_SIZE: TerminalSize = { cols: 80, rows: 24 };

const refuse = (closeCode: number, reason: string): PlanResult => ({ ok: false, closeCode, reason });

/** Every container exec can reach, in the order the apiserver searches them. */
function containerNames(pod: V1Pod): string[] {
  const spec = pod.spec;
  return [...(spec?.containers ?? []), ...(spec?.initContainers ?? []), ...(spec?.ephemeralContainers ?? [])].map((c) => c.name);
}

async function readPod(cluster: GatewayCluster, namespace: string, name: string): Promise<V1Pod | PlanResult> {
  try {
    return await cluster.kubeConfig.makeApiClient(CoreV1Api).readNamespacedPod({ name, namespace });
  } catch (error) {
    const code = error instanceof ApiException ? error.code : 0;
    if (code === 404) return refuse(CloseCode.NotFound, `pod "${name}" not found in namespace "${namespace}"`);
    if (code === 401 || code === 403) return refuse(CloseCode.Forbidden, `the gateway may not read pod "${name}" in cluster "${cluster.name}"`);
    // Only the status: client-node's error text carries the whole response, headers included.
    return refuse(CloseCode.InternalError, `cannot read pod "${name}" from cluster "${cluster.name}"${code ? ` (HTTP ${code})` : ''}`);
  }
}

/** Checks the request and finds the container; never calls a cluster before the names are valid. */
export async function planSession(clusters: ClusterRegistry, identity: Identity, params: TerminalParams, search: URLSearchParams): Promise<PlanResult> {
  const target = validatePodTarget({ cluster: params.cluster, namespace: params.ns, pod: params.pod });
  if (!target.ok) return refuse(CloseCode.BadRequest, target.error);
  const query = parseTerminalQuery(search);
  if (!query.ok) return refuse(CloseCode.BadRequest, query.error);
  const { cluster: clusterName, namespace, pod: podName } = target.value;
  const cluster = clusters.get(clusterName);
  if (!cluster) return refuse(CloseCode.NotFound, `cluster "${clusterName}" not found`);
  if (!allows(identity, 'terminal', clusterName, namespace)) {
    return refuse(CloseCode.Forbidden, `${identity.user} may not open a terminal in ${clusterName}/${namespace}`);
  }
  const pod = await readPod(cluster, namespace, podName);
  if ('ok' in pod) return pod;
  const names = containerNames(pod);
  const container = query.value.container ?? pod.spec?.containers[0]?.name;
  if (container === undefined || !names.includes(container)) {
    return refuse(CloseCode.NotFound, container === undefined ? `pod "${podName}" has no container` : `container "${container}" not found in pod "${podName}"`);
  }
  return {
    ok: true,
    plan: {
      cluster,
      target: { namespace, pod: podName, container },
      candidates: query.value.command ? [query.value.command] : DEFAULT_SHELLS,
      size: { cols: query.value.cols ?? DEFAULT_SIZE.cols, rows: query.value.rows ?? DEFAULT_SIZE.rows },
    },
  };
}
