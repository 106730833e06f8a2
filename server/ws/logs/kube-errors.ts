/**
 * Kubernetes failures as close codes (DESIGN §3): what the client did wrong (400, 422) is 4400, a
 * missing pod 4404, a refusal 4403; anything else is the gateway's or the cluster's trouble and
 * closes with 1011 so the kit reconnects with backoff.
 */
import { ApiException } from '@kubernetes/client-node';
import { CloseCode } from '../../../src/core/protocol.js';
import type { ClusterCaller } from '../../kube/cluster-caller.js';
import type { GatewayCluster } from '../../kube/clusters.js';
import { kubeRequest } from '../../kube/kube-request.js';

/** A close code with its reason. */
export interface CloseDecision {
  readonly code: number;
  readonly reason: string;
}

/** The HTTP status and the Status message of a client-node failure; status 0 for anything that is no API answer. */
export interface KubeFailure {
  readonly status: number;
  readonly message: string | null;
}

function statusMessage(body: unknown): string | null {
  let value = body;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (typeof value !== 'object' || value === null) return null;
  const message = (value as { message?: unknown }).message;
  return typeof message === 'string' && message !== '' ? message : null;
}

/** Reads the status and the Kubernetes Status message out of whatever client-node threw. */
export function kubeFailure(error: unknown): KubeFailure {
  if (error instanceof ApiException) return { status: error.code, message: statusMessage(error.body) };
  return { status: 0, message: null };
}

/** The close for a failed Kubernetes call; `fallback` words the reason when Kubernetes gave none. */
export function closeForFailure(failure: KubeFailure, fallback: string): CloseDecision {
  const reason = failure.message ?? (failure.status ? `${fallback} (HTTP ${failure.status})` : fallback);
  switch (failure.status) {
    case 400:
    case 422:
      return { code: CloseCode.BadRequest, reason };
    case 403:
      return { code: CloseCode.Forbidden, reason };
    case 404:
      return { code: CloseCode.NotFound, reason };
    default:
      return { code: CloseCode.InternalError, reason };
  }
}

/** Where a log request went. */
export interface LogTarget {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  readonly previous: boolean;
}

/**
 * The close for a failed `Log` call. An answer without content (kube-apiserver's 204 for a pod that
 * no node runs yet) has no log to follow: 4404, which the kit offers to retry.
 */
export async function closeForLogFailure(cluster: GatewayCluster, caller: ClusterCaller, target: LogTarget, error: unknown): Promise<CloseDecision> {
  const failure = kubeFailure(error);
  if (failure.status === 204) return { code: CloseCode.NotFound, reason: `no log yet: pod "${target.pod}" is not running on a node` };
  const refused = failure.message === null && failure.status >= 400 && failure.status < 500;
  const message = refused ? await explainLogRefusal(cluster, caller, target) : failure.message;
  return closeForFailure({ status: failure.status, message }, `cannot read the log of container "${target.container}"`);
}

/**
 * The Status message of a refused log request. client-node's `Log` throws away the body of a non-500
 * answer, so the same question is asked once more, as the same caller and without following, by a
 * plain request that keeps it. Null when that second request succeeds (the cause went away) or
 * carries no message.
 */
async function explainLogRefusal(cluster: GatewayCluster, caller: ClusterCaller, target: LogTarget): Promise<string | null> {
  const query = new URLSearchParams({ container: target.container, previous: String(target.previous), tailLines: '0' });
  const path = `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}/log?${query}`;
  try {
    const res = await kubeRequest(cluster, path, { caller, timeoutMs: 10_000 });
    return res.status < 400 ? null : statusMessage(res.body);
  } catch {
    return null;
  }
}
