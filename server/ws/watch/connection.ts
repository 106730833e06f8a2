/**
 * One watch socket: its subscriptions, their snapshots, and the live events of every informer it
 * reads, each sent once however many of its subscriptions match (the kit routes it to all of them).
 * On clusters whose own RBAC decides, only what the user may list and watch is sent (UserReach),
 * asked again every `accessReviewSeconds`: what the user is no longer allowed is sent as DELETED, a
 * subscription left with nothing to show ends with ERROR, and what is newly allowed arrives as ADDED.
 */
import type { RawData, WebSocket } from 'ws';
import { parseWatchClientMessage, watchKeyId, type WatchKey } from '../../../src/core/protocol.js';
import { allows, type Identity } from '../../auth/roles.js';
import type { SocketMeter } from '../../metrics/gateway-metrics.js';
import { sendMetered } from '../../metrics/metered-send.js';
import type { GatewayCluster } from '../../kube/clusters.js';
import type { GatewayContext } from '../context.js';
import { CacheEvent } from './cache-event.js';
import type { CustomTypeChange, CustomTypes } from './custom-types.js';
import { echoTarget, frameText } from './client-message.js';
import { errorFrame, syncedFrame, type ErrorTarget } from './frames.js';
import type { ResourceInformer } from './informer.js';
import type { InformerCache } from './informer-cache.js';
import { subscribeTarget } from './subscribe-target.js';
import { Subscription } from './subscription.js';
import { syncFailure } from './sync-failure.js';
import { typeReach, type ReachNeed, type ReachRefusal, type ReachSource, type TypeReach } from './user-reach.js';

/** What every watch connection shares. */
export interface WatchServices {
  readonly ctx: GatewayContext;
  readonly cache: InformerCache;
  /** The cached resource types this gateway serves. */
  readonly resources: readonly string[];
  /** The clusters' custom resources, served too when present. */
  readonly customTypes?: CustomTypes;
}

/** An informer this connection listens to, with the number of its subscriptions (pending ones too) that read it. */
interface InformerUse {
  count: number;
  remove(): void;
}

/** What a connection's subscriptions on one cluster ask of each type, by type. */
type ClusterNeeds = Map<string, { namespaces: Set<string>; everyNamespace: boolean }>;

/** Delay before asking again when an object turns up in a namespace the user's reach never asked about. */
const NEW_NAMESPACE_RECHECK_MS = 1000;

const reachId = (cluster: string, resource: string): string => `${cluster}\n${resource}`;

function addNeed(needs: ClusterNeeds, resource: string, namespace: string): void {
  let need = needs.get(resource);
  if (!need) needs.set(resource, (need = { namespaces: new Set(), everyNamespace: false }));
  if (namespace === '') need.everyNamespace = true;
  else need.namespaces.add(namespace);
}

/** The watch protocol on one admitted socket. */
export class WatchConnection {
  private readonly subscriptions = new Map<string, Subscription>();
  /** The latest subscribe or unsubscribe of each key, so that a slow earlier subscribe cannot win over it. */
  private readonly latest = new Map<string, number>();
  private readonly uses = new Map<ResourceInformer, InformerUse>();
  private sequence = 0;
  private closed = false;
  private readonly onEvent = (event: CacheEvent): void => this.dispatch(event);
  private readonly meter: SocketMeter;
  /** What the user may receive, by cluster and type, on clusters whose RBAC decides (absent: nothing yet). */
  private readonly reach = new Map<string, TypeReach>();
  /** Clusters whose namespaces informer this connection holds, to go through their namespaces. */
  private readonly namespaceClusters = new Set<string>();
  private recheckTimer: NodeJS.Timeout | undefined;
  private soonTimer: NodeJS.Timeout | undefined;
  private rechecking: Promise<void> | null = null;
  private recheckAgain = false;
  private readonly offCustomTypes: () => void;

