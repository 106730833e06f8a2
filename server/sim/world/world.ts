/**
 * The default world of each emulated cluster, deterministic from a seed: namespaces, nodes,
 * deployments with their replicasets and pods, services, configmaps, secrets and events, including
 * the seed document's `default/my-pod` (container `app`), app + sidecar pods, an init container,
 * a crash-looping pod, an unschedulable one and a completed job. `extraPods` scales it for benchmarks.
 */
import { kubeTime, type OwnerReference, type StoredObject } from '../object.js';
import type { ClusterStore } from '../store.js';
import { buildPod, containerSpec, type ContainerSpec, type PodCondition } from './pod-factory.js';
import { podSuffix, seededRandom, templateHash, type Random } from './random.js';

/** What to build. */
export interface WorldOptions {
  seed: number;
  /** Number of worker nodes. */
  nodes: number;
  /** Region used in node names and labels, such as `us-west-2`. */
  region: string;
  /** Extra pods in namespace `load` (for example 10,000 for benchmarks). */
  extraPods: number;
  /** "Now" for ages and timestamps. */
  now: number;
}

interface AppSpec {
  namespace: string;
  name: string;
  replicas: number;
  containers: ContainerSpec[];
  initContainers?: ContainerSpec[];
  port: number;
  /** The state of the first pod, for variety (crash loops, pending). */
  firstPod?: PodCondition;
}

