/**
 * A Deployment's status as the deployment controller computes it from its ReplicaSets: counts,
 * observedGeneration and the Available and Progressing conditions.
 */
import { kubeTime, type StoredObject } from '../object.js';
import { conditionOf, count, recordAt, replicasOf, withoutZeros } from './fields.js';

interface Condition {
  type: string;
  status: 'True' | 'False';
  reason: string;
  message: string;
}

/** Keeps the existing condition while it says the same thing, so an unchanged status stores nothing. */
function stamped(previous: Record<string, unknown> | undefined, wanted: Condition, now: string): Record<string, unknown> {
  const same = previous && previous.status === wanted.status;
  if (same && previous.reason === wanted.reason && previous.message === wanted.message) return previous;
  return { ...wanted, lastUpdateTime: now, lastTransitionTime: same && typeof previous.lastTransitionTime === 'string' ? previous.lastTransitionTime : now };
}

function available(availableCount: number, wanted: number): Condition {
  // One serving pod counts as available. Simpler than maxUnavailable, and the rule the pre-built
  // world follows, so a single crash-looping replica does not turn a whole deployment unavailable.
  return availableCount > 0 || wanted === 0
    ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
    : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' };
}

function progressing(deployment: StoredObject, current: StoredObject | undefined, rolledOut: boolean, availableCount: number): Condition {
  const name = current?.metadata.name ?? deployment.metadata.name;
  const done: Condition = { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${name}" has successfully progressed.` };
  // A finished rollout stays finished when pods later fail or the deployment is scaled, as in Kubernetes.
  const previous = conditionOf(deployment, 'Progressing');
  const wasDone = previous?.reason === done.reason && previous.message === done.message;
  if (rolledOut && (wasDone || availableCount >= replicasOf(deployment))) return done;
  return { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${name}" is progressing.` };
}

/** The status of `deployment` given all its ReplicaSets and the one matching its template. */
export function deploymentStatus(deployment: StoredObject, owned: readonly StoredObject[], current: StoredObject | undefined): Record<string, unknown> {
  const sum = (read: (rs: StoredObject) => number): number => owned.reduce((total, rs) => total + read(rs), 0);
  const statusCount = (field: string) => (rs: StoredObject) => count(recordAt(rs, 'status')[field]);
  const availableCount = sum(statusCount('availableReplicas'));
  const desired = sum(replicasOf);
  const old = owned.filter((rs) => rs.metadata.uid !== current?.metadata.uid);
  const rolledOut = current !== undefined && old.every((rs) => replicasOf(rs) === 0 && statusCount('replicas')(rs) === 0);
  const now = kubeTime(Date.now());
  const conditions = [available(availableCount, replicasOf(deployment)), progressing(deployment, current, rolledOut, availableCount)].map((c) => stamped(conditionOf(deployment, c.type), c, now));
  return {
    observedGeneration: count(deployment.metadata.generation),
    ...withoutZeros({
      replicas: sum(statusCount('replicas')),
      updatedReplicas: current ? statusCount('replicas')(current) : 0,
      readyReplicas: sum(statusCount('readyReplicas')),
      availableReplicas: availableCount,
      unavailableReplicas: Math.max(0, desired - availableCount),
    }),
    conditions,
  };
}