  constructor(
    private readonly socket: WebSocket,
    private readonly identity: Identity,
    private readonly services: WatchServices,
  ) {
    this.meter = services.ctx.metrics.meter('watch');
    this.offCustomTypes =
      services.customTypes?.onChange((change) => {
        this.customTypeChanged(change).catch((error: unknown) => services.ctx.log.error({ err: error, user: identity.user }, 'watch: following a custom type failed'));
      }) ?? (() => undefined);
    socket.on('close', () => this.close());
  }

  /** Handles one frame from the client; never throws, whatever it contains. */
  receive(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    if (isBinary) return this.sendError({}, 400, 'binary frames are not part of the watch protocol');
    const text = frameText(data);
    const parsed = parseWatchClientMessage(text);
    if (!parsed.ok) return this.sendError(echoTarget(text), 400, parsed.error);
    const { action, ...key } = parsed.value;
    if (action === 'unsubscribe') return this.unsubscribe(key);
    this.subscribe(key).catch((error: unknown) => {
      this.services.ctx.log.error({ err: error, user: this.identity.user }, 'watch: subscribe failed');
      this.sendError(key, 500, 'internal error');
    });
  }

  private async subscribe(key: WatchKey): Promise<void> {
    const started = performance.now();
    const id = watchKeyId(key);
    const sequence = ++this.sequence;
    this.latest.set(id, sequence);
    const { ctx, cache, resources } = this.services;
    const custom = await this.customNames(key);
    if (this.closed || this.latest.get(id) !== sequence) return;
    const target = subscribeTarget(key, this.identity, ctx.clusters, [...resources, ...custom]);
    if (!target.ok) {
      this.forget(id, sequence);
      return this.sendError(key, target.error.code, target.error.message);
    }
    const { cluster, selector, resources: types } = target.value;
    const admitted = await this.clusterAdmits(key, cluster, types);
    if (this.closed || this.latest.get(id) !== sequence) return;
    if (!admitted.ok) {
      this.forget(id, sequence);
      return this.sendError(key, admitted.refusal.code, admitted.refusal.reason);
    }
    if (admitted.reach) {
      this.applyReach(admitted.reach);
      this.recheckTimer ??= setInterval(() => this.recheck(), ctx.config.limits.accessReviewSeconds * 1000).unref();
    }
    let informers: ResourceInformer[];
    try {
      informers = types.map((r) => cache.informer(cluster, r, this.services.customTypes?.path(cluster.name, r)));
    } catch {
      this.forget(id, sequence);
      return this.sendError(key, 503, 'the gateway is shutting down');
    }
    // Listening now starts the informers and keeps them from stopping while the snapshot waits.
    for (const informer of informers) this.use(informer);
    const outcomes = await Promise.allSettled(informers.map((informer) => informer.whenSynced()));
    const synced = informers.filter((_, i) => outcomes[i]?.status === 'fulfilled');
    for (const informer of informers) if (!synced.includes(informer)) this.unuse(informer);
    if (this.closed || this.latest.get(id) !== sequence) {
      for (const informer of synced) this.unuse(informer);
      return;
    }
    if (synced.length === 0) {
      this.forget(id, sequence);
      const failure = syncFailure(key.resource, outcomes.find((o) => o.status === 'rejected')?.reason);
      return this.sendError(key, failure.code, `${cluster.name}: ${failure.message}`);
    }
    // From here to the SYNCED frame nothing awaits, so no live event can slip between snapshot and registration.
    const subscription = new Subscription(key, selector, synced);
    const previous = this.subscriptions.get(id);
    this.subscriptions.set(id, subscription);
    if (!previous) ctx.metrics.subscriptionsChanged(key, 1);
    for (const informer of previous?.informers ?? []) this.unuse(informer);
    let objects = 0;
    for (const frame of subscription.snapshot(this.identity, (resource, namespace) => this.sees(key.cluster, resource, namespace))) {
      if (!this.send(frame)) return;
      objects++;
    }
    if (this.send(syncedFrame(key))) ctx.metrics.snapshotSent(key, objects, (performance.now() - started) / 1000);
    // A "*" snapshot that lacks a type only for now (the cluster failing, not refusing) would stay
    // incomplete for good: a 5xx ERROR after the SYNCED tells the kit to subscribe again later.
    const transient = outcomes.map((o) => (o.status === 'rejected' ? syncFailure(key.resource, o.reason) : null)).find((f) => f !== null && f.code >= 500);
    if (transient) this.sendError(key, transient.code, `${cluster.name}: ${transient.message}; the snapshot is incomplete, subscribe again`);
  }

