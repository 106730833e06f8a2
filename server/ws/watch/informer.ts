/**
 * One informer: the list + watch of one resource type in one cluster (all namespaces), shared by every
 * subscription to it. Started by its first listener, stopped after a delay without any; client-node
 * relists on 410 by itself, and every other error restarts it here after a backoff delay.
 */
import { ListWatch, type ListPromise } from '@kubernetes/client-node';
import type { FastifyBaseLogger } from 'fastify';
import { backoffDelay } from '../../../src/core/backoff.js';
import type { KubeObject, WatchEventType } from '../../../src/core/protocol.js';
import type { GatewayCluster } from '../../kube/clusters.js';
import type { InformerMetrics } from '../../metrics/gateway-metrics.js';
import { meteredList, MeteredWatch } from '../../metrics/informer-meter.js';
import { CacheEvent, type Labels } from './cache-event.js';
import { GuardedWatch, type WatchDeadline } from './guarded-watch.js';
import { listFunction, type CachedObject } from './list-objects.js';
import { collectionPath } from './resource-types.js';
import { upstreamStatus } from './sync-failure.js';

/** Receives every change of an informer's cache. */
export type CacheListener = (event: CacheEvent) => void;

/** Settings of a {@link ResourceInformer}. */
export interface ResourceInformerOptions {
  /** How long the informer keeps running without listeners, so a page reload does not relist. */
  idleStopMs: number;
  log: FastifyBaseLogger;
  /** When a silent watch connection is given up; default client-go's (5-10 minutes and 30 s). */
  watchDeadline?: WatchDeadline;
  /** Where relists and 410s are counted; none: not counted. */
  metrics?: InformerMetrics;
  /** The collection listed and watched; default the built-in type's path (resource-types.ts). Custom resources name theirs. */
  path?: string;
}

interface SyncWaiter {
  resolve(): void;
  reject(error: unknown): void;
}

