/**
 * What the signed-in user may do on a cluster beyond the gateway's own roles: in `impersonate` and
 * `passthrough` modes the cluster's RBAC decides, asked as the user and cached briefly; in
 * `service-account` mode the gateway's roles alone decide (today's behaviour).
 */
import type { Identity } from '../auth/roles.js';
import { clusterAuthModeOf, type GatewayConfig } from '../config.js';
import type { ClusterTokenStore } from '../store/cluster-tokens.js';
import { AccessReviewer, type AccessAttributes } from './access-review.js';
import type { RuleSet } from './access-rules.js';
import type { ClusterAuthMode } from './cluster-auth-mode.js';
import { CLUSTER_TOKEN_REQUIRED, callerFor, type ClusterCaller } from './cluster-caller.js';
import type { GatewayCluster } from './clusters.js';

/** The outcome of asking: go ahead as `caller`, or the status and reason to answer with. */
export type ClusterAdmission =
  | { readonly ok: true; readonly caller: ClusterCaller; readonly reason: string }
  | { readonly ok: false; readonly code: 401 | 403; readonly reason: string; readonly kubeReason: 'Forbidden' | typeof CLUSTER_TOKEN_REQUIRED };

/** The cluster side of every authorization decision of one gateway. */
export class ClusterAccess {
  constructor(
    private readonly config: GatewayConfig,
    private readonly tokens: ClusterTokenStore,
    private readonly reviewer: AccessReviewer,
  ) {}

  /** The access of a gateway with `config`: reviews kept `accessReviewSeconds`, bounded by `clusterAnswerSeconds`. */
  static forConfig(config: GatewayConfig, tokens: ClusterTokenStore): ClusterAccess {
    return new ClusterAccess(config, tokens, new AccessReviewer(config.limits.accessReviewSeconds, config.limits.clusterAnswerSeconds * 1000));
  }

  /** How `cluster` sees users. */
  mode(cluster: string): ClusterAuthMode {
    return clusterAuthModeOf(this.config, cluster);
  }

  /** Who requests for `identity` go as, or the 401 when a passthrough cluster has no token of this session. */
  async caller(cluster: string, identity: Identity): Promise<ClusterAdmission> {
    const caller = await callerFor(this.mode(cluster), cluster, identity, this.tokens);
    if ('missing' in caller) return { ok: false, code: 401, reason: caller.missing, kubeReason: CLUSTER_TOKEN_REQUIRED };
    return { ok: true, caller, reason: '' };
  }

  /** Whether the cluster lets `identity` do `attrs`, with the caller to do it as. */
  async check(cluster: GatewayCluster, identity: Identity, attrs: AccessAttributes): Promise<ClusterAdmission> {
    const admission = await this.caller(cluster.name, identity);
    if (!admission.ok) return admission;
    const answer = await this.reviewer.review(cluster, admission.caller, attrs);
    if (answer.allowed) return { ok: true, caller: admission.caller, reason: answer.reason };
    return { ok: false, code: 403, reason: forbiddenMessage(identity.user, attrs, answer.reason), kubeReason: 'Forbidden' };
  }

  /** The rules `caller` has in `namespace` (null when the cluster would not say: nothing is shown). */
  rulesIn(cluster: GatewayCluster, caller: ClusterCaller, namespace: string): Promise<RuleSet | null> {
    return this.reviewer.rulesIn(cluster, caller, namespace);
  }
}

/** A refusal in the apiserver's words, so the user reads what kubectl would have said. */
function forbiddenMessage(user: string, attrs: AccessAttributes, reason: string): string {
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const where = attrs.namespace ? `in the namespace "${attrs.namespace}"` : 'at the cluster scope';
  const what = attrs.name ? `${attrs.resource} "${attrs.name}"` : attrs.resource;
  const why = reason && reason !== 'no rule allows it' ? `: ${reason}` : '';
  return `${what} is forbidden: User "${user}" cannot ${attrs.verb} resource "${resource}" in API group "${attrs.group}" ${where}${why}`;
}
