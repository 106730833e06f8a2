/**
 * Scheduler and kubelet in one: a pod stored without `spec.nodeName` is, after a delay, bound to a
 * worker node with its containers being created (Pending), and after another delay started (Running).
 * Each step is one store write made from a timer, never from inside a store listener.
 */
import type { StoredObject } from '../object.js';
import type { ClusterStore } from '../store.js';
import { buildPodStatus, type ContainerImage, type PodTimes } from '../world/pod-factory.js';
import type { Random } from '../world/random.js';
import { conditionOf, recordAt, records } from './fields.js';

const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';

type Step = 'bind' | 'start';

/** The kubelet's next write for `pod`, if it has one. */
function nextStep(pod: StoredObject): Step | undefined {
  if (pod.metadata.deletionTimestamp) return undefined;
  const spec = recordAt(pod, 'spec');
  if (typeof spec.nodeName !== 'string' || spec.nodeName === '') {
    // The pre-built world marks some pods unschedulable on purpose; leave that verdict standing.
    return conditionOf(pod, 'PodScheduled')?.status === 'False' ? undefined : 'bind';
  }
  const phase = recordAt(pod, 'status').phase;
  return phase === undefined || phase === 'Pending' ? 'start' : undefined;
}

function containers(value: unknown): ContainerImage[] {
  return records(value)
    .filter((c) => typeof c.name === 'string')
    .map((c) => ({ name: String(c.name), image: typeof c.image === 'string' ? c.image : '' }));
}

function internalIP(node: StoredObject | undefined): string | undefined {
  const address = records(recordAt(node, 'status').addresses).find((a) => a.type === 'InternalIP')?.address;
  return typeof address === 'string' ? address : undefined;
}

/** Binds and starts pods; one timer per pod waiting for its next step. */
export class Kubelet {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly store: ClusterStore,
    private readonly delayMs: number,
    private readonly random: Random,
  ) {}

  /** Follows a pod change: arms the pod's timer when it has a next step. Never writes. */
  observe(pod: StoredObject, deleted: boolean): void {
    const { uid, name, namespace } = pod.metadata;
    if (deleted) {
      clearTimeout(this.timers.get(uid));
      this.timers.delete(uid);
      return;
    }
    if (this.timers.has(uid) || !nextStep(pod)) return;
    const timer = setTimeout(() => {
      this.timers.delete(uid);
      this.advance(namespace, name, uid);
    }, this.delayMs);
    this.timers.set(uid, timer);
  }

  /** Cancels every pending step. */
  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private advance(namespace: string | undefined, name: string, uid: string): void {
    const pod = this.store.get(this.store.typeOf('Pod'), namespace, name);
    if (pod?.metadata.uid !== uid) return;
    const step = nextStep(pod);
    if (step === 'bind') this.bind(pod);
    else if (step === 'start') this.start(pod);
  }

  private bind(pod: StoredObject): void {
    const nodes = this.store.list(this.store.typeOf('Node'));
    const workers = nodes.filter((n) => n.metadata.labels?.[CONTROL_PLANE_LABEL] === undefined);
    const candidates = workers.length > 0 ? workers : nodes;
    // With no node at all there is nothing to bind to; the pod stays Pending as in a real cluster.
    if (candidates.length === 0) return;
    const node = this.random.pick(candidates);
    const now = Date.now();
    this.write(pod, 'Pending', { nodeName: node.metadata.name, hostIP: internalIP(node), times: { scheduled: now, accepted: now, started: now, settled: now } });
  }

  private start(pod: StoredObject): void {
    const nodeName = String(recordAt(pod, 'spec').nodeName);
    const node = this.store.get(this.store.typeOf('Node'), undefined, nodeName);
    const status = recordAt(pod, 'status');
    const now = Date.now();
    const bound = Date.parse(String(status.startTime));
    const scheduled = Number.isNaN(bound) ? now : bound;
    const hostIP = typeof status.hostIP === 'string' ? status.hostIP : internalIP(node);
    this.write(pod, 'Running', { hostIP, podIP: this.podIP(node), times: { scheduled, accepted: scheduled, started: now, settled: now } });
  }

  /** An address in the node's pod CIDR (a /24 in the emulated world). */
  private podIP(node: StoredObject | undefined): string {
    const cidr = recordAt(node, 'spec').podCIDR;
    const prefix = typeof cidr === 'string' ? /^(\d+\.\d+\.\d+)\./.exec(cidr)?.[1] : undefined;
    return `${prefix ?? '10.244.0'}.${this.random.int(2, 254)}`;
  }

  /** Stores the pod in `state`, bound to `nodeName` when given. */
  private write(pod: StoredObject, state: 'Pending' | 'Running', facts: { nodeName?: string; hostIP?: string; podIP?: string; times: PodTimes }): void {
    const { nodeName, ...known } = facts;
    const spec: Record<string, unknown> = { ...recordAt(pod, 'spec'), ...(nodeName ? { nodeName } : {}) };
    const status = buildPodStatus({
      name: pod.metadata.name,
      namespace: pod.metadata.namespace ?? 'default',
      containers: containers(spec.containers),
      initContainers: containers(spec.initContainers),
      ...known,
      state,
    });
    this.store.replace(this.store.typeOf('Pod'), pod.metadata.namespace, pod.metadata.name, { ...pod, spec, status });
  }
}
