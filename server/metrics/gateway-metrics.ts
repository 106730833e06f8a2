/**
 * The metrics of one gateway instance: its own registry (several gateways may share a process, as
 * in tests) and small record functions, so the endpoints never touch prom-client themselves.
 */
import { Gauge, Registry } from 'prom-client';
import { defineMetrics, type HotTallies, type MetricSet } from './definitions.js';
import { processRegistry } from './process-metrics.js';
import { KeyTally, PairTally } from './tallies.js';

/** A WebSocket endpoint, the `endpoint` label. */
export type Endpoint = 'watch' | 'terminal' | 'logs';

/** What a socket's sends report. */
export interface SocketMeter {
  /** `bytes` of payload were handed to the socket. */
  sent(bytes: number): void;
  /** The socket was closed with 4408. */
  slowConsumer(): void;
}

/** What an informer reports. */
export interface InformerMeter {
  /** A full list after the first. */
  relisted(): void;
  /** A watch was answered 410 Gone. */
  gone(): void;
}

/** The informer side of {@link GatewayMetrics}, all the watch cache needs. */
export interface InformerMetrics {
  informer(cluster: string, resource: string): InformerMeter;
}

/** Ends something counted by an active gauge; calling it again does nothing. */
export type Release = () => void;

/** Where a watch event or subscription belongs. */
export interface WatchLabels {
  readonly cluster: string;
  readonly resource: string;
}

/** Content type of the Prometheus text exposition format. */
export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

/** The registry and record functions of one gateway. */
export class GatewayMetrics implements InformerMetrics {
  private readonly registry = new Registry();
  /** Started with the first gateway rather than the first scrape: the CPU counter counts from there. */
  private readonly processMetrics = processRegistry();
  private readonly tallies: HotTallies = { sentBytes: new KeyTally(), eventsDelivered: new PairTally(), eventsDropped: new PairTally() };
  private readonly m: MetricSet = defineMetrics(this.registry, this.tallies);

  /** An admitted socket opened; the release marks it closed. */
  socketOpened(endpoint: Endpoint): Release {
    return this.active(() => this.m.socketsOpen.inc({ endpoint }), () => this.m.socketsOpen.dec({ endpoint }));
  }

  /** The byte and 4408 counters of one endpoint. */
  meter(endpoint: Endpoint): SocketMeter {
    const { sentBytes } = this.tallies;
    return { sent: (n) => sentBytes.add(endpoint, n), slowConsumer: () => this.m.slowConsumerCloses.inc({ endpoint }) };
  }

  /** A watch subscription was registered (+1) or removed (-1). */
  subscriptionsChanged(labels: WatchLabels, delta: 1 | -1): void {
    this.m.subscriptions.inc({ cluster: labels.cluster, resource: labels.resource }, delta);
  }

  /** A subscription's snapshot was sent completely. */
  snapshotSent(labels: WatchLabels, objects: number, seconds: number): void {
    const values = { cluster: labels.cluster, resource: labels.resource };
    this.m.snapshotObjects.observe(values, objects);
    this.m.snapshotSeconds.observe(values, seconds);
  }

  /** A live event was sent to a connection, or dropped because it was closing or too far behind. */
  watchEvent(labels: WatchLabels, delivered: boolean): void {
    (delivered ? this.tallies.eventsDelivered : this.tallies.eventsDropped).add(labels.cluster, labels.resource);
  }

  /** The relist and 410 counters of one informer. */
  informer(cluster: string, resource: string): InformerMeter {
    const relists = this.m.relists.labels({ cluster, resource });
    const gone = this.m.gone.labels({ cluster, resource });
    return { relisted: () => relists.inc(), gone: () => gone.inc() };
  }

  /** A terminal session started; the release marks its end. */
  terminalSessionStarted(): Release {
    return this.active(() => this.m.terminalSessions.inc(), () => this.m.terminalSessions.dec());
  }

  /** A log stream towards a cluster started; the release marks its end. */
  logStreamStarted(): Release {
    return this.active(() => this.m.logStreams.inc(), () => this.m.logStreams.dec());
  }

  /** One REST request answered; `route` is the route pattern, never the URL. */
  requestAnswered(method: string, route: string, status: number, seconds: number): void {
    this.m.requestSeconds.observe({ method, route, status: String(status) }, seconds);
  }

  /** A login refused for wrong credentials (the user name is deliberately not recorded). */
  loginFailed(): void {
    this.m.loginFailures.inc();
  }

  /**
   * Reports at every scrape how many running watch caches of each cluster are not synced, the
   * number behind `/readyz` (which names them), so an alert can fire on it.
   */
  observeCaches(clusters: () => readonly string[], notSynced: (cluster: string) => number): void {
    new Gauge({
      name: 'kubevision_watch_caches_not_synced',
      help: 'Running watch caches (informers) of a cluster that are still listing or failing to list/watch; /readyz names them.',
      labelNames: ['cluster'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const cluster of clusters()) this.set({ cluster }, notSynced(cluster));
      },
    });
  }

  /** The Prometheus text of this gateway's metrics followed by the process metrics. */
  async text(): Promise<string> {
    const [own, process] = await Promise.all([this.registry.metrics(), this.processMetrics.metrics()]);
    return `${own.trimEnd()}\n\n${process}`;
  }

  private active(start: () => void, end: () => void): Release {
    start();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      end();
    };
  }
}
