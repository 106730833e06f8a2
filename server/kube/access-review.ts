/**
 * Asks a cluster what the signed-in user may do, as that user (SelfSubjectAccessReview and
 * SelfSubjectRulesReview sent with the user's caller), and keeps each answer for a short time per
 * cluster, identity and question, so that a page of buttons or a busy watch costs one review per
 * distinct question. Concurrent identical questions share one request; the cache is bounded.
 * A review that fails (no answer, 5xx, a refused token) is a denial and is not kept.
 */
import { callerKey, type ClusterCaller } from './cluster-caller.js';
import type { GatewayCluster } from './clusters.js';
import { RuleSet, resourceRulesOf } from './access-rules.js';
import { kubeRequest } from './kube-request.js';

/** One question: may the caller do `verb` on this resource. */
export interface AccessAttributes {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  name?: string;
  /** Absent or "": cluster-wide. */
  namespace?: string;
}

/** The cluster's answer, with its reason (the RBAC binding that allowed it, or why not). */
export interface AccessAnswer {
  allowed: boolean;
  reason: string;
}

/** Entries kept; past it the oldest go. */
const MAX_ENTRIES = 20_000;

interface Entry<T> {
  at: number;
  value: Promise<T>;
}

/** A bounded map of promised answers that expire after `ttlMs`. */
class AnswerCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly ttlMs: number) {}

  get(key: string, ask: () => Promise<{ value: T; keep: boolean }>): Promise<T> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    if (hit) this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    const asked = ask();
    const value = asked.then((a) => a.value);
    this.entries.set(key, { at: now, value });
    void asked.then(
      (a) => {
        if (!a.keep && this.entries.get(key)?.value === value) this.entries.delete(key);
      },
      () => this.entries.delete(key),
    );
    return value;
  }
}

const REVIEWS = '/apis/authorization.k8s.io/v1';

function failureReason(cluster: string, status: number): string {
  if (status === 401) return `cluster "${cluster}" did not accept your credentials`;
  if (status === 0) return `cluster "${cluster}" did not answer the access review`;
  return `cluster "${cluster}" answered the access review with HTTP ${status}`;
}

/** Reviews with per-identity caching; one per gateway. */
export class AccessReviewer {
  private readonly answers: AnswerCache<AccessAnswer>;
  private readonly rules: AnswerCache<RuleSet | null>;

  constructor(
    ttlSeconds: number,
    private readonly timeoutMs: number,
  ) {
    this.answers = new AnswerCache(ttlSeconds * 1000);
    this.rules = new AnswerCache(ttlSeconds * 1000);
  }

  /** May `caller` do what `attrs` say on `cluster`? The gateway itself is not asked about: its own roles decide. */
  review(cluster: GatewayCluster, caller: ClusterCaller, attrs: AccessAttributes): Promise<AccessAnswer> {
    if (caller.kind === 'gateway') return Promise.resolve({ allowed: true, reason: 'the gateway acts with its own credentials on this cluster' });
    const { verb, group, resource, subresource = '', name = '', namespace = '' } = attrs;
    const key = [cluster.name, callerKey(caller), verb, group, resource, subresource, name, namespace].join('\n');
    return this.answers.get(key, async () => {
      const body = JSON.stringify({
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { verb, group, resource, subresource, name, namespace } },
      });
      const res = await this.post(cluster, caller, `${REVIEWS}/selfsubjectaccessreviews`, body);
      const status = (res.body as { status?: { allowed?: unknown; reason?: unknown } } | null)?.status;
      if (res.status !== 201 && res.status !== 200) return { value: { allowed: false, reason: failureReason(cluster.name, res.status) }, keep: false };
      const allowed = status?.allowed === true;
      const reason = typeof status?.reason === 'string' && status.reason !== '' ? status.reason : allowed ? 'allowed' : 'no rule allows it';
      return { value: { allowed, reason }, keep: true };
    });
  }

  /** What `caller` may do in `namespace`, or null when the cluster would not say. */
  rulesIn(cluster: GatewayCluster, caller: ClusterCaller, namespace: string): Promise<RuleSet | null> {
    const key = [cluster.name, callerKey(caller), namespace].join('\n');
    return this.rules.get(key, async () => {
      const body = JSON.stringify({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace } });
      const res = await this.post(cluster, caller, `${REVIEWS}/selfsubjectrulesreviews`, body);
      if (res.status !== 201 && res.status !== 200) return { value: null, keep: false };
      return { value: new RuleSet(resourceRulesOf(res.body)), keep: true };
    });
  }

  private post(cluster: GatewayCluster, caller: ClusterCaller, path: string, body: string): Promise<{ status: number; body: unknown }> {
    return kubeRequest(cluster, path, { method: 'POST', body, caller, timeoutMs: this.timeoutMs }).catch(() => ({ status: 0, body: null }));
  }
}
