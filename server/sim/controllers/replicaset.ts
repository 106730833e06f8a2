/**
 * The ReplicaSet controller: keeps the pods a ReplicaSet controls (ownerReferences, controller true)
 * at `spec.replicas`, creating them from `spec.template` and deleting the surplus, and keeps its
 * status counts current.
 */
import type { StoredObject } from '../object.js';
import { ownerOf } from '../world/world.js';
import type { ControllerContext } from './context.js';
import { count, hasLabels, podReady, recordAt, replicasOf, stringMap, withoutZeros } from './fields.js';

function createPod(context: ControllerContext, rs: StoredObject): void {
  const template = recordAt(rs, 'spec', 'template');
  const meta = recordAt(template, 'metadata');
  const annotations = stringMap(meta.annotations);
  // The selector's labels too: the store does not reject a template that misses them, as the
  // apiserver would, and a pod outside its ReplicaSet's selector would be invisible to `-l` queries.
  const labels = { ...stringMap(meta.labels), ...stringMap(recordAt(rs, 'spec', 'selector').matchLabels) };
  const result = context.store.create(context.store.typeOf('Pod'), rs.metadata.namespace, {
    metadata: { generateName: `${rs.metadata.name}-`, labels, ...(Object.keys(annotations).length ? { annotations } : {}), ownerReferences: [ownerOf(rs)] },
    spec: recordAt(template, 'spec'),
  });
  if (!result.ok) console.warn(`replicaset ${rs.metadata.namespace}/${rs.metadata.name}: ${result.status.message}`);
}

/** Which pods go first when scaling down: not ready before ready (as Kubernetes ranks them), then newest. */
function deletionOrder(a: StoredObject, b: StoredObject): number {
  const readiness = Number(podReady(a)) - Number(podReady(b));
  if (readiness !== 0) return readiness;
  return b.metadata.creationTimestamp.localeCompare(a.metadata.creationTimestamp) || b.metadata.name.localeCompare(a.metadata.name);
}

function writeStatus(context: ControllerContext, rs: StoredObject): void {
  const pods = context.pods.owned(rs.metadata.uid);
  const templateLabels = stringMap(recordAt(rs, 'spec', 'template', 'metadata').labels);
  const ready = pods.filter(podReady).length;
  const status = {
    replicas: pods.length,
    ...withoutZeros({
      fullyLabeledReplicas: pods.filter((p) => hasLabels(p.metadata.labels, templateLabels)).length,
      readyReplicas: ready,
      // minReadySeconds is not emulated: a ready pod is available at once.
      availableReplicas: ready,
      observedGeneration: count(rs.metadata.generation),
    }),
  };
  // An unchanged status stores nothing: the store drops writes that change nothing.
  context.store.update(context.store.typeOf('ReplicaSet'), rs.metadata.namespace, rs.metadata.name, (current) => ({ ...current, status }));
}

/** Brings one ReplicaSet's pods and status in line with its spec. */
export function reconcileReplicaSet(context: ControllerContext, namespace: string, name: string): void {
  const rs = context.store.get(context.store.typeOf('ReplicaSet'), namespace, name);
  if (!rs) return;
  const pods = context.pods.owned(rs.metadata.uid);
  const wanted = replicasOf(rs);
  for (let i = pods.length; i < wanted; i++) createPod(context, rs);
  for (const extra of pods.sort(deletionOrder).slice(0, Math.max(0, pods.length - wanted))) {
    context.store.delete(context.store.typeOf('Pod'), namespace, extra.metadata.name);
  }
  writeStatus(context, rs);
}