  /**
   * Whether the cluster lets this user list and watch `resources` in the key's namespace (always on a
   * service-account cluster, where the gateway's roles alone decide), with the user's reach to apply.
   * A single type refused refuses the subscribe; "*" is refused only when no type shows anything, and
   * keeps every type so that one allowed later starts arriving.
   */
  private async clusterAdmits(
    key: WatchKey,
    cluster: GatewayCluster,
    resources: readonly string[],
  ): Promise<{ ok: true; reach: Map<string, TypeReach> | null } | { ok: false; refusal: ReachRefusal }> {
    if (this.services.ctx.access.mode(cluster.name) === 'service-account') return { ok: true, reach: null };
    const needs = this.needsOn(cluster.name);
    for (const resource of resources) addNeed(needs, resource, key.namespace);
    const reach = await this.reachOn(cluster, needs);
    const answers = resources.map((r) => reach.get(reachId(cluster.name, r)));
    const shown = answers.filter((a) => a?.shows(key.namespace));
    if (shown.length > 0 && (key.resource === '*' || shown.length === resources.length)) return { ok: true, reach };
    const refused = answers.find((a) => a && !a.shows(key.namespace));
    return { ok: false, refusal: refused?.refusal(key.namespace) ?? { code: 403, reason: `no resource type may be listed in cluster "${key.cluster}"` } };
  }

  /** What the subscriptions on `cluster` ask of each type. */
  private needsOn(cluster: string): ClusterNeeds {
    const needs: ClusterNeeds = new Map();
    for (const subscription of this.subscriptions.values()) {
      if (subscription.key.cluster !== cluster) continue;
      for (const informer of subscription.informers) addNeed(needs, informer.resource, subscription.key.namespace);
    }
    return needs;
  }

  /** The user's reach of each needed type on `cluster`, asked as the user. */
  private async reachOn(cluster: GatewayCluster, needs: ClusterNeeds): Promise<Map<string, TypeReach>> {
    const { ctx } = this.services;
    const source: ReachSource = { access: ctx.access, cluster, identity: this.identity, namespaces: () => this.namespacesOf(cluster) };
    const entries = await Promise.all(
      [...needs].map(async ([resource, need]: [string, ReachNeed]) => {
        const info = await ctx.catalog.resolve(cluster, resource).catch(() => undefined);
        const type = { name: info?.name ?? resource, group: info?.group ?? '', namespaced: info?.namespaced ?? true };
        return [reachId(cluster.name, resource), await typeReach(source, type, need)] as const;
      }),
    );
    return new Map(entries);
  }

  /** The names of `cluster`'s namespaces, from the shared cache this connection then keeps listening to. */
  private async namespacesOf(cluster: GatewayCluster): Promise<string[]> {
    if (this.closed) return [];
    const informer = this.services.cache.informer(cluster, 'namespaces');
    if (!this.namespaceClusters.has(cluster.name)) {
      this.namespaceClusters.add(cluster.name);
      this.use(informer);
    }
    try {
      await informer.whenSynced();
    } catch {
      return [];
    }
    return informer.list('').flatMap((n) => (n.metadata?.name ? [n.metadata.name] : []));
  }

  /**
   * Takes the new reach answers in; objects that became visible are sent as ADDED and those that no
   * longer are as DELETED, to the subscriptions that select them.
   */
  private applyReach(next: ReadonlyMap<string, TypeReach>): void {
    for (const [id, after] of next) {
      const before = this.reach.get(id);
      this.reach.set(id, after);
      if (!before || after.sameAs(before)) continue;
      const informer = this.informerOf(id);
      if (!informer) continue;
      for (const object of informer.list('')) {
        const namespace = object.metadata?.namespace ?? '';
        const sees = after.sees(namespace);
        if (sees === before.sees(namespace)) continue;
        this.deliver(new CacheEvent(sees ? 'ADDED' : 'DELETED', informer.cluster.name, informer.resource, object, null));
      }
    }
  }

