/**
 * Status changes of a running pod as its kubelet reports them: a container restarting (straight
 * back to running, or into CrashLoopBackOff), failing its readiness probe, recovering; the pod's
 * Ready and ContainersReady conditions follow its containers.
 */
import { kubeTime, type StoredObject } from '../object.js';
import { containerId } from '../world/pod-factory.js';
import { count, recordAt, records } from './fields.js';

type ContainerChange = (status: Record<string, unknown>) => Record<string, unknown>;

function readiness(conditions: unknown, containers: Record<string, unknown>[], now: number): Record<string, unknown>[] {
  const unready = containers.filter((c) => c.ready !== true).map((c) => String(c.name));
  const status = unready.length ? 'False' : 'True';
  const reason = unready.length ? { reason: 'ContainersNotReady', message: `containers with unready status: [${unready.join(' ')}]` } : {};
  return records(conditions).map((c) => {
    if (c.type !== 'Ready' && c.type !== 'ContainersReady') return c;
    if (c.status === status && c.message === reason.message) return c;
    return { type: c.type, status, lastTransitionTime: c.status === status ? c.lastTransitionTime : kubeTime(now), ...reason };
  });
}

function changeContainer(pod: StoredObject, container: string, change: ContainerChange, now: number): StoredObject {
  const status = recordAt(pod, 'status');
  const containerStatuses = records(status.containerStatuses).map((c) => (c.name === container ? change(c) : c));
  return { ...pod, status: { ...status, containerStatuses, conditions: readiness(status.conditions, containerStatuses, now) } };
}

/** The pod after `container` exited and was restarted, now running again or backing off. */
export function restartContainer(pod: StoredObject, container: string, crashLoop: boolean, now: number): StoredObject {
  const at = kubeTime(now);
  return changeContainer(
    pod,
    container,
    (c) => {
      const restarts = count(c.restartCount) + 1;
      const terminated = crashLoop ? { exitCode: 1, reason: 'Error' } : { exitCode: 137, reason: 'OOMKilled' };
      return {
        ...c,
        restartCount: restarts,
        containerID: containerId(pod.metadata.namespace ?? 'default', pod.metadata.name, container, restarts),
        ready: !crashLoop,
        started: !crashLoop,
        lastState: { terminated: { ...terminated, startedAt: recordAt(c, 'state', 'running').startedAt, finishedAt: at, containerID: c.containerID } },
        state: crashLoop ? { waiting: { reason: 'CrashLoopBackOff', message: `back-off 10s restarting failed container=${container} pod=${pod.metadata.name}` } } : { running: { startedAt: at } },
      };
    },
    now,
  );
}

/** The pod with `container` failing its readiness probe (still running). */
export function failReadiness(pod: StoredObject, container: string, now: number): StoredObject {
  return changeContainer(pod, container, (c) => ({ ...c, ready: false }), now);
}

/** The pod with `container` running and ready again, after a back-off or a failed probe. */
export function recoverContainer(pod: StoredObject, container: string, now: number): StoredObject {
  return changeContainer(
    pod,
    container,
    (c) => (recordAt(c, 'state').running ? { ...c, ready: true } : { ...c, ready: true, started: true, state: { running: { startedAt: kubeTime(now) } } }),
    now,
  );
}
