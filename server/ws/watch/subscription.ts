/** One registered subscription of a connection: what it selects, live and in its snapshot. */
import type { LabelSelector } from '../../../src/core/label-selector.js';
import type { WatchKey } from '../../../src/core/protocol.js';
import type { Identity } from '../../auth/roles.js';
import type { CacheEvent } from './cache-event.js';
import { addedFrame, eventFrame } from './frames.js';
import type { ResourceInformer } from './informer.js';

/** A subscription whose informers have synced. */
export class Subscription {
  private reading: ResourceInformer[];

  constructor(
    readonly key: Readonly<WatchKey>,
    private readonly selector: LabelSelector,
    informers: readonly ResourceInformer[],
  ) {
    this.reading = [...informers];
  }

  /** The informers it reads: one, or every cached type that synced for `resource: "*"` (custom types join and leave it). */
  get informers(): readonly ResourceInformer[] {
    return this.reading;
  }

  /** Reads `informer` too: a custom type that appeared while a "*" subscription was open. */
  adopt(informer: ResourceInformer): void {
    if (!this.reading.includes(informer)) this.reading.push(informer);
  }

  /** Stops reading `informer`: its custom type went away. */
  release(informer: ResourceInformer): void {
    this.reading = this.reading.filter((i) => i !== informer);
  }

  /**
   * True when a live event concerns this subscription: same cluster, type and namespace, and the
   * object is selected now or was before a MODIFIED (the kit must see it leave the selection).
   */
  wants(event: CacheEvent): boolean {
    const { key } = this;
    if (event.cluster !== key.cluster) return false;
    if (key.resource !== '*' && key.resource !== event.resource) return false;
    if (key.namespace !== '' && key.namespace !== event.namespace) return false;
    if (this.selector.matches(event.object.metadata?.labels)) return true;
    return event.previousLabels !== null && this.selector.matches(event.previousLabels);
  }

  /** The ADDED frames of every cached object it selects that `sees` lets through, as `identity` may see them. */
  *snapshot(identity: Identity, sees: (resource: string, namespace: string) => boolean): Generator<string> {
    for (const informer of this.reading) yield* this.framesOf(informer, identity, 'ADDED', sees);
  }

  /** ADDED (its type joining) or DELETED (its type leaving) frames of what it selects in one informer. */
  *framesOf(informer: ResourceInformer, identity: Identity, type: 'ADDED' | 'DELETED', sees: (resource: string, namespace: string) => boolean): Generator<string> {
    for (const object of informer.list(this.key.namespace)) {
      if (!sees(informer.resource, object.metadata?.namespace ?? '') || !this.selector.matches(object.metadata?.labels)) continue;
      yield type === 'ADDED' ? addedFrame(this.key.cluster, informer.resource, object, identity) : eventFrame(type, this.key.cluster, informer.resource, object, identity);
    }
  }
}