  private informerOf(id: string): ResourceInformer | undefined {
    for (const informer of this.uses.keys()) if (reachId(informer.cluster.name, informer.resource) === id) return informer;
    return undefined;
  }

  /** Ends with its refusal every subscription on an RBAC cluster that no longer shows anything. */
  private endUnreachable(): void {
    for (const subscription of this.subscriptions.values()) {
      const { key } = subscription;
      if (this.services.ctx.access.mode(key.cluster) === 'service-account') continue;
      const answers = subscription.informers.map((i) => this.reach.get(reachId(key.cluster, i.resource)));
      if (answers.some((a) => a?.shows(key.namespace))) continue;
      const refusal = answers.find((a) => a !== undefined)?.refusal(key.namespace) ?? { code: 403, reason: 'no longer allowed' };
      this.unsubscribe(key);
      this.sendError(key, refusal.code, refusal.reason);
    }
  }

  /** Asks the clusters again what the user may see and applies the answers; one at a time. */
  private recheck(): void {
    if (this.closed) return;
    if (this.rechecking) {
      this.recheckAgain = true;
      return;
    }
    this.rechecking = this.askAgain()
      .catch((error: unknown) => this.services.ctx.log.error({ err: error, user: this.identity.user }, 'watch: access recheck failed'))
      .finally(() => {
        this.rechecking = null;
        if (this.recheckAgain) {
          this.recheckAgain = false;
          this.recheck();
        }
      });
  }

  private async askAgain(): Promise<void> {
    const { ctx } = this.services;
    const clusters = new Set([...this.subscriptions.values()].map((s) => s.key.cluster));
    const answers = await Promise.all(
      [...clusters].flatMap((name) => {
        const cluster = ctx.clusters.get(name);
        return cluster && ctx.access.mode(name) !== 'service-account' ? [this.reachOn(cluster, this.needsOn(name))] : [];
      }),
    );
    if (this.closed) return;
    for (const reach of answers) this.applyReach(reach);
    this.endUnreachable();
  }

  /** True when objects of `resource` in `namespace` may be sent to this user. */
  private sees(cluster: string, resource: string, namespace: string): boolean {
    if (this.services.ctx.access.mode(cluster) === 'service-account') return true;
    const reach = this.reach.get(reachId(cluster, resource));
    if (reach?.outdatedFor(namespace)) this.soonTimer ??= setTimeout(() => {
      this.soonTimer = undefined;
      this.recheck();
    }, NEW_NAMESPACE_RECHECK_MS).unref();
    return reach?.sees(namespace) ?? false;
  }

  /** The custom types a subscribe may name: for "*" and `plural.group` names, those of the key's cluster. */
  private async customNames(key: WatchKey): Promise<string[]> {
    const cluster = this.services.ctx.clusters.get(key.cluster);
    const types = this.services.customTypes;
    if (!types || !cluster || (key.resource !== '*' && !key.resource.includes('.'))) return [];
    return allows(this.identity, 'read', key.cluster, key.namespace) ? types.names(cluster) : [];
  }

  /**
   * A custom type appeared or went away (custom-types.ts). An open "*" subscription starts reading a
   * new type, whose objects arrive as ADDED (no second SYNCED); for a type that went away it gets
   * DELETED for what it showed of it. A subscription of that type alone ends with ERROR 404.
   */
  private async customTypeChanged({ cluster: name, resource, change }: CustomTypeChange): Promise<void> {
    const cluster = this.services.ctx.clusters.get(name);
    if (this.closed || !cluster) return;
    for (const subscription of [...this.subscriptions.values()]) {
      const { key } = subscription;
      if (key.cluster !== name) continue;
      if (change === 'added' && key.resource === '*') await this.adoptCustomType(subscription, cluster, resource);
      if (change === 'removed' && (key.resource === '*' || key.resource === resource)) this.dropCustomType(subscription, resource);
    }
  }

