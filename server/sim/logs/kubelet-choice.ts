/**
 * Which container instance's log the kubelet serves, from the pod's container status
 * (validateContainerLogStatus in pkg/kubelet/kubelet_pods.go), and the instance timing that status
 * implies, so that a container nobody declared to the registry still has a log.
 */
import { goQuote } from './go-strconv.js';
import { statusOf, type ContainerStateLike, type PodLike } from './pod.js';
import type { ContainerState } from './registry.js';

/** The registry instance to read and the state to declare first, or the kubelet's error text. */
export type InstanceChoice =
  | { readonly ok: true; readonly instance: 'current' | 'previous'; readonly state: ContainerState | null }
  | { readonly ok: false; readonly message: string };

type Terminated = NonNullable<ContainerStateLike['terminated']>;

function ms(text: string | undefined): number | undefined {
  const value = text === undefined ? Number.NaN : Date.parse(text);
  return Number.isNaN(value) ? undefined : value;
}

function ended(t: Terminated, restartCount: number, now: number): ContainerState {
  const state: ContainerState = { startedAt: ms(t.startedAt) ?? now, restartCount, running: false };
  const finishedAt = ms(t.finishedAt);
  return { ...state, ...(finishedAt === undefined ? {} : { finishedAt }), ...(typeof t.exitCode === 'number' ? { exitCode: t.exitCode } : {}) };
}

/** A terminated state whose container the runtime still knows: kubelet refuses an empty container ID (an absent one, as in hand-written pods, passes). */
const known = (t: Terminated | undefined): t is Terminated => t !== undefined && t !== null && t.containerID !== '';

/** The timing of the registry's current instance as the status tells it; null when no instance ran. */
function currentState(state: ContainerStateLike | undefined, last: Terminated | undefined, restartCount: number, now: number): ContainerState | null {
  if (state?.running) return { startedAt: ms(state.running.startedAt) ?? now, restartCount, running: true };
  if (state?.terminated) return known(state.terminated) ? ended(state.terminated, restartCount, now) : null;
  // Waiting to restart: the registry's current instance is the one that last terminated.
  return known(last) ? ended(last, restartCount, now) : null;
}

/** Mirrors the kubelet's switch: previous, running, terminated, last termination, waiting. */
export function chooseInstance(pod: PodLike, container: string, previous: boolean, now: number): InstanceChoice {
  const where = `container ${goQuote(container)} in pod ${goQuote(pod.metadata.name)}`;
  const cs = statusOf(pod, container);
  if (!cs) return { ok: false, message: `${where} is not available` };
  const restartCount = typeof cs.restartCount === 'number' ? cs.restartCount : 0;
  const { running, terminated, waiting } = cs.state ?? {};
  const last = cs.lastState?.terminated;
  const state = currentState(cs.state, last, restartCount, now);
  const lastInstance = running || terminated ? 'previous' : 'current';
  const pick = (instance: 'current' | 'previous'): InstanceChoice => ({ ok: true, instance, state });
  if (previous) return known(last) ? pick(lastInstance) : { ok: false, message: `previous terminated ${where} not found` };
  if (running) return pick('current');
  if (terminated) {
    if (known(terminated)) return pick('current');
    return known(last) ? pick('previous') : { ok: false, message: `${where} is terminated` };
  }
  if (last) return known(last) ? pick('current') : { ok: false, message: `${where} is terminated` };
  if (waiting) {
    const reason = waiting.reason ?? '';
    if (reason === 'ErrImagePull') return { ok: false, message: `${where} is waiting to start: image can't be pulled` };
    if (reason === 'ImagePullBackOff') return { ok: false, message: `${where} is waiting to start: trying and failing to pull image` };
    return { ok: false, message: `${where} is waiting to start: ${reason}` };
  }
  return { ok: false, message: `${where} is waiting to start - no logs yet` };
}
