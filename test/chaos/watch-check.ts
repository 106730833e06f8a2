/**
 * The watch side of a chaos run: several overlapping WatchClient subscriptions, and their comparison
 * with the emulator's own store (read directly, never through the gateway): the uid and
 * resourceVersion of every object, nothing missing, nothing stale.
 */
import { DEFAULT_CACHED_RESOURCES } from '../../server/config.ts';
import { RESOURCE_TYPES, type ResourceType } from '../../server/sim/resources.ts';
import type { SimCluster } from '../../server/sim/cluster.ts';
import type { KubeVisionClient } from '../../src/core/client.ts';
import { parseLabelSelector } from '../../src/core/label-selector.ts';
import type { WatchKey } from '../../src/core/protocol.ts';
import type { WatchSnapshot } from '../../src/core/watch-subscription.ts';

/** The subscriptions every run holds: they overlap on purpose (one event, several stores). */
export function chaosWatchKeys(cluster: string, writerLabel: string): WatchKey[] {
  return [
    { cluster, namespace: 'shop', resource: 'pods' },
    { cluster, namespace: '', resource: 'pods' },
    { cluster, namespace: 'default', resource: '*' },
    // The writer moves its pods in and out of this selection by patching the label.
    { cluster, namespace: '', resource: 'pods', labelSelector: `${writerLabel}=in` },
    { cluster, namespace: '', resource: 'deployments' },
  ];
}

/** uid -> resourceVersion. */
type Versions = Map<string, string>;

/** How one subscription's store differs from the truth. */
export interface StoreDiff {
  readonly key: string;
  readonly missing: number;
  readonly stale: number;
  readonly outdated: number;
  /** True when the subscription is live and has completed a snapshot. */
  readonly synced: boolean;
}

function typeOf(resource: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((t) => t.plural === resource);
}

/** What the emulator holds for `key` right now. */
function truth(cluster: SimCluster, key: WatchKey): Versions {
  const resources = key.resource === '*' ? DEFAULT_CACHED_RESOURCES : [key.resource];
  const selector = key.labelSelector ? parseLabelSelector(key.labelSelector) : null;
  if (selector && !selector.ok) throw new Error(selector.error);
  const versions: Versions = new Map();
  for (const name of resources) {
    const t = typeOf(name);
    // A namespace-scoped subscription never carries cluster-scoped objects.
    if (!t || (key.namespace !== '' && !t.namespaced)) continue;
    for (const o of cluster.store.list(t, key.namespace === '' ? undefined : key.namespace)) {
      if (selector && !selector.value.matches(o.metadata.labels)) continue;
      versions.set(o.metadata.uid, o.metadata.resourceVersion);
    }
  }
  return versions;
}

function held(snapshot: WatchSnapshot | undefined): Versions {
  const versions: Versions = new Map();
  for (const o of snapshot?.items ?? []) versions.set(o.metadata?.uid ?? '?', o.metadata?.resourceVersion ?? '?');
  return versions;
}

/** The live subscriptions of one client, kept until `close`. */
export class WatchCheck {
  private readonly releases: (() => void)[];
  private touches = 0;

  constructor(
    private readonly client: KubeVisionClient,
    private readonly cluster: SimCluster,
    readonly keys: readonly WatchKey[],
    private readonly writerLabel: string,
  ) {
    const pods = cluster.store.typeOf('Pod');
    // A pod in every pod subscription (its namespace, all, the selection) that nothing else writes.
    cluster.store.create(pods, 'shop', {
      metadata: { name: 'chaos-probe', labels: { [writerLabel]: 'in' } },
      spec: { containers: [{ name: 'app', image: 'busybox:1.36' }] },
    });
    this.releases = keys.map((key) => client.watch.watch(key, () => undefined));
  }

  /**
   * Changes, in the emulator itself, an object of every subscription (a probe pod, the seed's pod, a
   * deployment), so that a store can only match the truth again through a working connection.
   */
  touch(): void {
    const { store } = this.cluster;
    const mark = String(++this.touches);
    const annotate = (kind: string, namespace: string, name: string): void => {
      store.update(store.typeOf(kind), namespace, name, (o) => ({ ...o, metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, 'chaos/touch': mark } } }));
    };
    annotate('Pod', 'shop', 'chaos-probe');
    annotate('Pod', 'default', 'my-pod');
    const deployment = store.list(store.typeOf('Deployment'), 'monitoring')[0];
    if (deployment) annotate('Deployment', 'monitoring', deployment.metadata.name);
  }

  /** Every subscription's difference from the emulator's store. */
  diff(): StoreDiff[] {
    return this.keys.map((key) => {
      const snapshot = this.client.watch.getSnapshot(key);
      const want = truth(this.cluster, key);
      const have = held(snapshot);
      let missing = 0;
      let outdated = 0;
      for (const [uid, rv] of want) {
        const mine = have.get(uid);
        if (mine === undefined) missing++;
        else if (mine !== rv) outdated++;
      }
      const stale = [...have.keys()].filter((uid) => !want.has(uid)).length;
      const synced = snapshot?.status.state === 'live' && snapshot.synced;
      return { key: describeKey(key), missing, stale, outdated, synced };
    });
  }

  /** Ends every subscription. */
  close(): void {
    for (const release of this.releases.splice(0)) release();
  }
}

/** True when a store matches the truth exactly and is live. */
export function converged(d: StoreDiff): boolean {
  return d.synced && d.missing === 0 && d.stale === 0 && d.outdated === 0;
}

/** `cluster/namespace/resource[?selector]`, for reports. */
export function describeKey(key: WatchKey): string {
  return `${key.cluster}/${key.namespace || '*ns'}/${key.resource}${key.labelSelector ? `?${key.labelSelector}` : ''}`;
}
