/**
 * Realistic Pod objects: spec with containers, env and resources; status with phase, conditions,
 * container statuses (ids, images, restarts, running/waiting/terminated states), IPs and node.
 * The status half is separate so the emulated kubelet can build one for a pod a client stored.
 */
import { createHash } from 'node:crypto';
import { kubeTime, type OwnerReference } from '../object.js';

/** What a container status needs of a container: its name and image. */
export interface ContainerImage {
  name: string;
  image: string;
}

/** One container of a pod to build. */
export interface ContainerSpec extends ContainerImage {
  env?: Record<string, string>;
  ports?: number[];
}

/** How a pod looks at the moment it is stored. */
export type PodCondition = 'Running' | 'Pending' | 'Unschedulable' | 'CrashLoopBackOff' | 'Succeeded';

/** When a pod reached each stage, in epoch ms. */
export interface PodTimes {
  /** Bound to a node (the PodScheduled transition). */
  scheduled: number;
  /** Taken by the kubelet (`status.startTime`). */
  accepted: number;
  /** The last container started; containers start one after another, 500 ms apart. */
  started: number;
  /** The other conditions last changed. */
  settled: number;
}

/** Everything a pod status is built from. */
export interface PodStatusInput {
  name: string;
  namespace: string;
  containers: readonly ContainerImage[];
  initContainers?: readonly ContainerImage[];
  hostIP?: string;
  podIP?: string;
  state: PodCondition;
  restarts?: number;
  times: PodTimes;
}

/** Everything needed to build a pod. */
export interface PodSpecInput {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  containers: ContainerSpec[];
  initContainers?: ContainerSpec[];
  owner?: OwnerReference;
  nodeName?: string;
  podIP?: string;
  hostIP?: string;
  state: PodCondition;
  restarts?: number;
  /** Epoch ms the pod was created; containers start a few seconds later. */
  createdAt: number;
  uid?: string;
}

const START_GAP_MS = 500;

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function imageId(image: string): string {
  return `docker.io/library/${image}@sha256:${digest(image)}`;
}

/** The runtime id of one run of a container: a fresh one after every restart. */
export function containerId(namespace: string, pod: string, container: string, restarts: number): string {
  return `containerd://${digest(`${namespace}/${pod}/${container}/${restarts}`)}`;
}

/** The stages of a pod created at `createdAt` that has been up for a while (the world's pods). */
function settledTimes(createdAt: number, containers: number): PodTimes {
  return { scheduled: createdAt, accepted: createdAt + 1000, started: createdAt + 3000 + (containers - 1) * START_GAP_MS, settled: createdAt + 4000 };
}

/** The spec of one container as pods and pod templates carry it. */
export function containerSpec(c: ContainerSpec): Record<string, unknown> {
  return {
    name: c.name,
    image: c.image,
    imagePullPolicy: 'IfNotPresent',
    env: Object.entries(c.env ?? {}).map(([name, value]) => ({ name, value })),
    ...(c.ports?.length ? { ports: c.ports.map((p) => ({ containerPort: p, protocol: 'TCP' })) } : {}),
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  };
}

