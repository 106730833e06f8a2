/** Pod objects for the watch stories, shaped like the emulator's (metadata, spec.nodeName, status). */
import type { Pod } from 'kubernetes-types/core/v1';

/** The cluster and namespace every story watches. */
export const STORY_CLUSTER = 'prod-us';
export const STORY_NAMESPACE = 'default';

const PHASES = ['Running', 'Running', 'Running', 'Pending', 'Succeeded', 'Failed'] as const;
/** A fixed creation time so that ages and screenshots do not depend on when the story runs. */
const CREATED = Date.parse('2026-01-01T00:00:00Z');

/** The pod with index `i`: a stable name and uid, a phase cycling through the usual ones. */
export function pod(name: string, i: number, phase: string = PHASES[i % PHASES.length] ?? 'Running'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: STORY_NAMESPACE,
      uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      resourceVersion: String(1000 + i),
      creationTimestamp: new Date(CREATED + i * 1000).toISOString(),
      labels: { app: name.replace(/-[^-]+$/, '') },
    },
    spec: { nodeName: `node-${i % 3}`, containers: [{ name: 'app', image: 'registry.example/app:1.0' }] },
    status: { phase, containerStatuses: [{ name: 'app', image: 'registry.example/app:1.0', imageID: '', ready: phase === 'Running', restartCount: i % 4, started: phase === 'Running' }] },
  };
}

/** `count` pods named `web-00000`, `web-00001`… */
export function pods(count: number): Pod[] {
  return Array.from({ length: count }, (_, i) => pod(`web-${String(i).padStart(5, '0')}`, i));
}

/** The small default world of the stories: the seed's my-pod plus a few neighbours. */
export const SMALL_WORLD: readonly Pod[] = [pod('my-pod', 0, 'Running'), pod('api-7d9f', 1, 'Running'), pod('worker-5c2b', 2, 'Pending'), pod('migrate-1a2b', 3, 'Failed')];