  private async adoptCustomType(subscription: Subscription, cluster: GatewayCluster, resource: string): Promise<void> {
    const { key } = subscription;
    const current = (): boolean => !this.closed && this.subscriptions.get(watchKeyId(key)) === subscription;
    const sees = (r: string, namespace: string): boolean => this.sees(key.cluster, r, namespace);
    if (this.services.ctx.access.mode(cluster.name) !== 'service-account') {
      const needs = this.needsOn(cluster.name);
      addNeed(needs, resource, key.namespace);
      const reach = await this.reachOn(cluster, needs);
      if (!current()) return;
      this.applyReach(reach);
    }
    let informer: ResourceInformer;
    try {
      informer = this.services.cache.informer(cluster, resource, this.services.customTypes?.path(cluster.name, resource));
    } catch {
      return; // shutting down
    }
    this.use(informer);
    const synced = await informer.whenSynced().then(() => true, () => false);
    if (!synced || !current()) return this.unuse(informer);
    subscription.adopt(informer);
    // Events of the first list may have been sent already: an ADDED twice is harmless, one missing is not.
    for (const frame of subscription.framesOf(informer, this.identity, 'ADDED', sees)) if (!this.send(frame)) return;
  }

  private dropCustomType(subscription: Subscription, resource: string): void {
    const { key } = subscription;
    if (key.resource !== '*') {
      this.unsubscribe(key);
      return this.sendError(key, 404, `${key.cluster}: the cluster no longer serves ${resource}`);
    }
    const informer = subscription.informers.find((i) => i.resource === resource);
    if (!informer) return;
    for (const frame of subscription.framesOf(informer, this.identity, 'DELETED', (r, namespace) => this.sees(key.cluster, r, namespace))) this.send(frame);
    subscription.release(informer);
    this.unuse(informer);
  }

  private unsubscribe(key: WatchKey): void {
    const id = watchKeyId(key);
    this.latest.delete(id);
    const subscription = this.subscriptions.get(id);
    if (!subscription) return;
    this.subscriptions.delete(id);
    this.services.ctx.metrics.subscriptionsChanged(key, -1);
    for (const informer of subscription.informers) this.unuse(informer);
  }

  /** Drops a failed subscribe's claim on its key unless a newer request took it over. */
  private forget(id: string, sequence: number): void {
    if (this.latest.get(id) === sequence) this.latest.delete(id);
  }

  private dispatch(event: CacheEvent): void {
    if (this.sees(event.cluster, event.resource, event.namespace)) this.deliver(event);
  }

  /** Sends `event` once if any subscription selects it. */
  private deliver(event: CacheEvent): void {
    for (const subscription of this.subscriptions.values()) {
      if (subscription.wants(event)) {
        this.services.ctx.metrics.watchEvent(event, this.send(event.frame(this.identity)));
        return;
      }
    }
  }

  private use(informer: ResourceInformer): void {
    const use = this.uses.get(informer);
    if (use) use.count++;
    else this.uses.set(informer, { count: 1, remove: informer.listen(this.onEvent) });
  }

  private unuse(informer: ResourceInformer): void {
    const use = this.uses.get(informer);
    if (!use || --use.count > 0) return;
    this.uses.delete(informer);
    use.remove();
  }

  private send(text: string): boolean {
    return sendMetered(this.socket, text, this.services.ctx.config.limits.sendBufferBytes, this.meter);
  }

  private sendError(target: ErrorTarget, code: number, message: string): void {
    this.send(errorFrame(target, code, message));
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.recheckTimer);
    clearTimeout(this.soonTimer);
    this.offCustomTypes();
    for (const use of this.uses.values()) use.remove();
    this.uses.clear();
    for (const subscription of this.subscriptions.values()) this.services.ctx.metrics.subscriptionsChanged(subscription.key, -1);
    this.subscriptions.clear();
    this.latest.clear();
  }
}