function containerStatus(c: ContainerImage, input: PodStatusInput, index: number, count: number): Record<string, unknown> {
  const { times } = input;
  const started = kubeTime(times.started - (count - 1 - index) * START_GAP_MS);
  const restarts = input.restarts ?? 0;
  if (input.state === 'Pending') {
    // A container being created has no id yet and its image is not resolved.
    return { name: c.name, image: c.image, imageID: '', restartCount: 0, ready: false, started: false, state: { waiting: { reason: 'ContainerCreating' } }, lastState: {} };
  }
  const base = { name: c.name, image: c.image, imageID: imageId(c.image), containerID: containerId(input.namespace, input.name, c.name, restarts), restartCount: restarts };
  const lastState = restarts > 0 ? { terminated: { exitCode: 1, reason: 'Error', startedAt: started, finishedAt: kubeTime(times.scheduled + 60_000) } } : {};
  switch (input.state) {
    case 'CrashLoopBackOff':
      return index === 0
        ? { ...base, ready: false, started: false, state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=${c.name} pod=${input.name}` } }, lastState }
        : { ...base, ready: true, started: true, state: { running: { startedAt: started } }, lastState: {} };
    case 'Succeeded':
      return { ...base, ready: false, started: false, state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: started, finishedAt: kubeTime(times.scheduled + 30_000) } }, lastState };
    default:
      return { ...base, ready: true, started: true, state: { running: { startedAt: started } }, lastState };
  }
}

function notReadyReason(input: PodStatusInput): Record<string, string> {
  if (input.state === 'CrashLoopBackOff') return { reason: 'ContainersNotReady', message: `containers with unready status: [${input.containers[0]?.name ?? ''}]` };
  if (input.state === 'Pending') return { reason: 'ContainersNotReady', message: `containers with unready status: [${input.containers.map((c) => c.name).join(' ')}]` };
  return {};
}

function conditions(input: PodStatusInput): Record<string, unknown>[] {
  const at = kubeTime(input.times.settled);
  const scheduled = kubeTime(input.times.scheduled);
  if (input.state === 'Unschedulable') {
    return [{ type: 'PodScheduled', status: 'False', lastTransitionTime: scheduled, reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.' }];
  }
  const ready = input.state === 'Running' ? 'True' : 'False';
  const reason = notReadyReason(input);
  return [
    { type: 'PodReadyToStartContainers', status: input.state === 'Pending' ? 'False' : 'True', lastTransitionTime: at },
    { type: 'Initialized', status: 'True', lastTransitionTime: at },
    { type: 'Ready', status: ready, lastTransitionTime: at, ...reason },
    { type: 'ContainersReady', status: ready, lastTransitionTime: at, ...reason },
    { type: 'PodScheduled', status: 'True', lastTransitionTime: scheduled },
  ];
}

function phase(state: PodCondition): string {
  if (state === 'CrashLoopBackOff') return 'Running';
  if (state === 'Unschedulable') return 'Pending';
  return state;
}

/** Builds a pod's `status` for the given state. */
export function buildPodStatus(input: PodStatusInput): Record<string, unknown> {
  const status: Record<string, unknown> = { phase: phase(input.state), conditions: conditions(input), qosClass: 'Burstable' };
  if (input.state === 'Unschedulable') return status;
  status.hostIP = input.hostIP;
  status.hostIPs = [{ ip: input.hostIP }];
  status.startTime = kubeTime(input.times.accepted);
  status.containerStatuses = input.containers.map((c, i) => containerStatus(c, input, i, input.containers.length));
  if (input.state !== 'Pending') {
    status.podIP = input.podIP;
    status.podIPs = [{ ip: input.podIP }];
  }
  const init = input.initContainers ?? [];
  if (init.length) {
    status.initContainerStatuses = init.map((c, i) => containerStatus(c, { ...input, state: 'Succeeded', restarts: 0 }, i, init.length));
  }
  return status;
}

/** Builds a Pod object (without resourceVersion; the store assigns it). */
export function buildPod(input: PodSpecInput): Record<string, unknown> {
  const scheduled = input.state !== 'Unschedulable';
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: input.name,
      namespace: input.namespace,
      labels: input.labels,
      creationTimestamp: kubeTime(input.createdAt),
      ...(input.uid ? { uid: input.uid } : {}),
      ...(input.owner ? { ownerReferences: [input.owner] } : {}),
    },
    spec: {
      containers: input.containers.map(containerSpec),
      ...(input.initContainers?.length ? { initContainers: input.initContainers.map(containerSpec) } : {}),
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      schedulerName: 'default-scheduler',
      ...(scheduled && input.nodeName ? { nodeName: input.nodeName } : {}),
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    },
    status: buildPodStatus({ ...input, times: settledTimes(input.createdAt, input.containers.length) }),
  };
}