/** The cache of one resource type in one cluster. */
export class ResourceInformer {
  private informer: ListWatch<CachedObject> | null = null;
  private readonly listeners = new Set<CacheListener>();
  /** Labels of every cached object by namespace/name: client-node reports an update after replacing the object. */
  private readonly labels = new Map<string, Labels>();
  private synced = false;
  /** Set while list/watch is failing (until a restart succeeds), with the HTTP status when there was one. */
  private failure: { status: number | undefined } | null = null;
  /** Why the last attempt to list failed, while the cache has never been complete. */
  private listError: unknown = null;
  private waiters: SyncWaiter[] = [];
  private attempt = 0;
  /** Bumped on every start and stop, so callbacks of a stopped run are ignored. */
  private run = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly cluster: GatewayCluster,
    readonly resource: string,
    private readonly options: ResourceInformerOptions,
  ) {}

  /** The collection path it lists and watches. */
  get path(): string {
    return this.options.path ?? collectionPath(this.resource);
  }

  /** True between the first listener and the idle (or shutdown) stop. */
  get running(): boolean {
    return this.informer !== null;
  }

  /** True when the cache is complete and kept current: it has synced and list/watch is not failing. */
  get ready(): boolean {
    return this.synced && this.failure === null;
  }

  /** While list/watch is failing: the HTTP status of the failure (undefined without one); otherwise null. */
  get failing(): { status: number | undefined } | null {
    return this.failure;
  }

  /** Adds a listener, starting the informer if needed; returns its remover, which arms the idle stop after the last one. */
  listen(listener: CacheListener): () => void {
    this.listeners.add(listener);
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    if (!this.informer) this.start();
    return () => {
      if (!this.listeners.delete(listener) || this.listeners.size > 0 || !this.informer) return;
      this.idleTimer = setTimeout(() => this.stop(), this.options.idleStopMs);
      this.idleTimer.unref();
    };
  }

  /**
   * Resolves once the cache has held a complete list; rejects with the listing error when the last
   * attempt failed (the informer keeps retrying in the background).
   */
  whenSynced(): Promise<void> {
    if (this.synced) return Promise.resolve();
    if (!this.informer) return Promise.reject(new Error(`the ${this.resource} informer of ${this.cluster.name} is stopped`));
    if (this.listError !== null) return Promise.reject(this.listError);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** The cached objects of one namespace, or of all for "". */
  list(namespace: string): readonly KubeObject[] {
    return this.informer?.list(namespace === '' ? undefined : namespace) ?? [];
  }

  /** Stops list + watch and drops the cache. */
  stop(): void {
    this.run++;
    clearTimeout(this.retryTimer);
    clearTimeout(this.idleTimer);
    this.retryTimer = this.idleTimer = undefined;
    const informer = this.informer;
    this.informer = null;
    this.synced = false;
    this.listError = null;
    this.failure = null;
    this.attempt = 0;
    this.labels.clear();
    this.settle({ ok: false, error: new Error(`the ${this.resource} informer of ${this.cluster.name} was stopped`) });
    void informer?.stop();
  }

  private start(): void {
    const run = ++this.run;
    const path = this.options.path ?? collectionPath(this.resource);
    // makeInformer with a watch whose failures cannot escape as unhandled rejections.
    const informer = new ListWatch<CachedObject>(path, ...this.listWatchParts(path), false);
    const on = (type: WatchEventType) => (object: CachedObject) => {
      if (run === this.run) this.changed(type, object);
    };
    informer.on('add', on('ADDED'));
    informer.on('update', on('MODIFIED'));
    informer.on('delete', on('DELETED'));
    // Stopping aborts the watch request, which client-node reports as an error too: only the current run counts.
    informer.on('error', (error: unknown) => {
      if (run === this.run) this.failed(run, error);
    });
    this.informer = informer;
    this.connect(run);
  }

  /** The watch and list function of a new run, counting relists and 410s when there are metrics. */
  private listWatchParts(path: string): [GuardedWatch, ListPromise<CachedObject>] {
    const { kubeConfig } = this.cluster;
    const list = listFunction(this.cluster, path);
    const meter = this.options.metrics?.informer(this.cluster.name, this.resource);
    if (!meter) return [new GuardedWatch(kubeConfig, this.options.watchDeadline), list];
    return [new MeteredWatch(kubeConfig, this.options.watchDeadline, meter), meteredList(list, meter)];
  }

  private connect(run: number): void {
    const informer = this.informer;
    if (!informer) return;
    // start() resolves once the list is cached and the watch request is answered, or after reporting an error.
    informer.start().then(
      () => {
        // A stop during the list does not prevent client-node from opening the watch afterwards: close it.
        if (run !== this.run) return void informer.stop();
        if (this.retryTimer !== undefined) return; // this attempt failed and a retry is scheduled
        this.attempt = 0;
        this.listError = null;
        this.failure = null;
        if (!this.synced) {
          this.synced = true;
          this.settle({ ok: true });
        }
      },
      (error: unknown) => {
        if (run === this.run) this.failed(run, error);
      },
    );
  }

  private failed(run: number, reason: unknown): void {
    if (this.retryTimer !== undefined) return;
    const error = reason ?? new Error('unknown list/watch error');
    const delay = backoffDelay(this.attempt++);
    this.failure = { status: upstreamStatus(error) };
    this.options.log.warn(
      { cluster: this.cluster.name, resource: this.resource, err: error, retryInMs: delay },
      'watch cache: list/watch failed; restarting after a delay',
    );
    if (!this.synced) {
      this.listError = error;
      this.settle({ ok: false, error });
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (run === this.run) this.connect(run);
    }, delay);
    this.retryTimer.unref();
  }

  private settle(outcome: { ok: true } | { ok: false; error: unknown }): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) {
      if (outcome.ok) w.resolve();
      else w.reject(outcome.error);
    }
  }

  private changed(type: WatchEventType, object: CachedObject): void {
    const id = `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
    const previousLabels = type === 'MODIFIED' ? this.labels.get(id) : null;
    if (type === 'DELETED') this.labels.delete(id);
    else this.labels.set(id, object.metadata?.labels);
    const event = new CacheEvent(type, this.cluster.name, this.resource, object, previousLabels);
    for (const listener of this.listeners) {
      // One failing connection must not keep the event from the others, nor break client-node's callback loop.
      try {
        listener(event);
      } catch (error) {
        this.options.log.error({ err: error, cluster: this.cluster.name, resource: this.resource }, 'watch cache: a listener failed');
      }
    }
  }
}
