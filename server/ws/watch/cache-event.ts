/** One change of a cached resource type, as the informer hands it to every connection. */
import type { KubeObject, WatchEventType } from '../../../src/core/protocol.js';
import type { Identity } from '../../auth/roles.js';
import { addedFrame, audienceOf, eventFrame, type Audience } from './frames.js';

/** Labels of an object, as label selectors see them. */
export type Labels = Readonly<Record<string, string>> | undefined;

/** A change, with the object's labels before it so a selector the object just left still sees it. */
export class CacheEvent {
  private readonly frames: Partial<Record<Audience, string>> = {};

  constructor(
    readonly type: WatchEventType,
    readonly cluster: string,
    readonly resource: string,
    readonly object: KubeObject,
    /** Labels before a MODIFIED (undefined: it had none); null for ADDED and DELETED. */
    readonly previousLabels: Labels | null,
  ) {}

  /** The object's namespace; "" for cluster-scoped objects. */
  get namespace(): string {
    return this.object.metadata?.namespace ?? '';
  }

  /** The frame for a user, serialised on first use and shared by every connection of its audience afterwards. */
  frame(identity: Identity): string {
    // An ADDED frame is also what later snapshots send for this object: build it through their cache.
    if (this.type === 'ADDED') return addedFrame(this.cluster, this.resource, this.object, identity);
    return (this.frames[audienceOf(this.resource, identity)] ??= eventFrame(this.type, this.cluster, this.resource, this.object, identity));
  }
}
