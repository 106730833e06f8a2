/**
 * One watch socket: its subscriptions, their snapshots, and the live events of every informer it
 * reads, each sent once however many of its subscriptions match (the kit routes it to all of them).
 */
import type { RawData, WebSocket } from 'ws';
import { parseWatchClientMessage, watchKeyId, type WatchKey } from '../../../src/core/protocol.js';
import type { Identity } from '../../auth/roles.js';
import type { SocketMeter } from '../../metrics/gateway-metrics.js';
import { sendMetered } from '../../metrics/metered-send.js';
import type { GatewayContext } from '../context.js';
import type { CacheEvent } from './cache-event.js';
import { echoTarget, frameText } from './client-message.js';
import { errorFrame, syncedFrame, type ErrorTarget } from './frames.js';
import type { ResourceInformer } from './informer.js';
import type { InformerCache } from './informer-cache.js';
import { subscribeTarget } from './subscribe-target.js';
import { Subscription } from './subscription.js';
import { syncFailure } from './sync-failure.js';

/** What every watch connection shares. */
export interface WatchServices {
  readonly ctx: GatewayContext;
  readonly cache: InformerCache;
  /** The cached resource types this gateway serves. */
  readonly resources: readonly string[];
}

/** An informer this connection listens to, with the number of its subscriptions (pending ones too) that read it. */
interface InformerUse {
  count: number;
  remove(): void;
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

  constructor(
    private readonly socket: WebSocket,
    private readonly identity: Identity,
    private readonly services: WatchServices,
  ) {
    this.meter = services.ctx.metrics.meter('watch');
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
    const target = subscribeTarget(key, this.identity, ctx.clusters, resources);
    if (!target.ok) {
      this.forget(id, sequence);
      return this.sendError(key, target.error.code, target.error.message);
    }
    const { cluster, selector } = target.value;
    const admitted = await this.clusterAdmits(key, target.value.resources);
    if (this.closed || this.latest.get(id) !== sequence) return;
    if (!admitted.ok) {
      this.forget(id, sequence);
      return this.sendError(key, 403, admitted.reason);
    }
    let informers: ResourceInformer[];
    try {
      informers = admitted.resources.map((r) => cache.informer(cluster, r));
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
    for (const frame of subscription.snapshot(this.identity)) {
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
   * The types of `resources` the cluster lets this user list and watch in the key's namespace (all of
   * them on a service-account cluster, where the gateway's roles alone decide). A single type refused
   * refuses the subscribe; "*" keeps the types allowed, and is refused only when none is.
   */
  private async clusterAdmits(key: WatchKey, resources: readonly string[]): Promise<{ ok: true; resources: readonly string[] } | { ok: false; reason: string }> {
    const { ctx } = this.services;
    const cluster = ctx.clusters.get(key.cluster);
    if (!cluster || ctx.access.mode(key.cluster) === 'service-account') return { ok: true, resources };
    const answers = await Promise.all(
      resources.map(async (resource) => {
        const info = await ctx.catalog.resolve(cluster, resource).catch(() => undefined);
        const attrs = { group: info?.group ?? '', resource, namespace: info?.namespaced === false ? '' : key.namespace };
        const [list, watch] = await Promise.all([ctx.access.check(cluster, this.identity, { ...attrs, verb: 'list' }), ctx.access.check(cluster, this.identity, { ...attrs, verb: 'watch' })]);
        return list.ok ? watch : list;
      }),
    );
    const allowed = resources.filter((_, i) => answers[i]?.ok);
    if (allowed.length > 0 && (key.resource === '*' || allowed.length === resources.length)) return { ok: true, resources: allowed };
    const refusal = answers.find((a) => !a.ok);
    return { ok: false, reason: refusal && !refusal.ok ? refusal.reason : `no resource type may be listed in cluster "${key.cluster}"` };
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
    for (const use of this.uses.values()) use.remove();
    this.uses.clear();
    for (const subscription of this.subscriptions.values()) this.services.ctx.metrics.subscriptionsChanged(subscription.key, -1);
    this.subscriptions.clear();
    this.latest.clear();
  }
}
