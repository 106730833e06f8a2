/**
 * Everything decided before a terminal session starts, in the order DESIGN §3 and §6 ask: names
 * and parameters (4400, before any cluster call), the cluster (4404), RBAC (4403), then the pod and
 * container in the cluster (4404).
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { CloseCode, parseTerminalQuery, validatePodTarget } from '../../../src/core/protocol.js';
import { allows, type Identity } from '../../auth/roles.js';
import type { ClusterAccess } from '../../kube/cluster-access.js';
import { asCaller } from '../../kube/cluster-caller.js';
import type { GatewayCluster, ClusterRegistry } from '../../kube/clusters.js';
import { chooseContainer, lookUpPod, type PodContainers } from '../../kube/pod-lookup.js';
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
  /** The cluster's kubeconfig as the signed-in user is seen there (the gateway's own on service-account clusters). */
  kubeConfig: KubeConfig;
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

/**
 * Reads the pod. A cluster that does not answer within `timeoutMs` fails the session like any other
 * cluster error, rather than leaving the client waiting on an open socket.
 */
async function readPod(cluster: GatewayCluster, namespace: string, name: string, timeoutMs: number): Promise<PodContainers | PlanResult> {
  const pod = await lookUpPod(cluster, namespace, name, timeoutMs);
  if (pod.ok) return { containers: pod.containers, all: pod.all };
  // Neither the error text (it may name the address or carry response headers) nor a guess at its cause.
  if (pod.status === 0) return refuse(CloseCode.InternalError, `cannot read pod "${name}" from cluster "${cluster.name}" (no answer)`);
  if (pod.status === 404) return refuse(CloseCode.NotFound, `pod "${name}" not found in namespace "${namespace}"`);
  if (pod.status === 401 || pod.status === 403) return refuse(CloseCode.Forbidden, `the gateway may not read pod "${name}" in cluster "${cluster.name}"`);
  return refuse(CloseCode.InternalError, `cannot read pod "${name}" from cluster "${cluster.name}" (HTTP ${pod.status})`);
}

/**
 * Checks the request and finds the container; never calls a cluster before the names are valid.
 * The cluster has `timeoutMs` to answer the pod lookup.
 */
export async function planSession(clusters: ClusterRegistry, access: ClusterAccess, identity: Identity, params: TerminalParams, search: URLSearchParams, timeoutMs: number): Promise<PlanResult> {
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
  // On impersonate and passthrough clusters the cluster's RBAC has its say too, asked as the user.
  const admission = await access.check(cluster, identity, { verb: 'create', group: '', resource: 'pods', subresource: 'exec', name: podName, namespace });
  if (!admission.ok) return refuse(CloseCode.Forbidden, admission.reason);
  const pod = await readPod(cluster, namespace, podName, timeoutMs);
  if ('ok' in pod) return pod;
  const choice = chooseContainer(pod, podName, query.value.container);
  if (!choice.ok) return refuse(CloseCode.NotFound, choice.error);
  const container = choice.container;
  return {
    ok: true,
    plan: {
      cluster,
      kubeConfig: asCaller(cluster.kubeConfig, admission.caller),
      target: { namespace, pod: podName, container },
      candidates: query.value.command ? [query.value.command] : DEFAULT_SHELLS,
      size: { cols: query.value.cols ?? DEFAULT_SIZE.cols, rows: query.value.rows ?? DEFAULT_SIZE.rows },
    },
  };
}
