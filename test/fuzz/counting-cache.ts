/**
 * The watch endpoint's informer cache with a count of the listeners its informers hold, so the
 * fuzzer can see a watch connection that forgot to stop listening (a leaked handler).
 */
import type { GatewayCluster } from '../../server/kube/clusters.ts';
import { InformerCache } from '../../server/ws/watch/index.ts';
import type { CacheListener, ResourceInformer } from '../../server/ws/watch/informer.ts';

/** An {@link InformerCache} that mirrors every informer's listener set. */
export class CountingInformerCache extends InformerCache {
  private readonly live = new Map<ResourceInformer, Set<CacheListener>>();

  override informer(cluster: GatewayCluster, resource: string): ResourceInformer {
    const informer = super.informer(cluster, resource);
    if (!this.live.has(informer)) this.instrument(informer);
    return informer;
  }

  /** Listeners currently attached to any informer. */
  listenerCount(): number {
    let n = 0;
    for (const set of this.live.values()) n += set.size;
    return n;
  }

  private instrument(informer: ResourceInformer): void {
    // Same semantics as the informer's own Set: one entry per listener function, removed once.
    const set = new Set<CacheListener>();
    this.live.set(informer, set);
    const listen = informer.listen.bind(informer);
    informer.listen = (listener: CacheListener): (() => void) => {
      set.add(listener);
      const remove = listen(listener);
      return () => {
        set.delete(listener);
        remove();
      };
    };
  }
}
