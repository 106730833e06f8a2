/**
 * Every gateway metric: names (prefixed `kubevision_`, units in the name), help texts, label names
 * and buckets. Labels are limited to bounded sets (endpoint, cluster, resource, route pattern,
 * method, status) so that no user name, token, pod, namespace or raw URL can ever become a series.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { publishKeys, publishPairs, type KeyTally, type PairTally } from './tallies.js';

/** Buckets for object counts of a watch snapshot. */
const OBJECT_BUCKETS = [0, 1, 10, 100, 1000, 10_000, 100_000];
/** Buckets for snapshot durations: a warm cache answers in milliseconds, a cold list may take seconds. */
const SNAPSHOT_SECONDS_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Buckets for REST requests. */
const REQUEST_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type ClusterResource = 'cluster' | 'resource';

/** The counts of the hot path (every send, every delivered event), published by their counters at each scrape. */
export interface HotTallies {
  /** Payload bytes by endpoint. */
  readonly sentBytes: KeyTally;
  /** Live events by cluster and resource. */
  readonly eventsDelivered: PairTally;
  readonly eventsDropped: PairTally;
}

/** The metric objects of one gateway that are recorded directly (the others read {@link HotTallies}). */
export interface MetricSet {
  readonly socketsOpen: Gauge<'endpoint'>;
  readonly slowConsumerCloses: Counter<'endpoint'>;
  readonly subscriptions: Gauge<ClusterResource>;
  readonly snapshotObjects: Histogram<ClusterResource>;
  readonly snapshotSeconds: Histogram<ClusterResource>;
  readonly relists: Counter<ClusterResource>;
  readonly gone: Counter<ClusterResource>;
  readonly terminalSessions: Gauge;
  readonly logStreams: Gauge;
  readonly requestSeconds: Histogram<'method' | 'route' | 'status'>;
  readonly loginFailures: Counter;
}

/** Creates the gateway's metrics on `registry`, the hot-path counters reading `tallies`. */
export function defineMetrics(registry: Registry, tallies: HotTallies): MetricSet {
  const registers = [registry];
  const byClusterResource: ClusterResource[] = ['cluster', 'resource'];
  const pair: readonly [ClusterResource, ClusterResource] = ['cluster', 'resource'];
  new Counter({
    name: 'kubevision_websocket_sent_bytes_total',
    help: 'Payload bytes sent to WebSocket clients, by endpoint.',
    labelNames: ['endpoint'],
    registers,
    collect() {
      publishKeys(this, 'endpoint', tallies.sentBytes);
    },
  });
  new Counter({
    name: 'kubevision_watch_events_delivered_total',
    help: 'Live watch events (ADDED, MODIFIED, DELETED) sent to watch connections.',
    labelNames: byClusterResource,
    registers,
    collect() {
      publishPairs(this, pair, tallies.eventsDelivered);
    },
  });
  new Counter({
    name: 'kubevision_watch_events_dropped_total',
    help: 'Live watch events a connection should have received but did not: it was closing or over its send buffer (4408).',
    labelNames: byClusterResource,
    registers,
    collect() {
      publishPairs(this, pair, tallies.eventsDropped);
    },
  });
  return {
    socketsOpen: new Gauge({ name: 'kubevision_websockets_open', help: 'Admitted WebSocket connections currently open, by endpoint.', labelNames: ['endpoint'], registers }),
    slowConsumerCloses: new Counter({
      name: 'kubevision_websocket_slow_consumer_closes_total',
      help: 'WebSocket connections closed with 4408 (the client fell too far behind), by endpoint.',
      labelNames: ['endpoint'],
      registers,
    }),
    subscriptions: new Gauge({ name: 'kubevision_watch_subscriptions', help: 'Active watch subscriptions (after their snapshot), by cluster and resource ("*" for all).', labelNames: byClusterResource, registers }),
    snapshotObjects: new Histogram({ name: 'kubevision_watch_snapshot_objects', help: 'Objects sent in one subscription snapshot (ADDED frames before SYNCED).', labelNames: byClusterResource, buckets: OBJECT_BUCKETS, registers }),
    snapshotSeconds: new Histogram({
      name: 'kubevision_watch_snapshot_duration_seconds',
      help: 'Time from a subscribe to its SYNCED frame, including the wait for a cold cache to list.',
      labelNames: byClusterResource,
      buckets: SNAPSHOT_SECONDS_BUCKETS,
      registers,
    }),
    relists: new Counter({ name: 'kubevision_informer_relists_total', help: 'Full lists an informer made after its first one (each downloads the whole collection again).', labelNames: byClusterResource, registers }),
    gone: new Counter({ name: 'kubevision_informer_watch_gone_total', help: 'Informer watches answered 410 Gone (their resourceVersion had expired), each followed by a relist.', labelNames: byClusterResource, registers }),
    terminalSessions: new Gauge({ name: 'kubevision_terminal_sessions_active', help: 'Terminal (pods/exec) sessions currently running.', registers }),
    logStreams: new Gauge({ name: 'kubevision_log_streams_active', help: 'Container log streams currently open towards a cluster.', registers }),
    requestSeconds: new Histogram({
      name: 'kubevision_http_request_duration_seconds',
      help: 'REST request durations by method, route pattern ("unmatched" without a route) and status code.',
      labelNames: ['method', 'route', 'status'],
      buckets: REQUEST_SECONDS_BUCKETS,
      registers,
    }),
    loginFailures: new Counter({ name: 'kubevision_login_failures_total', help: 'Sign-ins refused: a wrong user name or password, or an OIDC ID token refused or without a role (rate-limited attempts are not counted here).', registers }),
  };
}
