/**
 * Which objects of the shared watch cache one user may receive from a cluster whose own RBAC decides
 * (impersonate, passthrough): per cached type, every namespace (list and watch allowed cluster-wide)
 * or a set of namespaces. A namespace reader's watch of all namespaces so gets its own namespaces'
 * objects and never another's. Asked as the user: a SelfSubjectAccessReview cluster-wide and for each
 * namespace a subscription names, and a SelfSubjectRulesReview per namespace of the cluster when one
 * asks for all of them (one review per namespace answers for every type).
 */
import type { Identity } from '../../auth/roles.js';
import type { ResourceInfo } from '../../kube/catalog.js';
import type { ClusterAccess } from '../../kube/cluster-access.js';
import type { GatewayCluster } from '../../kube/clusters.js';

/** Why something is not shown: 401 (a passthrough cluster lacks the user's token) or 403, in the cluster's words. */
export interface ReachRefusal {
  readonly code: 401 | 403;
  readonly reason: string;
}

/** What one connection's subscriptions ask of one type: the namespaces they name, and whether one asks for all. */
export interface ReachNeed {
  readonly namespaces: ReadonlySet<string>;
  readonly everyNamespace: boolean;
}

/** Rules reviews in flight at once while a cluster's namespaces are gone through. */
const RULES_REVIEWS_AT_ONCE = 16;

/** What one user may receive of one type on one cluster. */
export class TypeReach {
  constructor(
    private readonly all: boolean,
    private readonly namespaces: ReadonlySet<string>,
    /** Why each refused namespace is, "" standing for the cluster-wide question. */
    private readonly refusals: ReadonlyMap<string, ReachRefusal>,
    /** The namespaces that were asked about; an object elsewhere may be in a namespace made since. */
    private readonly asked: ReadonlySet<string>,
    private readonly everyNamespace: boolean,
  ) {}

  /** True when objects of `namespace` ("" for cluster-scoped ones) may be sent. */
  sees(namespace: string): boolean {
    return this.all || this.namespaces.has(namespace);
  }

  /** True when a watch of `namespace` ("" for all of them) has something it may show. */
  shows(namespace: string): boolean {
    return namespace === '' ? this.all || this.namespaces.size > 0 : this.sees(namespace);
  }

  /** Why a watch of `namespace` ("" for all) shows nothing. */
  refusal(namespace: string): ReachRefusal {
    return this.refusals.get(namespace) ?? this.refusals.get('') ?? { code: 403, reason: 'the cluster allows no list and watch here' };
  }

  /** True when an object of `namespace` may belong to a namespace this answer never asked about. */
  outdatedFor(namespace: string): boolean {
    return !this.all && this.everyNamespace && namespace !== '' && !this.asked.has(namespace);
  }

  /** True when both let the same namespaces through. */
  sameAs(other: TypeReach | undefined): boolean {
    if (!other || other.all !== this.all) return false;
    if (this.all) return true;
    return other.namespaces.size === this.namespaces.size && [...this.namespaces].every((n) => other.namespaces.has(n));
  }
}

/** Type and scope of a cached type, as the access questions need them. */
export type ReachType = Pick<ResourceInfo, 'name' | 'group' | 'namespaced'>;

/** Where the user's reach is asked: the access service, the cluster and the cluster's namespaces. */
export interface ReachSource {
  readonly access: ClusterAccess;
  readonly cluster: GatewayCluster;
  readonly identity: Identity;
  /** The names of the cluster's namespaces, as the gateway's cache holds them. */
  namespaces(): Promise<readonly string[]>;
}

/** Asks the cluster, as the user, what `type` they may list and watch for what `need` names. */
export async function typeReach(source: ReachSource, type: ReachType, need: ReachNeed): Promise<TypeReach> {
  const { access, cluster, identity } = source;
  const refusals = new Map<string, ReachRefusal>();
  const can = async (namespace: string): Promise<boolean> => {
    const attrs = { group: type.group, resource: type.name, namespace };
    for (const verb of ['list', 'watch']) {
      const answer = await access.check(cluster, identity, { ...attrs, verb });
      if (!answer.ok) {
        refusals.set(namespace, { code: answer.code, reason: answer.reason });
        return false;
      }
    }
    return true;
  };
  const none = new Set<string>();
  if (await can('')) return new TypeReach(true, none, refusals, none, need.everyNamespace);
  if (!type.namespaced) return new TypeReach(false, none, refusals, none, false);
  const named = [...need.namespaces];
  const answers = await Promise.all(named.map(can));
  const allowed = new Set(named.filter((_, i) => answers[i]));
  const asked = new Set(named);
  if (need.everyNamespace) for (const namespace of await ruledNamespaces(source, type, asked)) allowed.add(namespace);
  return new TypeReach(false, allowed, refusals, asked, need.everyNamespace);
}

/**
 * The namespaces of the cluster where the user's rules allow list and watch of `type`, adding every
 * namespace gone through to `asked`.
 */
async function ruledNamespaces(source: ReachSource, type: ReachType, asked: Set<string>): Promise<string[]> {
  const admission = await source.access.caller(source.cluster.name, source.identity);
  if (!admission.ok) return [];
  const names = await source.namespaces();
  const allowed: string[] = [];
  for (let i = 0; i < names.length; i += RULES_REVIEWS_AT_ONCE) {
    const chunk = names.slice(i, i + RULES_REVIEWS_AT_ONCE);
    const rules = await Promise.all(chunk.map((n) => source.access.rulesIn(source.cluster, admission.caller, n)));
    chunk.forEach((namespace, j) => {
      asked.add(namespace);
      const set = rules[j];
      if (set?.allows('list', type.group, type.name) && set.allows('watch', type.group, type.name)) allowed.push(namespace);
    });
  }
  return allowed;
}
