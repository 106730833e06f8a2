/** What a status means for its colour: healthy, on its way, broken, or neither. */
import type { Event, Node, Pod } from 'kubernetes-types/core/v1';
import type { Deployment } from 'kubernetes-types/apps/v1';

/** The colour class of a status (`demo-status--ok` and so on in styles.css). */
export type Tone = 'ok' | 'pending' | 'danger' | 'neutral';

/** A status text and its tone. */
export interface Status {
  text: string;
  tone: Tone;
}

const DANGER = /(BackOff|Err|Error|Failed|OOMKilled|Unschedulable|Evicted)/;

/** What `kubectl get pods` shows in STATUS. */
export function podStatus(pod: Pod): Status {
  if (pod.metadata?.deletionTimestamp) return { text: 'Terminating', tone: 'pending' };
  const statuses = pod.status?.containerStatuses ?? [];
  const waiting = statuses.find((c) => c.state?.waiting?.reason)?.state?.waiting?.reason;
  const terminated = statuses.find((c) => c.state?.terminated?.reason)?.state?.terminated?.reason;
  const unschedulable = pod.status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False')?.reason;
  const text = waiting ?? terminated ?? unschedulable ?? pod.status?.phase ?? 'Unknown';
  if (DANGER.test(text)) return { text, tone: 'danger' };
  if (text === 'Running' || text === 'Succeeded' || text === 'Completed') return { text, tone: 'ok' };
  return { text, tone: text === 'Unknown' ? 'neutral' : 'pending' };
}

/** "ready/total" containers of a pod. */
export function podReady(pod: Pod): string {
  const statuses = pod.status?.containerStatuses ?? [];
  const total = pod.spec?.containers.length ?? statuses.length;
  return `${statuses.filter((c) => c.ready).length}/${total}`;
}

/** Restarts over all containers. */
export function podRestarts(pod: Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((n, c) => n + c.restartCount, 0);
}

/** Ready replicas against desired ones. */
export function deploymentStatus(d: Deployment): Status {
  const want = d.spec?.replicas ?? 1;
  const ready = d.status?.readyReplicas ?? 0;
  return { text: `${ready}/${want}`, tone: ready >= want ? 'ok' : ready === 0 && want > 0 ? 'danger' : 'pending' };
}

/** The node's Ready condition. */
export function nodeStatus(node: Node): Status {
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status;
  const text = ready === 'True' ? 'Ready' : ready === 'False' ? 'NotReady' : 'Unknown';
  const cordoned = node.spec?.unschedulable ? ',SchedulingDisabled' : '';
  return { text: text + cordoned, tone: ready === 'True' ? (cordoned ? 'pending' : 'ok') : 'danger' };
}

/** Normal or Warning. */
export function eventStatus(event: Event): Status {
  const text = event.type ?? 'Normal';
  return { text, tone: text === 'Warning' ? 'danger' : 'neutral' };
}

/** When an event was last seen. */
export function eventTime(event: Event): string | undefined {
  return event.lastTimestamp ?? event.eventTime ?? event.metadata?.creationTimestamp;
}