const APPS: AppSpec[] = [
  { namespace: 'default', name: 'web', replicas: 2, port: 8080, containers: [{ name: 'app', image: 'nginx:1.27', ports: [8080] }, { name: 'sidecar', image: 'envoyproxy/envoy:v1.31', ports: [9901] }] },
  {
    namespace: 'default',
    name: 'api',
    replicas: 2,
    port: 3000,
    containers: [{ name: 'api', image: 'node:20-alpine', env: { NODE_ENV: 'production', PORT: '3000' }, ports: [3000] }],
    initContainers: [{ name: 'migrate', image: 'node:20-alpine' }],
  },
  { namespace: 'shop', name: 'frontend', replicas: 3, port: 80, containers: [{ name: 'frontend', image: 'nginx:1.27', ports: [80] }] },
  { namespace: 'shop', name: 'cart', replicas: 2, port: 6379, containers: [{ name: 'cart', image: 'redis:7.4', ports: [6379] }] },
  {
    namespace: 'shop',
    name: 'checkout',
    replicas: 2,
    port: 5050,
    firstPod: 'CrashLoopBackOff',
    containers: [{ name: 'checkout', image: 'golang:1.23', env: { PAYMENT_URL: 'http://payments:7000' }, ports: [5050] }, { name: 'istio-proxy', image: 'istio/proxyv2:1.23' }],
  },
  { namespace: 'shop', name: 'payments', replicas: 2, port: 7000, firstPod: 'Unschedulable', containers: [{ name: 'payments', image: 'python:3.12-slim', ports: [7000] }] },
  { namespace: 'monitoring', name: 'prometheus', replicas: 1, port: 9090, containers: [{ name: 'prometheus', image: 'prom/prometheus:v2.54', ports: [9090] }, { name: 'config-reloader', image: 'quay.io/prometheus-operator/prometheus-config-reloader:v0.76' }] },
  { namespace: 'monitoring', name: 'grafana', replicas: 1, port: 3000, containers: [{ name: 'grafana', image: 'grafana/grafana:11.2', ports: [3000] }] },
  { namespace: 'kube-system', name: 'coredns', replicas: 2, port: 53, containers: [{ name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.11.3', ports: [53] }] },
  { namespace: 'kube-system', name: 'metrics-server', replicas: 1, port: 4443, containers: [{ name: 'metrics-server', image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2', ports: [4443] }] },
];

const NAMESPACES = ['default', 'kube-system', 'kube-public', 'shop', 'monitoring'];

/** Builds the world into an empty store. */
export class WorldBuilder {
  private readonly random: Random;
  private readonly nodes: { name: string; ip: string }[] = [];

  constructor(
    private readonly store: ClusterStore,
    private readonly options: WorldOptions,
  ) {
    this.random = seededRandom(options.seed);
  }

  /** Creates everything; throws if the store refuses an object (a bug in the world, not user input). */
  build(): void {
    const { now } = this.options;
    for (const ns of [...NAMESPACES, ...(this.options.extraPods > 0 ? ['load'] : [])]) this.namespace(ns);
    this.node('control-plane', true);
    for (let i = 1; i <= this.options.nodes; i++) this.node(`worker-${i}`, false);
    this.service('default', 'kubernetes', 443, { component: 'apiserver', provider: 'kubernetes' });
    for (const app of APPS) this.app(app);
    this.myPod();
    this.job();
    let remaining = this.options.extraPods;
    for (let i = 0; remaining > 0; i++) {
      const replicas = Math.min(remaining, 500);
      this.app({ namespace: 'load', name: `bulk-${i}`, replicas, port: 8080, containers: [{ name: 'app', image: 'nginx:1.27' }] });
      remaining -= replicas;
    }
    this.create('Secret', 'default', { metadata: { name: 'db-credentials' }, type: 'Opaque', data: { username: Buffer.from('app').toString('base64'), password: Buffer.from(this.random.hex(16)).toString('base64') } });
    this.create('ConfigMap', 'shop', { metadata: { name: 'frontend-config' }, data: { 'nginx.conf': 'server {\n  listen 80;\n  location / { proxy_pass http://cart:6379; }\n}\n', LOG_LEVEL: 'info' } });
    this.create('ConfigMap', 'monitoring', { metadata: { name: 'prometheus-config' }, data: { 'prometheus.yml': 'global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: kubernetes-pods\n' } });
    this.event('shop', 'Pod', this.firstPodName('shop', 'checkout'), 'Warning', 'BackOff', 'Back-off restarting failed container checkout', now - 30_000);
    this.event('shop', 'Pod', this.firstPodName('shop', 'payments'), 'Warning', 'FailedScheduling', '0/3 nodes are available: 3 Insufficient memory.', now - 120_000);
  }

  private create(kind: string, namespace: string | undefined, body: Record<string, unknown>): StoredObject {
    const meta = (body.metadata ?? {}) as Record<string, unknown>;
    const full = {
      ...body,
      metadata: { uid: this.random.uuid(), creationTimestamp: kubeTime(this.options.now - this.random.int(3600, 40 * 86400) * 1000), ...meta },
    };
    const result = this.store.create(this.store.typeOf(kind), namespace, full);
    if (!result.ok) throw new Error(`world: ${result.status.message}`);
    return result.object;
  }

  private namespace(name: string): void {
    this.create('Namespace', undefined, { metadata: { name, labels: { 'kubernetes.io/metadata.name': name } } });
    this.create('ServiceAccount', name, { metadata: { name: 'default' } });
    this.create('ConfigMap', name, { metadata: { name: 'kube-root-ca.crt' }, data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\nMIIC/jCCAeagAwIBAgIBADANBgkqhkiG9w0BAQsFADAVMRMwEQYDVQQDEwprdWJl\n-----END CERTIFICATE-----\n' } });
  }

  private node(suffix: string, controlPlane: boolean): void {
    const index = this.nodes.length;
    const ip = `10.0.${index}.${this.random.int(10, 250)}`;
    const name = `${this.options.region}-${suffix}`;
    this.nodes.push({ name, ip });
    const labels: Record<string, string> = {
      'kubernetes.io/hostname': name,
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'topology.kubernetes.io/region': this.options.region,
      'node.kubernetes.io/instance-type': controlPlane ? 'm6i.large' : 'm6i.xlarge',
      ...(controlPlane ? { 'node-role.kubernetes.io/control-plane': '' } : {}),
    };
    const at = kubeTime(this.options.now - 40 * 86400_000);
    this.create('Node', undefined, {
      metadata: { name, labels },
      spec: { podCIDR: `10.244.${index}.0/24`, ...(controlPlane ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {}) },
      status: {
        capacity: { cpu: controlPlane ? '2' : '4', memory: controlPlane ? '8010196Ki' : '16108756Ki', pods: '110' },
        allocatable: { cpu: controlPlane ? '1930m' : '3920m', memory: controlPlane ? '7290196Ki' : '15388756Ki', pods: '110' },
        conditions: [
          { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', lastHeartbeatTime: at, lastTransitionTime: at },
          { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', lastHeartbeatTime: at, lastTransitionTime: at },
          { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', lastHeartbeatTime: at, lastTransitionTime: at },
          { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: at, lastTransitionTime: at },
        ],
        addresses: [
          { type: 'InternalIP', address: ip },
          { type: 'Hostname', address: name },
        ],
        nodeInfo: { kubeletVersion: 'v1.33.0', kubeProxyVersion: 'v1.33.0', containerRuntimeVersion: 'containerd://1.7.22', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0-25-amd64', operatingSystem: 'linux', architecture: 'amd64' },
      },
    });
  }

  private workerNode(): { name: string; ip: string } {
    const workers = this.nodes.slice(1);
    return this.random.pick(workers.length > 0 ? workers : this.nodes);
  }

  private service(namespace: string, name: string, port: number, selector: Record<string, string>): void {
    this.create('Service', namespace, {
      metadata: { name, labels: name === 'kubernetes' ? selector : { app: name } },
      spec: { type: 'ClusterIP', clusterIP: `10.96.${this.random.int(0, 255)}.${this.random.int(1, 254)}`, ports: [{ name: 'http', port, targetPort: port, protocol: 'TCP' }], ...(name === 'kubernetes' ? {} : { selector }), sessionAffinity: 'None' },
      status: { loadBalancer: {} },
    });
  }

  private pod(input: { namespace: string; name: string; labels: Record<string, string>; containers: ContainerSpec[]; initContainers?: ContainerSpec[]; owner?: OwnerReference; state: PodCondition; restarts?: number }): void {
    const node = this.workerNode();
    const createdAt = this.options.now - this.random.int(600, 20 * 86400) * 1000;
    this.create(
      'Pod',
      input.namespace,
      buildPod({ ...input, nodeName: node.name, hostIP: node.ip, podIP: `10.244.${this.random.int(0, 3)}.${this.random.int(2, 254)}`, createdAt, uid: this.random.uuid() }),
    );
  }

  private app(app: AppSpec): void {
    const { now } = this.options;
    const selector = { app: app.name };
    const templateSpec = {
      containers: app.containers.map(containerSpec),
      ...(app.initContainers ? { initContainers: app.initContainers.map(containerSpec) } : {}),
      restartPolicy: 'Always',
    };
    const template = { metadata: { labels: selector }, spec: templateSpec };
    const created = now - this.random.int(2, 30) * 86400_000;
    const deployment = this.create('Deployment', app.namespace, {
      metadata: { name: app.name, labels: selector, annotations: { 'deployment.kubernetes.io/revision': '1' }, creationTimestamp: kubeTime(created) },
      spec: { replicas: app.replicas, selector: { matchLabels: selector }, template, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 },
    });
    const hash = templateHash(this.random);
    const rsName = `${app.name}-${hash}`;
    const healthy = app.replicas - (app.firstPod ? 1 : 0);
    const replicaSet = this.create('ReplicaSet', app.namespace, {
      metadata: { name: rsName, labels: { ...selector, 'pod-template-hash': hash }, creationTimestamp: kubeTime(created), ownerReferences: [ownerOf(deployment)] },
      spec: {
        replicas: app.replicas,
        selector: { matchLabels: { ...selector, 'pod-template-hash': hash } },
        template: { metadata: { labels: { ...selector, 'pod-template-hash': hash } }, spec: templateSpec },
      },
      status: { replicas: app.replicas, fullyLabeledReplicas: app.replicas, readyReplicas: healthy, availableReplicas: healthy, observedGeneration: 1 },
    });
    for (let i = 0; i < app.replicas; i++) {
      const state = i === 0 && app.firstPod ? app.firstPod : 'Running';
      this.pod({
        namespace: app.namespace,
        name: this.uniquePodName(app.namespace, rsName),
        labels: { ...selector, 'pod-template-hash': hash },
        containers: app.containers,
        ...(app.initContainers ? { initContainers: app.initContainers } : {}),
        owner: ownerOf(replicaSet),
        state,
        restarts: state === 'CrashLoopBackOff' ? this.random.int(5, 40) : this.random.int(0, 1) * this.random.int(0, 3),
      });
    }
    this.store.update(this.store.typeOf('Deployment'), app.namespace, app.name, (o) => ({
      ...o,
      status: {
        observedGeneration: 1,
        replicas: app.replicas,
        updatedReplicas: app.replicas,
        readyReplicas: healthy,
        availableReplicas: healthy,
        ...(healthy < app.replicas ? { unavailableReplicas: app.replicas - healthy } : {}),
        conditions: [
          { type: 'Available', status: healthy > 0 ? 'True' : 'False', reason: healthy > 0 ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable', message: healthy > 0 ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.' },
          { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rsName}" has successfully progressed.` },
        ],
      },
    }));
    this.service(app.namespace, app.name, app.port, selector);
  }

  /** `<owner>-<5 chars>`, drawn again on the rare collision inside a large ReplicaSet. */
  private uniquePodName(namespace: string, owner: string): string {
    for (;;) {
      const name = `${owner}-${podSuffix(this.random)}`;
      if (!this.store.get(this.store.typeOf('Pod'), namespace, name)) return name;
    }
  }

  private myPod(): void {
    this.pod({ namespace: 'default', name: 'my-pod', labels: { app: 'my-pod' }, containers: [{ name: 'app', image: 'busybox:1.36', env: { GREETING: 'hello from my-pod' } }], state: 'Running' });
  }

  private job(): void {
    const job = this.create('Job', 'default', {
      metadata: { name: 'db-backup-28900000', labels: { 'job-name': 'db-backup-28900000' } },
      spec: { completions: 1, parallelism: 1, backoffLimit: 6, template: { spec: { containers: [{ name: 'backup', image: 'postgres:16' }], restartPolicy: 'OnFailure' } } },
      status: { succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] },
    });
    this.pod({ namespace: 'default', name: `db-backup-28900000-${podSuffix(this.random)}`, labels: { 'job-name': 'db-backup-28900000' }, containers: [{ name: 'backup', image: 'postgres:16' }], owner: ownerOf(job), state: 'Succeeded' });
  }

  private firstPodName(namespace: string, app: string): string {
    const pod = this.store.list(this.store.typeOf('Pod'), namespace).find((p) => p.metadata.labels?.app === app);
    return pod?.metadata.name ?? app;
  }

  private event(namespace: string, kind: string, name: string, type: string, reason: string, message: string, at: number): void {
    this.create('Event', namespace, {
      metadata: { name: `${name}.${this.random.hex(16)}` },
      involvedObject: { kind, namespace, name, apiVersion: 'v1' },
      reason,
      message,
      type,
      source: { component: reason === 'FailedScheduling' ? 'default-scheduler' : 'kubelet' },
      firstTimestamp: kubeTime(at - 600_000),
      lastTimestamp: kubeTime(at),
      count: this.random.int(2, 30),
    });
  }
}

/** The controller owner reference pointing at `o`. */
export function ownerOf(o: StoredObject): OwnerReference {
  return { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid, controller: true, blockOwnerDeletion: true };
}
